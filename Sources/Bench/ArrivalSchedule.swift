import Randomness
import Foundation

/// When requests are due, as offsets from the run start.
///
/// All schedules are open-loop: the offsets do not depend on how fast the endpoint answers.
public enum ArrivalSchedule: Sendable, Equatable {
    /// `rate` requests per second, evenly spaced, for `duration` seconds (the original Python pipeline: 10/s for 120 s).
    case constant(rate: Double, duration: Double)
    /// The rate grows linearly from `from` to `to` requests/s over `duration` seconds.
    case linearRamp(from: Double, to: Double, duration: Double)
    /// The rate grows geometrically from `from` to `to` requests/s over `duration` seconds.
    case exponentialRamp(from: Double, to: Double, duration: Double)
    /// Poisson arrivals (exponential gaps) at mean `rate` for `duration` seconds, from the run seed.
    case poisson(rate: Double, duration: Double)
    /// Exactly these offsets, in seconds (sorted when used).
    case explicit(offsets: [Double])

    /// The seed's workload.
    public static let seedDefault = ArrivalSchedule.constant(rate: 10, duration: 120)

    /// Checks the parameters; the message names the field at fault.
    public func validate() throws(ConfigurationError) {
        func positive(_ v: Double, _ field: String) throws(ConfigurationError) {
            guard v.isFinite, v > 0 else { throw ConfigurationError(field: field, message: "must be a positive number, found \(v)") }
        }
        switch self {
        case .constant(let r, let d), .poisson(let r, let d):
            try positive(r, "workload.arrival.rate"); try positive(d, "workload.arrival.duration_s")
        case .linearRamp(let a, let b, let d):
            guard a.isFinite, a >= 0 else { throw ConfigurationError(field: "workload.arrival.from_rate", message: "must be >= 0") }
            try positive(b, "workload.arrival.to_rate"); try positive(d, "workload.arrival.duration_s")
        case .exponentialRamp(let a, let b, let d):
            try positive(a, "workload.arrival.from_rate"); try positive(b, "workload.arrival.to_rate")
            try positive(d, "workload.arrival.duration_s")
        case .explicit(let offsets):
            guard !offsets.isEmpty else { throw ConfigurationError(field: "workload.arrival.offsets_s", message: "is empty") }
            for o in offsets where !(o.isFinite && o >= 0) {
                throw ConfigurationError(field: "workload.arrival.offsets_s", message: "offsets must be >= 0, found \(o)")
            }
        }
    }

    /// Offsets in integer microseconds, ascending. `seed` is used by `poisson` only.
    public func offsetsMicros(seed: UInt64) -> [Int64] {
        let seconds: [Double]
        switch self {
        case .constant(let rate, let duration):
            let n = Int((rate * duration + 1e-9).rounded(.down))
            seconds = (0..<n).map { Double($0) / rate }
        case .linearRamp(let a, let b, let d):
            // N(t) = a t + (b - a) t² / (2d); the k-th arrival is where N(t) = k.
            let slope = (b - a) / d
            let total = a * d + slope * d * d / 2
            let n = Int((total + 1e-9).rounded(.up))
            seconds = (0..<n).compactMap { k -> Double? in
                let kk = Double(k)
                let t: Double
                if abs(slope) < 1e-12 { t = kk / a } else { t = (-a + (a * a + 2 * slope * kk).squareRoot()) / slope }
                return t < d ? t : nil
            }
        case .exponentialRamp(let a, let b, let d):
            let lnG = log(b / a)
            if abs(lnG) < 1e-12 { return ArrivalSchedule.constant(rate: a, duration: d).offsetsMicros(seed: seed) }
            // N(t) = a d / ln g · (g^(t/d) − 1)
            let total = a * d / lnG * (b / a - 1)
            let n = Int((total + 1e-9).rounded(.up))
            seconds = (0..<n).compactMap { k -> Double? in
                let x = 1 + Double(k) * lnG / (a * d)
                guard x > 0 else { return nil }
                let t = d / lnG * log(x)
                return t < d ? t : nil
            }
        case .poisson(let rate, let duration):
            var rng = SplitMix64(seed: seed, stream: "arrivals")
            var t = 0.0
            var out: [Double] = []
            while t < duration {
                out.append(t)
                t += -log(1 - rng.unit()) / rate
            }
            seconds = out
        case .explicit(let offsets):
            seconds = offsets.sorted()
        }
        return seconds.map { Int64(($0 * 1_000_000).rounded()) }
    }

    /// Human description stored in `WorkloadInfo.arrival`.
    public var description: String {
        func f(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
        switch self {
        case .constant(let r, let d): return "constant \(f(r)) req/s for \(f(d)) s"
        case .linearRamp(let a, let b, let d): return "linear ramp \(f(a))→\(f(b)) req/s over \(f(d)) s"
        case .exponentialRamp(let a, let b, let d): return "exponential ramp \(f(a))→\(f(b)) req/s over \(f(d)) s"
        case .poisson(let r, let d): return "poisson \(f(r)) req/s for \(f(d)) s"
        case .explicit(let o): return "explicit list of \(o.count) offsets"
        }
    }

    /// Nominal duration in seconds (the last offset for an explicit list).
    public var nominalDuration: Double {
        switch self {
        case .constant(_, let d), .linearRamp(_, _, let d), .exponentialRamp(_, _, let d), .poisson(_, let d): return d
        case .explicit(let o): return o.max() ?? 0
        }
    }

    /// Shortens every gap longer than `maxGap` seconds to `maxGap` (the original Python pipeline's `skip_idle_min`),
    /// so that a sparse schedule does not leave the endpoint idle for long stretches.
    public static func skippingIdle(_ offsets: [Int64], maxGapSeconds: Double) -> [Int64] {
        let maxGap = Int64((maxGapSeconds * 1_000_000).rounded())
        var out: [Int64] = []
        out.reserveCapacity(offsets.count)
        var shift: Int64 = 0
        var previous: Int64 = 0
        for o in offsets {
            if o - previous > maxGap { shift += (o - previous) - maxGap }
            out.append(o - shift)
            previous = o
        }
        return out
    }
}
