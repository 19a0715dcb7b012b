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

    @Test func writeIfChangedWritesOnlyNewBytes() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/chart.png"
        #expect(try AtomicFile.writeIfChanged(Array("one".utf8), to: path))
        let inode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int)
        #expect(try !AtomicFile.writeIfChanged(Array("one".utf8), to: path))
        // Not replaced: the same file (a rename would have given it a new inode).
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int == inode)
        #expect(try AtomicFile.writeIfChanged(Array("two".utf8), to: path))
        #expect(FileManager.default.contents(atPath: path) == Data("two".utf8))
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
