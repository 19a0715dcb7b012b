import Foundation

/// Where the bench talks to its user: progress and notes on stderr, the summary on stdout.
/// On a terminal the progress is one line rewritten in place; otherwise plain periodic lines.
public final class Console: @unchecked Sendable {
    public let isTerminal: Bool
    private let lock = NSLock()
    private var statusShown = false
    private let quiet: Bool

    public init(isTerminal: Bool = isatty(STDERR_FILENO) == 1, quiet: Bool = false) {
        self.isTerminal = isTerminal
        self.quiet = quiet
    }

    /// A line of information (stderr).
    public func note(_ text: String) {
        guard !quiet else { return }
        lock.withLock {
            clearStatus()
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    /// An error or a warning (stderr): printed even with `--quiet`, which silences progress
    /// and information only.
    public func problem(_ text: String) {
        lock.withLock {
            clearStatus()
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    /// The live progress line: rewritten in place on a terminal, printed as a line otherwise.
    public func status(_ text: String) {
        guard !quiet else { return }
        lock.withLock {
            if isTerminal {
                FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
                statusShown = true
            } else {
                FileHandle.standardError.write(Data((text + "\n").utf8))
            }
        }
    }

    /// Text for stdout (the summary table).
    public func output(_ text: String) {
        lock.withLock {
            clearStatus()
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        }
    }

    private func clearStatus() {
        if statusShown {
            FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
            statusShown = false
        }
    }
}
