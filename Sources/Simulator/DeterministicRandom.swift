import Foundation

/// SplitMix64: a small, fast, well-mixed generator. Each request gets its own stream, derived
/// from (seed, request id), so its behaviour does not depend on arrival order.
struct DeterministicRandom: RandomNumberGenerator {
    private var state: UInt64

    init(state: UInt64) { self.state = state }

    /// The stream for one request: FNV-1a of the id's UTF-8 bytes, mixed with the seed.
    init(seed: UInt64, requestID: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in requestID.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        self.init(state: Self.mix(seed ^ Self.mix(hash &+ 0x9e37_79b9_7f4a_7c15)))
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return Self.mix(state)
    }

    /// Uniform in [0, 1), 53 bits.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

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
