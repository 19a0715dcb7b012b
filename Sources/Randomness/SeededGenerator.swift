/// xoshiro256** seeded through SplitMix64: a small, fast, platform-independent generator with a
/// long period, for the statistics' resampling (bootstrap intervals, tests' samples), so an
/// interval is the same number on every machine and every run of `sitegen`.
///
/// The system generator is not seedable, and `Hasher` is randomised per process; neither would
/// give stable output.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        s0 = seeder.next(); s1 = seeder.next(); s2 = seeder.next(); s3 = seeder.next()
    }

    /// A generator seeded from text parts (e.g. provider slug, run id, metric): see `StableSeed`.
    public init(_ parts: String...) {
        self.init(seed: StableSeed.of(parts))
    }

    @inlinable
    public static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

}

/// A 64-bit seed derived from text with FNV-1a (the project's one FNV), stable across processes,
/// platforms and versions.
public enum StableSeed {
    /// The seed of `parts`, joined with a separator that cannot occur in slugs or run ids.
    public static func of(_ parts: [String]) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for (i, part) in parts.enumerated() {
            if i > 0 {
                h ^= 0x1F
                h &*= 0x0000_0100_0000_01B3
            }
            for byte in part.utf8 {
                h ^= UInt64(byte)
                h &*= 0x0000_0100_0000_01B3
            }
        }
        return h
    }
}
