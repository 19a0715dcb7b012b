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
        /// What failed, without the path.
        public var reason: String { "\(operation) failed: \(String(cString: strerror(errno)))" }
        public var description: String { "\(path): \(reason)" }

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
        let file = try Writer(path: path)
        try file.append(bytes)
        try file.commit(durable: durable)
    }

    /// A file written in pieces beside `path` and renamed over it by `commit()`; `discard()`, or
    /// dropping the writer uncommitted, removes the temporary file, so `path` only ever holds a
    /// whole file (the CSV export streams its rows through one).
    public final class Writer {
        public let path: String
        /// The temporary file beside `path`.
        public let temporaryPath: String
        private var fd: Int32

        public init(path: String) throws(WriteError) {
            self.path = path
            temporaryPath = path + ".tmp-\(getpid())"
            // A fresh file, never through a link planted at the temporary name.
            unlink(temporaryPath)
            fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw WriteError(path: temporaryPath, operation: "open", errno: errno) }
        }

        /// Appends `bytes` (all of them, across short writes and interruptions).
        public func append(_ bytes: [UInt8]) throws(WriteError) {
            guard fd >= 0 else { throw WriteError(path: temporaryPath, operation: "write", errno: EBADF) }
            var failure: Int32?
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    offset += n
                }
            }
            if let failure {
                discard()
                throw WriteError(path: temporaryPath, operation: "write", errno: failure)
            }
        }

        /// Closes the file and renames it over `path` (flushing it and its folder with `durable`).
        public func commit(durable: Bool = false) throws(WriteError) {
            guard fd >= 0 else { throw WriteError(path: temporaryPath, operation: "close", errno: EBADF) }
            var failure: WriteError?
            if durable, fsync(fd) != 0 { failure = WriteError(path: temporaryPath, operation: "fsync", errno: errno) }
            if close(fd) != 0, failure == nil { failure = WriteError(path: temporaryPath, operation: "close", errno: errno) }
            fd = -1
            if let failure {
                unlink(temporaryPath)
                throw failure
            }
            guard rename(temporaryPath, path) == 0 else {
                let err = errno
                unlink(temporaryPath)
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

        /// Closes and removes the temporary file; `path` is left as it was.
        public func discard() {
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
            unlink(temporaryPath)
        }

        deinit { discard() }
    }
}
