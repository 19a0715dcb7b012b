import Randomness

/// Seeded percentile-bootstrap intervals for medians, their differences and relative changes.
///
/// A bootstrap replicate of the median is the median of `n` values drawn with replacement from the
/// sample. Only its rank matters, so instead of materialising each resample this draws the order
/// statistics directly: the k-th smallest of `n` uniform indices is `floor(n * U(k))` with
/// `U(k) ~ Beta(k, n - k + 1)`, and the next one above it follows from a `Beta(1, n - k)` step.
/// The replicates have exactly the distribution of the classic resampling bootstrap, at O(1) cost
/// each instead of O(n), which keeps B = 2000 cheap for every provider, metric and run.
/// The interval is the type-7 (2.5%, 97.5%) percentile pair of the replicates (for level 0.95).
public struct MedianBootstrap: Sendable, Equatable {
    /// Number of bootstrap replicates.
    public var resamples: Int
    /// Coverage of the interval, e.g. 0.95.
    public var level: Double

    public init(resamples: Int = 2000, level: Double = 0.95) {
        precondition(resamples >= 2, "need at least two resamples")
        precondition(level > 0 && level < 1, "level must be in (0, 1)")
        self.resamples = resamples
        self.level = level
    }

    /// Interval for the median of `values`; `nil` for an empty sample.
    public func medianInterval(_ values: [Double], seed: UInt64) -> ConfidenceInterval? {
        guard !values.isEmpty else { return nil }
        var rng = SeededGenerator(seed: seed)
        let sorted = values.sortedAscending()
        var reps = [Double](repeating: 0, count: resamples)
        sorted.withUnsafeBufferPointer { s in
            for i in 0..<resamples { reps[i] = Self.replicateMedian(s, &rng) }
        }
        return interval(of: &reps)
    }

    /// Interval for `median(a) - median(b)` from independent resamples of each; `nil` if either is empty.
    public func differenceInterval(_ a: [Double], minus b: [Double], seed: UInt64) -> ConfidenceInterval? {
        differenceInterval(sortedA: a.sortedAscending(), sortedB: b.sortedAscending(), seed: seed)
    }

    /// `differenceInterval` for samples already sorted ascending.
    func differenceInterval(sortedA: [Double], sortedB: [Double], seed: UInt64) -> ConfidenceInterval? {
        pairInterval(sorted: sortedA, sortedB, seed: seed) { ma, mb in ma - mb }
    }

    /// Interval for the relative change `median(current) / median(baseline) - 1`; `nil` if either
    /// sample is empty or the baseline median is not positive.
    public func relativeChangeInterval(baseline: [Double], current: [Double], seed: UInt64) -> ConfidenceInterval? {
        relativeChangeInterval(sortedBaseline: baseline.sortedAscending(), sortedCurrent: current.sortedAscending(), seed: seed)
    }

    /// `relativeChangeInterval` for samples already sorted ascending.
    func relativeChangeInterval(sortedBaseline: [Double], sortedCurrent: [Double], seed: UInt64) -> ConfidenceInterval? {
        guard !sortedBaseline.isEmpty, Percentile.ofSorted(sortedBaseline, 50) > 0 else { return nil }
        return pairInterval(sorted: sortedCurrent, sortedBaseline, seed: seed) { mc, mb in mb > 0 ? mc / mb - 1 : .infinity }
    }

    /// Replicates of `combine(median(a*), median(b*))` for ascending samples `sa`, `sb`.
    private func pairInterval(
        sorted sa: [Double], _ sb: [Double], seed: UInt64, _ combine: (Double, Double) -> Double
    ) -> ConfidenceInterval? {
        guard !sa.isEmpty, !sb.isEmpty else { return nil }
        var rng = SeededGenerator(seed: seed)
        var reps = [Double](repeating: 0, count: resamples)
        sa.withUnsafeBufferPointer { pa in
            sb.withUnsafeBufferPointer { pb in
                for i in 0..<resamples {
                    let ma = Self.replicateMedian(pa, &rng)
                    let mb = Self.replicateMedian(pb, &rng)
                    reps[i] = combine(ma, mb)
                }
            }
        }
        return interval(of: &reps)
    }

    /// The percentile pair of the replicates, found by selection (the four order statistics the
    /// two type-7 percentiles need) rather than by sorting all of them: the same values.
    private func interval(of reps: inout [Double]) -> ConfidenceInterval {
        let tail = (1 - level) / 2 * 100
        let bounds = reps.withUnsafeMutableBufferPointer { r in Percentile.ofUnsorted(r, [tail, 100 - tail]) }
        return ConfidenceInterval(lower: bounds[0], upper: bounds[1], level: level)
    }

    /// The median of one bootstrap resample of `sorted` (ascending, non-empty).
    static func replicateMedian(_ sorted: UnsafeBufferPointer<Double>, _ rng: inout SeededGenerator) -> Double {
        let n = sorted.count
        if n == 1 { return sorted[0] }
        let nd = Double(n)
        if n % 2 == 1 {
            let k = (n + 1) / 2
            let u = rng.nextBeta(Double(k), Double(n - k + 1))
            return sorted[Swift.min(Int(u * nd), n - 1)]
        }
        let k = n / 2
        let u1 = rng.nextBeta(Double(k), Double(n - k + 1))
        let step = rng.nextBeta(1, Double(n - k))
        let u2 = u1 + (1 - u1) * step
        let i1 = Swift.min(Int(u1 * nd), n - 1), i2 = Swift.min(Int(u2 * nd), n - 1)
        return (sorted[i1] + sorted[i2]) / 2
    }
}
