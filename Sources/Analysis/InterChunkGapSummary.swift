import ResultFormat

extension RequestMetrics {
    /// `Summary` (ms) of the pooled inter-chunk gaps, equal to
    /// `Summary(RequestMetrics.interChunkGaps(requests))` but without sorting: the gaps are whole
    /// microseconds, so their order statistics come from `IntegerSelection`.
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
        // Second pass: the gaps themselves, in 32 bits when they fit (half the memory traffic of
        // the selection's passes).
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
        let percentiles: [Double] = [50, 5, 25, 75, 95, 99]
        var ranks: Set<Int> = [0, n - 1]
        for p in percentiles {
            let r = Int((Double(n - 1) * p / 100).rounded(.down))
            ranks.insert(r)
            ranks.insert(min(r + 1, n - 1))
        }
        let fits32 = lowest >= Int64(Int32.min) && highest <= Int64(Int32.max)
        let order = fits32
            ? IntegerSelection.orderStatistics(gaps(Int32.self), ranks: ranks, bounds: (lowest, highest))
            : IntegerSelection.orderStatistics(gaps(Int64.self), ranks: ranks, bounds: (lowest, highest))
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
}
