import Randomness

/// The workload's generator (`SplitMix64`), so that a seed always gives the same workload.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var core: SplitMix64

    public init(seed: UInt64) { core = SplitMix64(seed: seed) }

    /// A generator for one purpose (arrivals, prompt choice, ...) derived from the run seed, so
    /// that changing how many numbers one purpose draws does not shift the others.
    public init(seed: UInt64, stream: String) { core = SplitMix64(seed: seed ^ SplitMix64.fnv1a(stream)) }

    public mutating func next() -> UInt64 { core.next() }

    /// Uniform in [0, 1) with 53 bits of precision.
    public mutating func nextUnit() -> Double { core.unit() }

    /// Uniform integer in `0..<bound` (bound > 0), without modulo bias.
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b
        while true {
            let x = next()
            if x < limit { return Int(x % b) }
        }
    }
}
