/// Non-uniform variates drawn from `SeededGenerator`, enough for the bootstrap's order statistics.
extension SeededGenerator {
    /// A standard normal variate (Marsaglia's polar method; the second value is discarded to keep
    /// the generator stateless apart from its stream).
    mutating func nextNormal() -> Double {
        while true {
            let u = 2 * nextUnit() - 1, v = 2 * nextUnit() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * CMath.log(s) / s).squareRoot()
            }
        }
    }

    /// A Gamma(shape, 1) variate for `shape >= 1` (Marsaglia and Tsang, 2000).
    mutating func nextGamma(shape: Double) -> Double {
        precondition(shape >= 1, "shape must be at least 1")
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = nextNormal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = nextOpenUnit()
            let x2 = x * x
            if u < 1 - 0.0331 * x2 * x2 { return d * v }
            if CMath.log(u) < 0.5 * x2 + d * (1 - v + CMath.log(v)) { return d * v }
        }
    }

    /// A Beta(a, b) variate for `a, b >= 1`.
    mutating func nextBeta(_ a: Double, _ b: Double) -> Double {
        if a == 1 && b == 1 { return nextUnit() }
        if a == 1 { return 1 - CMath.pow(nextOpenUnit(), 1 / b) }
        let x = nextGamma(shape: a), y = nextGamma(shape: b)
        return x / (x + y)
    }
}
