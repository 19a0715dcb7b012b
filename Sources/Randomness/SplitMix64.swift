/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fast, well-mixed generator whose output is
/// the same on every platform and Swift version, which the standard library's generators do not
/// promise. The one implementation behind every seeded stream in the project: the bench's
/// workload, the simulator's per-request behaviour, synthetic corpora, and the seeding of the
/// bootstrap's generator. Changing it changes workloads (and so their fingerprints): don't.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The golden-ratio increment added to the state before each output.
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    public var state: UInt64

    /// A generator starting from `seed` as its raw state.
    public init(seed: UInt64) { state = seed }

    /// The finaliser: a bijective mix of 64 bits (also useful alone to derive seeds).
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.mix(state)
    }

    /// A generator for one purpose (arrivals, prompt choice, ...) derived from a run's seed, so
    /// that changing how many numbers one purpose draws does not shift the others.
    public init(seed: UInt64, stream: String) { self.init(seed: seed ^ Self.fnv1a(stream)) }

    /// FNV-1a of `text`'s UTF-8 bytes (`StableSeed` of one part): how a name (a workload
    /// purpose, a request id) becomes part of a seed.
    public static func fnv1a(_ text: String) -> UInt64 { StableSeed.of([text]) }
}
