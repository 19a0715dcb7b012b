import NIOConcurrencyHelpers
import Foundation

/// Keeps every `ServedRequestLog` in memory and, when asked, appends it as one JSON line to a file.
final class ServedRequestRecorder: Sendable {
    private struct State {
        var entries: [ServedRequestLog] = []
        var fileDescriptor: Int32?
    }

    private let state: NIOLockedValueBox<State>
    private let generatedIDs = NIOLockedValueBox<UInt64>(0)
    private let writesFile: Bool

    /// Opens (and truncates) `logPath` when given.
    init(logPath: String?) throws {
        var fd: Int32?
        if let logPath {
            let opened = open(logPath, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o644)
            guard opened >= 0 else { throw SimulatorError.logFileUnavailable(path: logPath, errno: errno) }
            fd = opened
        }
        state = NIOLockedValueBox(State(fileDescriptor: fd))
        writesFile = fd != nil
    }

    /// A fresh id for a request that brought none: "sim-1", "sim-2", ... in arrival order.
    func generateRequestID() -> String {
        let n = generatedIDs.withLockedValue { n -> UInt64 in
            n += 1
            return n
        }
        return "sim-\(n)"
    }

    func record(_ entry: ServedRequestLog) {
        let line = writesFile ? Self.line(entry) : nil  // encoded outside the lock
        state.withLockedValue { s in
            s.entries.append(entry)
            if let fd = s.fileDescriptor, let line {
                line.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                        if written < 0 && errno == EINTR { continue }
                        if written <= 0 { break }  // disk full or similar: the in-memory log still has it
                        offset += written
                    }
                }
            }
        }
    }

    /// One JSON line, keys sorted.
    private static func line(_ entry: ServedRequestLog) -> Data? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard var line = try? encoder.encode(entry) else { return nil }
        line.append(0x0a)
        return line
    }

    var entries: [ServedRequestLog] { state.withLockedValue { $0.entries } }

    func close() {
        state.withLockedValue { s in
            if let fd = s.fileDescriptor {
                _ = Foundation.close(fd)
                s.fileDescriptor = nil
            }
        }
    }
}
