import Foundation
import ResultFormat
import Synchronization

/// Counters shared by a provider's requests and the progress display.
///
/// The token count is bumped once per read that carried tokens, on the transport's loop thread,
/// so it is an atomic (one relaxed add) rather than a lock; the per-request counters keep the lock.
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
    private let tokens = Atomic<Int>(0)

    public init(planned: Int) {
        s = Snapshot(planned: planned, sent: 0, done: 0, failed: 0, tokens: 0, failuresByKind: [:])
    }

    public func didSend() { lock.withLock { s.sent += 1 } }
    public func didReceive(tokens n: Int) { tokens.wrappingAdd(n, ordering: .relaxed) }
    public func didFinish(_ record: RequestRecord) {
        lock.withLock {
            s.done += 1
            if let e = record.error {
                s.failed += 1
                s.failuresByKind[e.kind, default: 0] += 1
            }
        }
    }
    public var snapshot: Snapshot {
        var copy = lock.withLock { s }
        copy.tokens = tokens.load(ordering: .relaxed)
        return copy
    }
}
