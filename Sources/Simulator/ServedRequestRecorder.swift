import Foundation

/// Keeps every `ServedRequestLog` in memory and, when asked, appends it as one JSON line to a file.
final class ServedRequestRecorder: Sendable {
    private struct State {
        var entries: [ServedRequestLog] = []
        var fileDescriptor: Int32?
    }

    private let state: Locked<State>
    private let generatedIDs = Locked<UInt64>(0)

    /// Opens (and truncates) `logPath` when given.
    init(logPath: String?) throws {
        var fd: Int32?
        if let logPath {
            let opened = open(logPath, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o644)
            guard opened >= 0 else { throw SimulatorError.logFileUnavailable(path: logPath, errno: errno) }
            fd = opened
        }
        state = Locked(State(fileDescriptor: fd))
    }

    /// A fresh id for a request that brought none: "sim-1", "sim-2", ... in arrival order.
    func generateRequestID() -> String {
        let n = generatedIDs.withLock { n -> UInt64 in
            n += 1
            return n
        }
        return "sim-\(n)"
    }

    func record(_ entry: ServedRequestLog) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var line = try? encoder.encode(entry)
        line?.append(0x0a)
        state.withLock { s in
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

    var entries: [ServedRequestLog] { state.withLock { $0.entries } }

    func close() {
        state.withLock { s in
            if let fd = s.fileDescriptor {
                _ = Foundation.close(fd)
                s.fileDescriptor = nil
            }
        }
    }
}
