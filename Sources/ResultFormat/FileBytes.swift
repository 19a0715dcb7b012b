import Foundation

/// Whole-file reads straight into a byte array.
///
/// `FileManager.contents(atPath:)` returns `Data`, which then had to be copied into `[UInt8]`:
/// one extra copy of every result file read (3 GB for a year of runs) and twice the fresh pages.
public enum FileBytes {
    /// The file's bytes, or nil if it cannot be opened or read (a missing file, a folder, no
    /// permission). A file that changes size while being read is read to its end.
    public static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let capacity = max(Int(st.st_size), 1)
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = readFully(fd, into: UnsafeMutableRawBufferPointer(buffer), failed: &failed)
        }
        if failed { return nil }
        if bytes.count < capacity { return bytes }  // the end of the file came first
        // The buffer is full: read on in case the file grew since `fstat`.
        var more = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = more.withUnsafeMutableBytes { readFully(fd, into: $0, failed: &failed) }
            if failed { return nil }
            if n == 0 { return bytes }
            bytes += more[..<n]
        }
    }

    /// Reads until `buffer` is full or the file ends; the number of bytes read.
    private static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, failed: inout Bool) -> Int {
        var count = 0
        while count < buffer.count {
            let n = Foundation.read(fd, buffer.baseAddress! + count, buffer.count - count)
            if n < 0 {
                if errno == EINTR { continue }
                failed = true
                return count
            }
            if n == 0 { break }
            count += n
        }
        return count
    }
}
