#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The uniform and simple non-uniform draws, on any of the project's generators (`SplitMix64` for
/// workloads, the simulator and corpora; `SeededGenerator` for resampling). Each draw's use of the
/// generator is fixed (how many `next()` calls, in which order): workloads and corpora depend on it.
extension RandomNumberGenerator {
    /// Uniform in [0, 1) with 53 bits of precision (one draw).
    @inlinable
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in (0, 1): never 0, so its logarithm is finite (one draw).
    @inlinable
    public mutating func openUnit() -> Double { (Double(next() >> 11) + 0.5) * 0x1.0p-53 }

    /// Uniform integer in `0..<bound` (bound > 0), without modulo bias: a draw at or above the
    /// largest multiple of `bound` is drawn again (for the small bounds used here, almost never).
    @inlinable
    public mutating func index(below bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b
        while true {
            let x = next()
            if x < limit { return Int(x % b) }
        }
    }

    /// Uniform integer in `range` (not empty), without modulo bias.
    @inlinable
    public mutating func uniform(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + index(below: range.upperBound - range.lowerBound + 1)
    }

    /// Standard normal by Box–Muller (two draws; the first kept away from 0).
    public mutating func standardNormal() -> Double {
        let u1 = Swift.max(unit(), 1e-300), u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// Lognormal with the given median and sigma (two draws, even when sigma is 0, which gives
    /// the median exactly).
    public mutating func lognormal(median: Double, sigma: Double) -> Double { median * exp(sigma * standardNormal()) }
}
