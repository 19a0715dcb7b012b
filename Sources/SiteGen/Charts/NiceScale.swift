import Foundation

/// A linear value axis with "nice" rounded ticks (1, 2, 2.5 or 5 times a power of ten).
public struct NiceScale: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var step: Double

    /// Ticks covering `min...max` with roughly `targetTicks` intervals; the axis starts at 0
    /// when the data are non-negative and 0 is not far away, so lengths compare honestly.
    public init(min: Double, max: Double, targetTicks: Int = 6, includeZero: Bool = true) {
        var lo = min, hi = max
        if includeZero && lo >= 0 && lo <= hi * 0.5 { lo = 0 }
        if hi <= lo { hi = lo + (lo == 0 ? 1 : abs(lo) * 0.1) }
        let raw = (hi - lo) / Double(Swift.max(targetTicks, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        let nice: Double
        switch fraction {
        case ..<1.5: nice = 1
        case ..<2.25: nice = 2
        case ..<3.5: nice = 2.5
        case ..<7.5: nice = 5
        default: nice = 10
        }
        step = nice * magnitude
        lower = floor(lo / step) * step
        upper = ceil(hi / step) * step
        if upper - hi < step * 1e-9 && upper == hi && hi > lo { upper = hi }
    }

    /// Tick values from `lower` to `upper`.
    public var ticks: [Double] {
        let n = Int(((upper - lower) / step).rounded())
        return (0...n).map { lower + Double($0) * step }
    }

    /// Position of `value` on an axis from `x0` to `x1`.
    public func position(_ value: Double, from x0: Double, to x1: Double) -> Double {
        x0 + (value - lower) / (upper - lower) * (x1 - x0)
    }

    /// Tick label text with just enough decimals for the step.
    public func label(_ value: Double) -> String {
        let decimals = Swift.max(0, -Int(floor(log10(step) + 1e-9)) + (step / pow(10, floor(log10(step))) == 2.5 ? 1 : 0))
        return NumberFormat.fixed(value, decimals: decimals)
    }
}

/// Locale-independent number formatting (the output must not depend on the machine's locale).
public enum NumberFormat {
    /// `value` with exactly `decimals` digits after the point, no grouping; `-0` prints as `0`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "–" }
        var s = String(format: "%.\(decimals)f", value)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        return s
    }
}
