import Foundation
import ResultFormat

/// Counters shared by a provider's requests and the progress display.
public final class LiveCounters: @unchecked Sendable {
    public struct Snapshot: Sendable {
        public var planned: Int
        public var sent: Int
        public var done: Int
        public var failed: Int
        public var tokens: Int
        public var inFlight: Int { sent - done }
        public var failuresByKind: [ErrorKind: Int]
    }

    private let lock = NSLock()
    private var s: Snapshot

    public init(planned: Int) {
        s = Snapshot(planned: planned, sent: 0, done: 0, failed: 0, tokens: 0, failuresByKind: [:])
    }

    public func didSend() { lock.withLock { s.sent += 1 } }
    public func didReceive(tokens: Int) { lock.withLock { s.tokens += tokens } }
    public func didFinish(_ record: RequestRecord) {
        lock.withLock {
            s.done += 1
            if let e = record.error {
                s.failed += 1
                s.failuresByKind[e.kind, default: 0] += 1
            }
        }
    }
    public var snapshot: Snapshot { lock.withLock { s } }
}
