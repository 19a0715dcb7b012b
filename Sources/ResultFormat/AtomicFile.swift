import Foundation

/// Write-then-rename, so readers never see a partial file.
///
/// Plain POSIX calls rather than `Data.write(to:)`: on Linux that flushes every file to disk
/// (`fsync`), which made site generation wait on the disk for each of thousands of pages and
/// cache entries although a lost page is simply rendered again. Only a file that cannot be
/// recreated (a bench result) asks for `durable`.
public enum AtomicFile {
    /// Why a write failed, with the path and the system's reason.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var operation: String
        public var errno: Int32
        public var description: String { "\(path): \(operation) failed: \(String(cString: strerror(errno)))" }

        public init(path: String, operation: String, errno: Int32) {
            self.path = path
            self.operation = operation
            self.errno = errno
        }
    }

    /// `write(_:to:)` unless `path` already holds exactly `bytes`; true when it wrote. Keeps the
    /// file's time stamp when nothing changed, and lets a caller report only real changes.
    @discardableResult
    public static func writeIfChanged(_ bytes: [UInt8], to path: String) throws(WriteError) -> Bool {
        if let existing = FileBytes.read(path), existing == bytes { return false }
        try write(bytes, to: path)
        return true
    }

    /// Writes `bytes` to a temporary file beside `path` and renames it over `path`. With
    /// `durable`, the file is flushed to disk before the rename and the folder after it, so a
    /// power loss leaves either the old file or the whole new one.
    public static func write(_ bytes: [UInt8], to path: String, durable: Bool = false) throws(WriteError) {
        let tmp = path + ".tmp-\(getpid())"
        // A fresh file, never through a link planted at the temporary name.
        unlink(tmp)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(path: tmp, operation: "open", errno: errno) }
        var failure: WriteError?
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = WriteError(path: tmp, operation: "write", errno: errno)
                    return
                }
                offset += n
            }
        }
        if failure == nil, durable, fsync(fd) != 0 { failure = WriteError(path: tmp, operation: "fsync", errno: errno) }
        if close(fd) != 0, failure == nil { failure = WriteError(path: tmp, operation: "close", errno: errno) }
        if let failure {
            unlink(tmp)
            throw failure
        }
        guard rename(tmp, path) == 0 else {
            let err = errno
            unlink(tmp)
            throw WriteError(path: path, operation: "rename", errno: err)
        }
        if durable {
            let folder = (path as NSString).deletingLastPathComponent
            let dfd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if dfd >= 0 {
                _ = fsync(dfd)
                close(dfd)
            }
        }
    }
}
