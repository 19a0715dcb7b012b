#if os(Linux)
/// A binary min-heap of exchanges by the time the loop must next look at them.
///
/// Entries are never removed early: a finished exchange's entry is skipped when it comes up, and
/// an exchange whose stall reference moved on is pushed again for its new due time (so a read
/// costs no heap work). `compact` drops finished entries when they pile up.
struct DeadlineHeap {
    struct Entry {
        var due: Int64
        var exchange: EpollExchange
    }

    private(set) var entries: [Entry] = []

    var count: Int { entries.count }
    var nextDue: Int64? { entries.first?.due }

    mutating func push(_ due: Int64, _ exchange: EpollExchange) {
        entries.append(Entry(due: due, exchange: exchange))
        var i = entries.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard entries[i].due < entries[parent].due else { break }
            entries.swapAt(i, parent)
            i = parent
        }
    }

    /// Removes and returns the earliest entry if it is due at `now`.
    mutating func popDue(now: Int64) -> Entry? {
        guard let first = entries.first, first.due <= now else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            siftDown(0)
        }
        return first
    }

    /// Drops the entries of finished exchanges and rebuilds the heap.
    mutating func compact() {
        entries.removeAll { $0.exchange.isFinished }
        var i = entries.count / 2
        while i > 0 {
            i -= 1
            siftDown(i)
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = entries.count
        while true {
            let l = 2 * i + 1
            guard l < n else { return }
            var m = l
            if l + 1 < n, entries[l + 1].due < entries[l].due { m = l + 1 }
            guard entries[m].due < entries[i].due else { return }
            entries.swapAt(i, m)
            i = m
        }
    }
}
#endif
