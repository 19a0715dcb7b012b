import Randomness

extension SplitMix64 {
    /// A request's stream for the simulator: derived from (seed, request id), so a request's
    /// behaviour does not depend on arrival order.
    init(seed: UInt64, requestID: String) {
        self.init(seed: SplitMix64.mix(seed ^ SplitMix64.mix(SplitMix64.fnv1a(requestID) &+ SplitMix64.increment)))
    }
}
