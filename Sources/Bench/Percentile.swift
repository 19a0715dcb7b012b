/// Percentiles with linear interpolation between closest ranks (Hyndman–Fan type 7, numpy's
/// default), as METRICS.md prescribes.
public enum Percentile {
    /// `q` in [0, 1]; `nil` for an empty input. `sorted` must be ascending.
    public static func of(sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let h = Double(sorted.count - 1) * q
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    public static func of(_ values: [Double], _ q: Double) -> Double? { of(sorted: values.sorted(), q) }
}
