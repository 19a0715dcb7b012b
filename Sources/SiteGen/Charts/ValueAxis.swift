import Foundation

/// A value axis, linear (`NiceScale`) or logarithmic, chosen from the data.
///
/// The axis is logarithmic when every plotted value is positive and the largest is more than
/// `logRatio` (30) times the smallest: a linear axis would squeeze the small values into a few
/// pixels. The choice depends on the values only, so the same data always get the same axis.
public struct ValueAxis: Sendable, Equatable {
    /// Largest max/min ratio of positive values still drawn on a linear axis.
    public static let logRatio = 30.0

    public enum Kind: Sendable, Equatable {
        case linear(NiceScale)
        /// From `lower` to `upper` (both positive), ticks at 1, 2 and 5 times powers of ten, or
        /// only at powers of ten when those would be too many.
        case log(lower: Double, upper: Double, ticks: [Double])
    }

    public let kind: Kind

    /// The axis for `values` (non-finite ones ignored), with at most about `maxTicks` ticks.
    public init(values: [Double], maxTicks: Int = 6, includeZero: Bool = true) {
        let finite = values.filter(\.isFinite)
        let lo = finite.min() ?? 0, hi = finite.max() ?? 1
        if Self.wantsLog(finite) {
            kind = Self.logKind(lo, hi, maxTicks: maxTicks)
        } else {
            kind = .linear(NiceScale(min: lo, max: hi, targetTicks: max(2, maxTicks - 1), includeZero: includeZero))
        }
    }

    /// Whether `values` call for a log axis (all positive, max/min above `logRatio`).
    public static func wantsLog(_ values: [Double]) -> Bool {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max(), lo > 0 else { return false }
        return hi / lo > logRatio
    }

    public var isLog: Bool {
        if case .log = kind { return true }
        return false
    }

    public var ticks: [Double] {
        switch kind {
        case .linear(let s): return s.ticks
        case .log(_, _, let ticks): return ticks
        }
    }

    /// Position of `value` on an axis from `a` (the axis' lower end) to `b`.
    public func position(_ value: Double, from a: Double, to b: Double) -> Double {
        switch kind {
        case .linear(let s): return s.position(value, from: a, to: b)
        case .log(let lower, let upper, _):
            let v = max(value, lower * 1e-3)
            return a + (log10(v) - log10(lower)) / (log10(upper) - log10(lower)) * (b - a)
        }
    }

    /// Tick label with just enough decimals for the tick.
    public func label(_ value: Double) -> String {
        switch kind {
        case .linear(let s): return s.label(value)
        case .log: return NumberFormat.fixed(value, decimals: max(0, -Int(floor(log10(value) + 1e-9))))
        }
    }

    /// `caption`, with ", log scale" inside its closing parenthesis (or appended) on a log axis.
    public func caption(_ caption: String) -> String {
        guard isLog else { return caption }
        if caption.hasSuffix(")") { return String(caption.dropLast()) + ", log scale)" }
        return caption + " (log scale)"
    }

    static func logKind(_ lo: Double, _ hi: Double, maxTicks: Int) -> Kind {
        let steps: [Double] = [1, 2, 5]
        let lowDecade = floor(log10(lo)), highDecade = ceil(log10(hi))
        let lower = steps.map { $0 * pow(10, lowDecade) }.last(where: { $0 <= lo * (1 + 1e-12) }) ?? pow(10, lowDecade)
        let upper = (steps + [10]).map { $0 * pow(10, highDecade - 1) }.first(where: { $0 >= hi * (1 - 1e-12) }) ?? pow(10, highDecade)
        for multipliers in [[1.0, 2, 5], [1.0, 3], [1.0]] {
            var ticks: [Double] = []
            var decade = lowDecade
            while decade <= highDecade {
                for m in multipliers {
                    let t = m * pow(10, decade)
                    if t >= lower * (1 - 1e-12) && t <= upper * (1 + 1e-12) { ticks.append(t) }
                }
                decade += 1
            }
            if ticks.count <= maxTicks || multipliers.count == 1 {
                // Keep the ends labelled so the axis says where it stops.
                if ticks.first.map({ $0 > lower * (1 + 1e-9) }) ?? true { ticks.insert(lower, at: 0) }
                if ticks.last.map({ $0 < upper * (1 - 1e-9) }) ?? true { ticks.append(upper) }
                return .log(lower: lower, upper: upper, ticks: ticks)
            }
        }
        return .log(lower: lower, upper: upper, ticks: [lower, upper])
    }
}
