/// Fisher's exact test for two proportions (two-sided), as `scipy.stats.fisher_exact` computes it:
/// the probability, under the hypergeometric null, of every table no more likely than the observed one.
public enum FisherExact {
    /// Two-sided p-value for `failedA` of `totalA` against `failedB` of `totalB`.
    public static func pValue(failedA: Int, totalA: Int, failedB: Int, totalB: Int) -> Double {
        precondition(0 <= failedA && failedA <= totalA && 0 <= failedB && failedB <= totalB, "counts out of range")
        let n = totalA + totalB, k = failedA + failedB
        let lo = Swift.max(0, k - totalB), hi = Swift.min(k, totalA)
        if lo == hi { return 1 }
        func logPMF(_ x: Int) -> Double {
            logChoose(k, x) + logChoose(n - k, totalA - x) - logChoose(n, totalA)
        }
        let observed = logPMF(failedA)
        // scipy's relative tolerance, so tables as likely as the observed one are counted despite rounding.
        let limit = observed + CMath.log(1 + 1e-7)
        var p = 0.0
        for x in lo...hi {
            let l = logPMF(x)
            if l <= limit { p += CMath.exp(l) }
        }
        return Swift.min(p, 1)
    }

    static func logChoose(_ n: Int, _ k: Int) -> Double {
        CMath.lgamma(Double(n + 1)) - CMath.lgamma(Double(k + 1)) - CMath.lgamma(Double(n - k + 1))
    }
}
