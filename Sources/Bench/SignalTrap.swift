import Foundation

/// Turns the first SIGINT/SIGTERM into a cooperative stop (finish writing what is finished, mark
/// it partial); a second signal exits at once (the journal already holds every finished request).
public final class SignalTrap: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var fired = false
    private let queue = DispatchQueue(label: "bench.signals")

    /// `onStop` runs once, on a private queue, with the signal number.
    public init(_ onStop: @escaping @Sendable (Int32) -> Void) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [weak self] in
                guard let self else { return }
                let first = self.lock.withLock { () -> Bool in
                    defer { self.fired = true }
                    return !self.fired
                }
                if first {
                    onStop(sig)
                } else {
                    FileHandle.standardError.write(Data("\nsecond signal: exiting now; run `bench recover` to finalise journals\n".utf8))
                    _exit(130)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Restores default handling.
    public func cancel() {
        for s in sources { s.cancel() }
        sources.removeAll()
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
