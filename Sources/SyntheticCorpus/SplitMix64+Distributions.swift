import Foundation
import Randomness

/// The corpus's distributions on the project's one seeded generator, so synthetic corpora are
/// identical on every machine.
extension SplitMix64 {
    /// Standard normal (Box–Muller).
    public mutating func normal() -> Double {
        let u1 = max(unit(), 1e-300), u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
    /// Lognormal with the given median and sigma.
    public mutating func lognormal(median: Double, sigma: Double) -> Double { median * exp(sigma * normal()) }
}
