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
        /// at 1 and 3, or only at powers of ten when those would be too many.
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

    /// A log axis a little wider than the data (4% of its span in decades at each end), ticks at
    /// the 1-2-5 values inside it, or fewer per decade when those would be more than `maxTicks`.
    static func logKind(_ lo: Double, _ hi: Double, maxTicks: Int) -> Kind {
        let span = log10(hi) - log10(lo)
        let lower = pow(10, log10(lo) - span * 0.04), upper = pow(10, log10(hi) + span * 0.04)
        var ticks: [Double] = []
        for multipliers in [[1.0, 2, 5], [1.0, 3], [1.0]] {
            ticks = []
            var decade = floor(log10(lower))
            while decade <= ceil(log10(upper)) {
                for m in multipliers {
                    let t = m * pow(10, decade)
                    if t >= lower && t <= upper { ticks.append(t) }
                }
                decade += 1
            }
            if ticks.count <= maxTicks { break }
        }
        return .log(lower: lower, upper: upper, ticks: ticks)
    }
}
