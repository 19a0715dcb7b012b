/// The statistics every leaderboard table shows for one metric of one provider in one run
/// (docs/metrics.md, "Statistics of a metric"). Built from successful requests only.
public struct Summary: Sendable, Equatable, Codable {
    public var count: Int
    public var mean: Double
    public var min: Double
    public var max: Double
    public var median: Double
    public var p5: Double
    public var p25: Double
    public var p75: Double
    public var p95: Double
    public var p99: Double

    /// `nil` for an empty sample: there is nothing to summarise, and the caller shows that.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        self.init(sorted: values.sortedAscending())
    }

    /// From values already sorted ascending (non-empty).
    public init(sorted: [Double]) {
        precondition(!sorted.isEmpty)
        count = sorted.count
        // Pairwise-free Kahan-Babuska summation keeps the mean exact enough to match numpy at 1e-9
        // relative, even for large samples.
        var sum = 0.0, compensation = 0.0
        for v in sorted {
            let t = sum + v
            compensation += abs(sum) >= abs(v) ? (sum - t) + v : (v - t) + sum
            sum = t
        }
        mean = (sum + compensation) / Double(sorted.count)
        min = sorted[0]
        max = sorted[sorted.count - 1]
        (median, p5, p25, p75, p95, p99) = sorted.withUnsafeBufferPointer { s in
            (Percentile.ofSorted(s, 50), Percentile.ofSorted(s, 5), Percentile.ofSorted(s, 25),
             Percentile.ofSorted(s, 75), Percentile.ofSorted(s, 95), Percentile.ofSorted(s, 99))
        }
    }

    /// From statistics computed elsewhere (e.g. by selection instead of a sort).
    init(
        count: Int, mean: Double, min: Double, max: Double, median: Double, p5: Double, p25: Double, p75: Double,
        p95: Double, p99: Double
    ) {
        self.count = count
        self.mean = mean
        self.min = min
        self.max = max
        self.median = median
        self.p5 = p5
        self.p25 = p25
        self.p75 = p75
        self.p95 = p95
        self.p99 = p99
    }

    /// A named statistic, for tables that list them generically.
    public func value(_ statistic: Statistic) -> Double {
        switch statistic {
        case .mean: return mean
        case .min: return min
        case .max: return max
        case .median: return median
        case .p5: return p5
        case .p25: return p25
        case .p75: return p75
        case .p95: return p95
        case .p99: return p99
        }
    }
}

/// The columns of a leaderboard table, in the original Python pipeline's order (plus p99).
public enum Statistic: String, Sendable, CaseIterable, Codable {
    case mean = "Mean", min = "Min", max = "Max", median = "Median", p25, p75, p5, p95, p99
}
