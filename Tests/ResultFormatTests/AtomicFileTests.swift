import Foundation
import Testing
@testable import ResultFormat

@Suite struct AtomicFileTests {
    private func scratchFolder() throws -> String {
        let dir = NSTemporaryDirectory() + "atomic-file-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(arguments: [false, true]) func writesAndReplacesLeavingNoTemporaryFile(durable: Bool) throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/page.html"
        try AtomicFile.write(Array("first".utf8), to: path, durable: durable)
        try AtomicFile.write(Array("second, longer".utf8), to: path, durable: durable)
        #expect(FileManager.default.contents(atPath: path) == Data("second, longer".utf8))
        try AtomicFile.write([], to: path, durable: durable)
        #expect(FileManager.default.contents(atPath: path) == Data())
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["page.html"])
    }

    @Test func aMissingFolderIsReportedWithThePathAndReason() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/no-such-folder/page.html"
        #expect {
            try AtomicFile.write(Array("x".utf8), to: path)
        } throws: { error in
            let text = "\(error)"
            return text.contains(dir + "/no-such-folder/page.html") && text.contains("open failed")
                && text.contains("No such file or directory")
        }
    }

    @Test func aLargeFileIsWrittenWhole() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bytes = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try AtomicFile.write(bytes, to: dir + "/big", durable: true)
        #expect(FileManager.default.contents(atPath: dir + "/big") == Data(bytes))
    }
}

@Suite struct FileBytesTests {
    @Test func readsWhatWasWrittenAndNothingForFoldersOrMissingFiles() throws {
        let dir = NSTemporaryDirectory() + "file-bytes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for size in [0, 1, 65_535, 65_536, 1_000_003] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ size) }
            try AtomicFile.write(bytes, to: dir + "/f")
            #expect(FileBytes.read(dir + "/f") == bytes, "size \(size)")
        }
        #expect(FileBytes.read(dir) == nil)
        #expect(FileBytes.read(dir + "/missing") == nil)
    }
}
