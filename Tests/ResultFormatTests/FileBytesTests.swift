import Foundation
import Testing
@testable import ResultFormat

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
