/// The Mann–Whitney U test (two-sided), computed as `scipy.stats.mannwhitneyu` does by default.
///
/// `method = auto`: the exact null distribution when one sample has at most 8 values and there
/// are no ties; otherwise the normal approximation with the tie correction and a 0.5 continuity
/// correction. `u` is the statistic of the first sample (scipy's `U1`).
public struct MannWhitneyU: Sendable, Equatable, Codable {
    public enum Method: String, Sendable, Codable {
        case exact, asymptotic
    }

    /// U of the first sample: the number of pairs (x, y) with x > y, ties counting one half.
    public var u: Double
    /// Two-sided p-value.
    public var pValue: Double
    public var method: Method

    /// Tests `x` against `y`; `nil` if either sample is empty. Values must be finite.
    public init?(_ x: [Double], _ y: [Double]) {
        self.init(sortedX: x.sortedAscending(), sortedY: y.sortedAscending())
    }

    /// The same test on samples already sorted ascending (saves two sorts in hot loops).
    init?(sortedX x: [Double], sortedY y: [Double]) {
        guard !x.isEmpty, !y.isEmpty else { return nil }
        let n1 = x.count, n2 = y.count
        let ranks = Self.rankSum(sortedX: x, sortedY: y)
        // U1 = R1 - n1(n1+1)/2, kept doubled so that half ranks stay integers.
        let twiceU1 = ranks.twiceRankSumX - n1 * (n1 + 1)
        let u1 = Double(twiceU1) / 2
        let u2 = Double(n1 * n2) - u1
        let big = Swift.max(u1, u2)
        u = u1
        if (n1 > 8 && n2 > 8) || ranks.hasTies {
            method = .asymptotic
            let n = Double(n1 + n2)
            let tieTerm = Double(ranks.tieTerm)
            let sigma = (Double(n1) * Double(n2) / 12 * ((n + 1) - tieTerm / (n * (n - 1)))).squareRoot()
            let z = (big - Double(n1) * Double(n2) / 2 - 0.5) / sigma
            // sigma == 0 (every value equal) gives z = -inf and p = 1 after clipping, like scipy.
            pValue = Swift.min(Swift.max(2 * NormalDistribution.upperTail(z), 0), 1)
        } else {
            method = .exact
            pValue = Swift.min(Swift.max(2 * MannWhitneyExact.upperTail(Int(big), n1, n2), 0), 1)
        }
    }

    struct Ranks {
        /// Twice the sum of the (average) ranks of x.
        var twiceRankSumX: Int
        /// Sum of t^3 - t over groups of t tied values.
        var tieTerm: Int
        var hasTies: Bool
    }

    /// Ranks of the pooled sample (1-based, ties get the average rank) of two ascending samples.
    static func rankSum(sortedX sx: [Double], sortedY sy: [Double]) -> Ranks {
        var i = 0, j = 0, rank = 0
        var twiceSum = 0, tieTerm = 0
        var ties = false
        while i < sx.count || j < sy.count {
            let v = j >= sy.count || (i < sx.count && sx[i] <= sy[j]) ? sx[i] : sy[j]
            var inX = 0, total = 0
            while i < sx.count && sx[i] == v { i += 1; inX += 1 }
            while j < sy.count && sy[j] == v { j += 1; total += 1 }
            total += inX
            // Ranks rank+1 ... rank+total; twice their average is 2*rank + total + 1.
            twiceSum += inX * (2 * rank + total + 1)
            if total > 1 {
                ties = true
                tieTerm += total * total * total - total
            }
            rank += total
        }
        return Ranks(twiceRankSumX: twiceSum, tieTerm: tieTerm, hasTies: ties)
    }
}
