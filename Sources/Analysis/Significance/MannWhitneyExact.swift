/// The exact null distribution of the Mann–Whitney U statistic (no ties).
enum MannWhitneyExact {
    /// P(U >= u) for sample sizes `n1`, `n2`, summed from the lower tail by symmetry
    /// (P(U >= u) = P(U <= n1*n2 - u)) so small p-values keep their precision.
    static func upperTail(_ u: Int, _ n1: Int, _ n2: Int) -> Double {
        let total = n1 * n2
        let lowerEdge = total - u
        if lowerEdge < 0 { return 0 }
        if lowerEdge >= total { return 1 }
        let m = Swift.min(n1, n2), n = Swift.max(n1, n2)
        let counts = frequencies(m, n, upTo: total)
        let all = binomial(m + n, m)
        if lowerEdge <= total / 2 {
            var sum = 0.0
            for c in counts[0...lowerEdge] { sum += c }
            return sum / all
        }
        // u below the centre: P(U >= u) = 1 - P(U <= u - 1).
        var below = 0.0
        for c in counts[0..<u] { below += c }
        return 1 - below / all
    }

    /// Number of arrangements giving U = 0...limit: the coefficients of the Gaussian binomial
    /// [m + n choose m]_q = prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i), truncated after q^limit.
    /// Doubles hold the counts; they are exact while below 2^53, as for every sample size the
    /// exact method is used with in practice.
    static func frequencies(_ m: Int, _ n: Int, upTo limit: Int) -> [Double] {
        var c = [Double](repeating: 0, count: limit + 1)
        c[0] = 1
        for i in stride(from: 1, through: m, by: 1) {
            // Divide by (1 - q^i): a running sum with stride i (keeps every coefficient positive).
            if i <= limit {
                for k in i...limit { c[k] += c[k - i] }
            }
            // Multiply by (1 - q^(n+i)).
            let d = n + i
            if d <= limit {
                for k in stride(from: limit, through: d, by: -1) { c[k] -= c[k - d] }
            }
        }
        return c
    }

    static func binomial(_ n: Int, _ k: Int) -> Double {
        var r = 1.0
        for i in stride(from: 1, through: k, by: 1) { r = r * Double(n - k + i) / Double(i) }
        return r.rounded()
    }
}
