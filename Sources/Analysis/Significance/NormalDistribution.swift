/// Tail probabilities of the standard normal distribution.
enum NormalDistribution {
    /// P(Z > z), accurate in the far tail (computed from `erfc`, like scipy's `ndtr(-z)`).
    static func upperTail(_ z: Double) -> Double {
        0.5 * CMath.erfc(z / 2.0.squareRoot())
    }
}

extension NormalDistribution {
    /// The z with P(Z > z) = `tail` (0 < tail < 1), by bisection: slow but exact to the last bits,
    /// and only called once per interval.
    static func upperQuantile(_ tail: Double) -> Double {
        precondition(tail > 0 && tail < 1)
        var lo = -40.0, hi = 40.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { break }
            if upperTail(mid) > tail { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
