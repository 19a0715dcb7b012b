import Foundation

/// Whole-file reads straight into a byte array.
///
/// `FileManager.contents(atPath:)` returns `Data`, which then had to be copied into `[UInt8]`:
/// one extra copy of every result file read (3 GB for a year of runs) and twice the fresh pages.
public enum FileBytes {
    /// Why a file could not be read.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// `open` or `read` failed (missing file, no permission, I/O error): the system's reason.
        case system(String)
        /// A folder, a FIFO, a device or a socket: only regular files are read (opening a FIFO
        /// would wait for a writer forever).
        case notARegularFile
        /// Larger than the caller's limit.
        case tooLarge(limit: Int)

        public var description: String {
            switch self {
            case .system(let why): return why
            case .notARegularFile: return "not a regular file"
            case .tooLarge(let limit): return "larger than the limit of \(limit >> 20) MiB"
            }
        }
    }

    /// The file's bytes, or nil if it cannot be opened or read (a missing file, a folder, no
    /// permission). A file that changes size while being read is read to its end.
    public static func read(_ path: String) -> [UInt8]? {
        try? read(path, limit: Int.max)
    }

    /// The file's bytes; fails, without reading them, for anything but a regular file and for a
    /// file over `limit` bytes (also when it grows past `limit` while being read).
    public static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        // Non-blocking, so that a FIFO's `open` returns at once instead of waiting for a writer.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw .system(String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .system(String(cString: strerror(errno))) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw .notARegularFile }
        guard Int(st.st_size) <= limit else { throw .tooLarge(limit: limit) }
        let capacity = max(Int(st.st_size), 1)
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = readFully(fd, into: UnsafeMutableRawBufferPointer(buffer), failed: &failed)
        }
        if failed { throw .system(String(cString: strerror(errno))) }
        if bytes.count < capacity { return bytes }  // the end of the file came first
        // The buffer is full: read on in case the file grew since `fstat`.
        var more = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = more.withUnsafeMutableBytes { readFully(fd, into: $0, failed: &failed) }
            if failed { throw .system(String(cString: strerror(errno))) }
            if n == 0 { return bytes }
            guard bytes.count + n <= limit else { throw .tooLarge(limit: limit) }
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
