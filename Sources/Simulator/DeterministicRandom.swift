import Foundation
import Randomness

/// A request's generator (`SplitMix64`): each request gets its own stream, derived from (seed,
/// request id), so its behaviour does not depend on arrival order.
struct DeterministicRandom: RandomNumberGenerator {
    private var core: SplitMix64

    init(state: UInt64) { core = SplitMix64(seed: state) }

    /// The stream for one request: FNV-1a of the id, mixed with the seed.
    init(seed: UInt64, requestID: String) {
        self.init(state: SplitMix64.mix(seed ^ SplitMix64.mix(SplitMix64.fnv1a(requestID) &+ SplitMix64.increment)))
    }

    mutating func next() -> UInt64 { core.next() }

    /// Uniform in [0, 1), 53 bits.
    mutating func unit() -> Double { core.unit() }

    /// Standard normal (Box-Muller; always consumes two draws).
    mutating func standardNormal() -> Double {
        let u1 = 1 - unit()  // (0, 1]
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Lognormal with the given median; sigma 0 returns the median exactly (draws still consumed).
    mutating func lognormal(median: Double, sigma: Double) -> Double {
        let z = standardNormal()
        return sigma == 0 ? median : median * exp(sigma * z)
    }

    /// Uniform integer in `range` (range must not be empty).
    mutating func uniform(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % width)
    }
}
