import NIOConcurrencyHelpers

/// A queue from any thread to one waiting task, which takes everything posted so far at once.
///
/// Unlike `AsyncStream`, taking is not cancellable: the batched run's collecting task must still
/// receive the ends of the requests that Ctrl-C cancels (an `AsyncStream` iterator ends at
/// once in a cancelled task, and those records were lost). One taker at a time.
final class Mailbox<Element: Sendable>: Sendable {
    private struct State {
        var items: [Element] = []
        var taker: UnsafeContinuation<[Element], Never>?
    }

    private let state = NIOLockedValueBox(State())

    init() {}

    /// Adds `item`; wakes the taker if it is waiting.
    func post(_ item: Element) {
        let taker = state.withLockedValue { s -> UnsafeContinuation<[Element], Never>? in
            guard let taker = s.taker else {
                s.items.append(item)
                return nil
            }
            s.taker = nil
            return taker
        }
        taker?.resume(returning: [item])
    }

    /// Everything posted since the last take, in order; waits while there is nothing.
    func take() async -> [Element] {
        await withUnsafeContinuation { continuation in
            let ready = state.withLockedValue { s -> [Element]? in
                if s.items.isEmpty {
                    precondition(s.taker == nil, "one taker at a time")
                    s.taker = continuation
                    return nil
                }
                var all: [Element] = []
                swap(&all, &s.items)
                return all
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
