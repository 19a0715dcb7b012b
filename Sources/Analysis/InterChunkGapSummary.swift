import ResultFormat

extension RequestMetrics {
    /// `Summary` (ms) of the pooled inter-chunk gaps, equal to
    /// `Summary(RequestMetrics.interChunkGaps(requests))` but without sorting: the gaps are whole
    /// microseconds, so their order statistics come from counting them (`countedOrderStatistics`),
    /// or from `IntegerSelection` when they are too spread out to count.
    ///
    /// A provider's run pools hundreds of thousands of gaps; sorting them (or quickselect on
    /// doubles) was the largest cost of digesting a run for the site.
    public static func interChunkGapSummary(_ requests: [RequestRecord]) -> Summary? {
        // First pass: count, bounds and exact integer sum (so the mean is at least as accurate as
        // `Summary`'s compensated sum of doubles; they may differ in the last bit).
        var n = 0, sum = 0
        var lowest = Int64.max, highest = Int64.min
        for r in requests where r.error == nil && r.chunkTimes.count > 1 {
            r.chunkTimes.withUnsafeBufferPointer { t in
                for i in 1..<t.count {
                    let g = t[i] &- t[i - 1]
                    if g < lowest { lowest = g }
                    if g > highest { highest = g }
                    sum &+= Int(g)
                }
                n += t.count - 1
            }
        }
        guard n > 0 else { return nil }
        let percentiles: [Double] = [50, 5, 25, 75, 95, 99]
        var wanted: Set<Int> = [0, n - 1]
        for p in percentiles {
            let r = Int((Double(n - 1) * p / 100).rounded(.down))
            wanted.insert(r)
            wanted.insert(min(r + 1, n - 1))
        }
        let ranks = wanted.sorted()
        let order = countedOrderStatistics(requests, count: n, lowest: lowest, ranks: ranks)
            ?? selectedOrderStatistics(requests, count: n, lowest: lowest, highest: highest, ranks: wanted)
        func ms(_ rank: Int) -> Double { Double(order[rank]!) / 1_000 }
        // Type 7, exactly as `Percentile.ofSorted` computes it from the sorted doubles.
        func percentile(_ p: Double) -> Double {
            let h = Double(n - 1) * p / 100
            let lo = Int(h.rounded(.down))
            let frac = h - Double(lo)
            let a = ms(lo), b = ms(min(lo + 1, n - 1))
            return frac == 0 ? a : a + (b - a) * frac
        }
        return Summary(
            count: n, mean: Double(sum) / Double(n) / 1_000, min: ms(0), max: ms(n - 1), median: percentile(50),
            p5: percentile(5), p25: percentile(25), p75: percentile(75), p95: percentile(95), p99: percentile(99))
    }

    /// Gaps at or above `lowest + countingWidth` are kept aside (and sorted); the rest are counted.
    static let countingWidth = 1 << 16

    /// Order statistics by counting: one pass adds each gap to a counter per microsecond value
    /// above the smallest gap (a 256 KiB table), keeping the rare longer gaps aside, then one walk
    /// of the counters finds every rank. Inter-chunk gaps crowd into a few tens of milliseconds,
    /// so this avoids materialising the gaps at all. `nil` when more than 1/16 of the gaps lie
    /// beyond the table (a wide spread): `selectedOrderStatistics` handles those.
    static func countedOrderStatistics(_ requests: [RequestRecord], count n: Int, lowest: Int64, ranks: [Int]) -> [Int: Int64]? {
        let width = countingWidth
        let limit = n / 16
        var counts = [UInt32](repeating: 0, count: width)
        var aside: [Int64] = []
        var spread = false
        counts.withUnsafeMutableBufferPointer { c in
            for r in requests where r.error == nil && r.chunkTimes.count > 1 {
                r.chunkTimes.withUnsafeBufferPointer { t in
                    var previous = t[0]
                    for i in 1..<t.count {
                        let g = t[i] &- previous
                        previous = t[i]
                        // Every gap is >= lowest; as unsigned, the offset cannot wrap.
                        let offset = UInt64(bitPattern: g &- lowest)
                        if offset < UInt64(width) {
                            c[Int(offset)] &+= 1
                        } else {
                            aside.append(g)
                        }
                    }
                }
                if aside.count > limit {
                    spread = true
                    break
                }
            }
        }
        if spread { return nil }
        aside.sort()
        var out: [Int: Int64] = [:]
        var k = 0, below = 0
        for v in 0..<width where counts[v] > 0 {
            let through = below + Int(counts[v])
            while k < ranks.count, ranks[k] < through {
                out[ranks[k]] = lowest + Int64(v)
                k += 1
            }
            below = through
            if k == ranks.count { break }
        }
        while k < ranks.count {
            out[ranks[k]] = aside[ranks[k] - below]
            k += 1
        }
        return out
    }

    /// Order statistics of widely spread gaps: the gaps are gathered (in 32 bits when they fit,
    /// half the memory traffic) and `IntegerSelection` narrows the range by histogram passes.
    static func selectedOrderStatistics(
        _ requests: [RequestRecord], count n: Int, lowest: Int64, highest: Int64, ranks: Set<Int>
    ) -> [Int: Int64] {
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
