import NIOConcurrencyHelpers
/// A FIFO counting semaphore: at most `capacity` holders; later arrivals wait in arrival order.
/// A released slot passes straight to the oldest waiter, so nobody overtakes the queue.
final class CapacityGate: Sendable {
    private struct Waiter {
        let id: UInt64
        var continuation: CheckedContinuation<Void, any Error>?  // nil once cancelled
    }

    private struct State {
        var free: Int
        var queue: [Waiter] = []
        var head = 0
        var nextID: UInt64 = 0
        var stopped = false

        mutating func popOldest() -> CheckedContinuation<Void, any Error>? {
            while head < queue.count {
                let waiter = queue[head]
                head += 1
                if let continuation = waiter.continuation {
                    compactIfWorthIt()
                    return continuation
                }
            }
            queue.removeAll(keepingCapacity: true)
            head = 0
            return nil
        }

        mutating func compactIfWorthIt() {
            if head >= 1024 && head * 2 >= queue.count {
                queue.removeFirst(head)
                head = 0
            }
        }
    }

    private let state: NIOLockedValueBox<State>

    init(capacity: Int) {
        state = NIOLockedValueBox(State(free: capacity))
    }

    /// Number of requests currently waiting.
    var waiting: Int {
        state.withLockedValue { s in s.queue[s.head...].reduce(0) { $0 + ($1.continuation == nil ? 0 : 1) } }
    }

    /// Waits for a slot. Throws `CancellationError` if the task is cancelled while queued.
    func acquire() async throws {
        let id = state.withLockedValue { s -> UInt64 in
            s.nextID += 1
            return s.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Decision { case granted, cancelled, queued }
                let decision = state.withLockedValue { s -> Decision in
                    // The cancellation flag is set before the handler runs, so checking it under
                    // the lock closes the race with a handler that found nothing to cancel.
                    if Task.isCancelled || s.stopped { return .cancelled }
                    if s.free > 0 {
                        s.free -= 1
                        return .granted
                    }
                    s.queue.append(Waiter(id: id, continuation: continuation))
                    return .queued
                }
                switch decision {
                case .granted: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .queued: break
                }
            }
        } onCancel: {
            let continuation = state.withLockedValue { s -> CheckedContinuation<Void, any Error>? in
                guard let index = s.queue[s.head...].firstIndex(where: { $0.id == id }) else { return nil }
                let continuation = s.queue[index].continuation
                s.queue[index].continuation = nil
                return continuation
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Fails every waiting and future `acquire()` with `CancellationError` (on shutdown).
    func stopAll() {
        let waiters = state.withLockedValue { s -> [CheckedContinuation<Void, any Error>] in
            s.stopped = true
            defer {
                s.queue.removeAll()
                s.head = 0
            }
            return s.queue[s.head...].compactMap(\.continuation)
        }
        for waiter in waiters { waiter.resume(throwing: CancellationError()) }
    }

    /// Returns a slot: hands it to the oldest waiter, or frees it.
    func release() {
        let next = state.withLockedValue { s -> CheckedContinuation<Void, any Error>? in
            if let continuation = s.popOldest() { return continuation }
            s.free += 1
            return nil
        }
        next?.resume()
    }
}
