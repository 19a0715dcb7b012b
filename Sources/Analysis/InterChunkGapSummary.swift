import ResultFormat

extension RequestMetrics {
    /// `Summary` (ms) of the pooled inter-chunk gaps, equal to
    /// `Summary(RequestMetrics.interChunkGaps(requests))` but without sorting: the gaps are whole
    /// microseconds, so their order statistics come from counting them (`GapCounts`),
    /// or from `IntegerSelection` when they are too spread out to count.
    ///
    /// A provider's run pools hundreds of thousands of gaps; sorting them (or quickselect on
    /// doubles) was the largest cost of digesting a run for the site.
    public static func interChunkGapSummary(_ requests: [RequestRecord]) -> Summary? {
        var counted = GapCounts()
        for r in requests { counted.add(r) }
        return counted.summary(of: requests)
    }

    /// Order statistics of widely spread gaps: the gaps are gathered (in 32 bits when they fit,
    /// half the memory traffic) and `IntegerSelection` narrows the range by histogram passes.
    static func selectedOrderStatistics(_ requests: [RequestRecord], count n: Int, ranks: Set<Int>) -> [Int: Int64] {
        var lowest = Int64.max, highest = Int64.min
        for r in requests where r.error == nil && r.chunkTimes.count > 1 {
            r.chunkTimes.withUnsafeBufferPointer { t in
                for i in 1..<t.count {
                    let g = t[i] &- t[i - 1]
                    lowest = min(lowest, g)
                    highest = max(highest, g)
                }
            }
        }
        func gaps<T: FixedWidthInteger>(_: T.Type) -> [T] {
            [T](unsafeUninitializedCapacity: n) { buffer, count in
                count = 0
                for r in requests where r.error == nil && r.chunkTimes.count > 1 {
                    r.chunkTimes.withUnsafeBufferPointer { t in
                        for i in 1..<t.count {
                            buffer[count] = T(truncatingIfNeeded: t[i] &- t[i - 1])
                            count += 1
                        }
                    }
                }
            }
        }
        let fits32 = lowest >= Int64(Int32.min) && highest <= Int64(Int32.max)
        return fits32
            ? IntegerSelection.orderStatistics(gaps(Int32.self), ranks: ranks, bounds: (lowest, highest))
            : IntegerSelection.orderStatistics(gaps(Int64.self), ranks: ranks, bounds: (lowest, highest))
    }
}

/// The pooled inter-chunk gaps of successful requests in one pass: how many, their exact sum, and
/// a counter per microsecond value in a window of `width` values (131 ms; a 512 KiB table), with
/// the gaps outside the window kept aside. Gaps crowd into a few tens of milliseconds, so the
/// window (starting a little below the first request's smallest gap) holds nearly all of them
/// and the order statistics come from one walk of the counters, without materialising the gaps.
///
/// Requests are added one at a time, so a caller already walking each request's chunk times
/// (`ProviderRunSummary`, for peak TPS) counts its gaps while they are in cache.
struct GapCounts {
    static let width = 1 << 17
    private(set) var count = 0
    private(set) var sum = 0
    private var origin: Int64 = 0
    private var counts: [UInt32] = []
    private var aside: [Int64] = []
    /// More than 1/16 of the gaps fell outside the window (counting then stops; `count` and `sum`
    /// stay exact).
    private var tooSpread = false

    /// Adds the gaps of `r` if it succeeded and has at least two chunks.
    mutating func add(_ r: RequestRecord) {
        guard r.error == nil, r.chunkTimes.count > 1 else { return }
        r.chunkTimes.withUnsafeBufferPointer { add(times: $0) }
    }

    private mutating func add(times t: UnsafeBufferPointer<Int64>) {
        if counts.isEmpty {
            // The window starts a little below this first request's smallest gap.
            var smallest = Int64.max
            for i in 1..<t.count { smallest = min(smallest, t[i] &- t[i - 1]) }
            let (below, overflow) = smallest.subtractingReportingOverflow(Int64(Self.width / 16))
            origin = overflow ? smallest : below
            counts = [UInt32](repeating: 0, count: Self.width)
        }
        let origin = self.origin, width = UInt64(Self.width), spread = tooSpread
        var sum = self.sum
        counts.withUnsafeMutableBufferPointer { c in
            var previous = t[0]
            for i in 1..<t.count {
                let g = t[i] &- previous
                previous = t[i]
                sum &+= Int(g)
                // Below the origin the offset wraps to a huge unsigned value: aside too.
                let offset = UInt64(bitPattern: g &- origin)
                if offset < width {
                    c[Int(offset)] &+= 1
                } else if !spread {
                    aside.append(g)
                }
            }
        }
        self.sum = sum
        count += t.count - 1
        if !tooSpread, aside.count > 1_024, aside.count > count / 16 {
            tooSpread = true
            aside = []
        }
    }

    /// The `Summary` (ms) of the gaps of `requests`, which must be the requests added.
    func summary(of requests: [RequestRecord]) -> Summary? {
        let n = count
        guard n > 0 else { return nil }
        let percentiles: [Double] = [50, 5, 25, 75, 95, 99]
        var wanted: Set<Int> = [0, n - 1]
        for p in percentiles {
            let r = Int((Double(n - 1) * p / 100).rounded(.down))
            wanted.insert(r)
            wanted.insert(min(r + 1, n - 1))
        }
        let order = orderStatistics(ranks: wanted.sorted())
            ?? RequestMetrics.selectedOrderStatistics(requests, count: n, ranks: wanted)
        func ms(_ rank: Int) -> Double { Double(order[rank]!) / 1_000 }
        // Type 7, exactly as `Percentile.ofSorted` computes it from the sorted doubles.
        func percentile(_ p: Double) -> Double {
            let h = Double(n - 1) * p / 100
            let lo = Int(h.rounded(.down))
            let frac = h - Double(lo)
            let a = ms(lo), b = ms(min(lo + 1, n - 1))
            return frac == 0 ? a : a + (b - a) * frac
        }
        // The integer sum makes the mean at least as accurate as `Summary`'s compensated sum of
        // doubles (they may differ in the last bit).
        return Summary(
            count: n, mean: Double(sum) / Double(n) / 1_000, min: ms(0), max: ms(n - 1), median: percentile(50),
            p5: percentile(5), p25: percentile(25), p75: percentile(75), p95: percentile(95), p99: percentile(99))
    }

    /// The values at the given 0-based ranks (ascending, each below `count`); nil when the gaps
    /// were too spread out to count.
    func orderStatistics(ranks: [Int]) -> [Int: Int64]? {
        if tooSpread { return nil }
        let sortedAside = aside.sorted()
        let belowWindow = sortedAside.partitioningIndex { $0 >= origin }
        var out: [Int: Int64] = [:]
        var k = 0
        while k < ranks.count, ranks[k] < belowWindow {
            out[ranks[k]] = sortedAside[ranks[k]]
            k += 1
        }
        var below = belowWindow
        for v in 0..<counts.count where counts[v] > 0 {
            if k == ranks.count { break }
            let through = below + Int(counts[v])
            while k < ranks.count, ranks[k] < through {
                out[ranks[k]] = origin + Int64(v)
                k += 1
            }
            below = through
        }
        while k < ranks.count {
            out[ranks[k]] = sortedAside[ranks[k] - below + belowWindow]
            k += 1
        }
        return out
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, for an array partitioned so that
    /// the elements that do not come first (binary search).
    fileprivate func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if predicate(self[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
