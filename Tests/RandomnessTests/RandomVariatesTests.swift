import Foundation
import Randomness
import Testing

/// The ziggurat normal sampler against the standard normal distribution.
@Suite("Normal variates")
struct RandomVariatesTests {
    @Test("the empirical distribution matches the standard normal, tails included")
    func normalDistribution() {
        var rng = SeededGenerator(seed: 20_261_130)
        let n = 400_000
        var draws = [Double](repeating: 0, count: n)
        for i in 0..<n { draws[i] = rng.nextNormal() }
        let mean = draws.reduce(0, +) / Double(n)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        #expect(abs(mean) < 0.01, "mean \(mean)")
        #expect(abs(variance - 1) < 0.01, "variance \(variance)")
        // Φ(z) = erfc(-z/√2)/2 at points in every region: inner layers, outer layers, the tail.
        let sorted = draws.sorted()
        for z in [-4.0, -3.6, -3.0, -2.0, -1.0, -0.3, 0, 0.3, 1.0, 2.0, 3.0, 3.6, 4.0] {
            var below = 0
            while below < n && sorted[below] <= z { below += 1 }
            let expected = erfc(-z / 2.0.squareRoot()) / 2
            let observed = Double(below) / Double(n)
            // Four binomial standard errors, and at least 1e-4 for the far tail.
            let tolerance = max(4 * (expected * (1 - expected) / Double(n)).squareRoot(), 1e-4)
            #expect(abs(observed - expected) < tolerance, "P(Z <= \(z)): \(observed) vs \(expected)")
        }
    }
}
