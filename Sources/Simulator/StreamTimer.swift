import NIOConcurrencyHelpers
import NIOCore

/// Timed waits on NIO event-loop timers that can all be interrupted at once (on shutdown).
///
/// A stream waits for each chunk's due time here. NIO timers are precise (epoll timeouts) and
/// cheap: one scheduled task and one dictionary entry per wait, no extra Swift task.
final class StreamTimer: Sendable {
    private struct State {
        var stopped = false
        var nextID: UInt64 = 0
        var sleepers: [UInt64: CheckedContinuation<Void, any Error>] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// Returns at `deadline`; throws `CancellationError` if `stopAll()` is (or was) called first.
    func sleep(until deadline: NIODeadline, on loop: any EventLoop) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let id = state.withLockedValue { s -> UInt64? in
                if s.stopped { return nil }
                s.nextID &+= 1
                s.sleepers[s.nextID] = continuation
                return s.nextID
            }
            guard let id else {
                continuation.resume(throwing: CancellationError())
                return
            }
            loop.scheduleTask(deadline: deadline) { self.wake(id) }
        }
    }

    private func wake(_ id: UInt64) {
        state.withLockedValue { $0.sleepers.removeValue(forKey: id) }?.resume()
    }

    /// Interrupts every wait, now and later.
    func stopAll() {
        let sleepers = state.withLockedValue { s -> [CheckedContinuation<Void, any Error>] in
            s.stopped = true
            defer { s.sleepers = [:] }
            return Array(s.sleepers.values)
        }
        for sleeper in sleepers { sleeper.resume(throwing: CancellationError()) }
    }
}
