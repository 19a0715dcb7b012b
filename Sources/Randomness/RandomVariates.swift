#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The bootstrap's variates on `SeededGenerator`: a fast normal (ziggurat), gamma and beta.
extension SeededGenerator {
    /// A standard normal variate by the ziggurat method (Marsaglia and Tsang 2000, in Doornik's
    /// 2005 ZIGNOR form: 128 layers of equal area, the base layer holding the tail). Exact like
    /// the polar method it replaced, and about five times faster: 99% of draws cost one 64-bit
    /// draw, a table look-up, a multiplication and a comparison, with no logarithm. The
    /// bootstrap's gamma variates draw millions of normals per site generation.
    public mutating func nextNormal() -> Double {
        let zig = Ziggurat.shared
        while true {
            let bits = next()
            // 53 bits for the uniform in (-1, 1), the 7 lowest (unused by it) pick the layer.
            let u = Double(bits >> 11) * 0x1.0p-52 - 1
            let i = Int(bits & 0x7F)
            if abs(u) < zig.ratio[i] { return u * zig.x[i] }
            if i == 0 { return zig.tail(negative: u < 0, &self) }
            let x = u * zig.x[i]
            let f0 = exp(-0.5 * (zig.x[i] * zig.x[i] - x * x))
            let f1 = exp(-0.5 * (zig.x[i + 1] * zig.x[i + 1] - x * x))
            if f1 + unit() * (f0 - f1) < 1 { return x }
        }
    }

    /// A Gamma(shape, 1) variate for `shape >= 1` (Marsaglia and Tsang, 2000).
    public mutating func nextGamma(shape: Double) -> Double {
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
            let u = openUnit()
            let x2 = x * x
            if u < 1 - 0.0331 * x2 * x2 { return d * v }
            if log(u) < 0.5 * x2 + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// A Beta(a, b) variate for `a, b >= 1`.
    public mutating func nextBeta(_ a: Double, _ b: Double) -> Double {
        if a == 1 && b == 1 { return unit() }
        if a == 1 { return 1 - pow(openUnit(), 1 / b) }
        let x = nextGamma(shape: a), y = nextGamma(shape: b)
        return x / (x + y)
    }
}

/// The ziggurat's layer table for `nextNormal`: right edges `x` of the 128 layers (`x[0]` is the
/// base layer's equivalent width, `x[128]` is 0) and `ratio[i] = x[i + 1] / x[i]`, the part of a
/// layer that lies wholly under the density.
struct Ziggurat: Sendable {
    static let layers = 128
    /// Start of the tail, and the area of each layer (for 128 layers).
    static let r = 3.442619855899
    static let area = 9.91256303526217e-3
    static let shared = Ziggurat()

    let x: [Double]
    let ratio: [Double]

    private init() {
        var x = [Double](repeating: 0, count: Self.layers + 1)
        var f = exp(-0.5 * Self.r * Self.r)
        x[0] = Self.area / f
        x[1] = Self.r
        for i in 2..<Self.layers {
            x[i] = (-2 * log(Self.area / x[i - 1] + f)).squareRoot()
            f = exp(-0.5 * x[i] * x[i])
        }
        x[Self.layers] = 0
        self.x = x
        ratio = (0..<Self.layers).map { x[$0 + 1] / x[$0] }
    }

    /// A draw from the normal tail beyond `r` (Marsaglia 1964), with the sign of the layer's `u`.
    func tail(negative: Bool, _ rng: inout SeededGenerator) -> Double {
        var t: Double, y: Double
        repeat {
            t = log(rng.openUnit()) / Self.r
            y = log(rng.openUnit())
        } while -2 * y < t * t
        return negative ? t - Self.r : Self.r - t
    }
}
