/// Percentiles by linear interpolation between closest ranks (Hyndman–Fan type 7), the default
/// of numpy and R, so every figure can be checked against them.
public enum Percentile {
    /// The `p`-th percentile (0...100) of `sorted`, which must be ascending and non-empty.
    @inlinable
    public static func ofSorted(_ sorted: UnsafeBufferPointer<Double>, _ p: Double) -> Double {
        precondition(!sorted.isEmpty, "percentile of an empty sample")
        let h = Double(sorted.count - 1) * p / 100
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        let frac = h - Double(lo)
        // numpy's form: a + (b - a) * frac, computed to be exact when a == b.
        let a = sorted[lo], b = sorted[hi]
        return frac == 0 ? a : a + (b - a) * frac
    }

    /// The `p`-th percentile (0...100) of `sorted`, which must be ascending and non-empty.
    public static func ofSorted(_ sorted: [Double], _ p: Double) -> Double {
        sorted.withUnsafeBufferPointer { ofSorted($0, p) }
    }

    /// The `p`-th percentile of unsorted values (sorts a copy).
    public static func of(_ values: [Double], _ p: Double) -> Double {
        ofSorted(values.sorted(), p)
    }
}
