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
        if let fast = fastFixed(value, decimals: decimals) { return fast }
        var s = String(format: "%.\(decimals)f", value)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        return s
    }

    private static let powersOfTen: [Double] = (0...6).map { pow(10, Double($0)) }

    /// `String(format: "%.nf")` without Foundation's formatter (thousands of table cells per
    /// page): exact whenever the scaled value is small enough to carry its fraction to within a
    /// millionth; near a rounding tie (common: milliseconds from whole microseconds, like 12.345)
    /// the exact binary value decides, as printf does (`roundedExactly`). `nil` for values out of
    /// that range (the caller then asks printf).
    static func fastFixed(_ value: Double, decimals: Int) -> String? {
        guard decimals >= 0, decimals < powersOfTen.count else { return nil }
        let scaled = abs(value) * powersOfTen[decimals]
        guard scaled < 4_294_967_296 else { return nil }
        let whole = scaled.rounded(.down)
        let fraction = scaled - whole
        let n: UInt64
        if abs(fraction - 0.5) > 1e-5 {
            n = UInt64(whole) + (fraction > 0.5 ? 1 : 0)
        } else {
            guard let exact = roundedExactly(abs(value), times: UInt64(powersOfTen[decimals])) else { return nil }
            n = exact
        }
        let unit = UInt64(powersOfTen[decimals])
        var text = String(n / unit)
        if decimals > 0 {
            let digits = String(n % unit)
            text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return value < 0 && n != 0 ? "-" + text : text
    }

    /// `value × scale` rounded to the nearest integer, ties to even, computed on the exact binary
    /// value (`m × 2^e`) in 128-bit integers, as glibc's printf rounds; nil when `value` is not a
    /// normal number or `e` is below -127.
    static func roundedExactly(_ value: Double, times scale: UInt64) -> UInt64? {
        guard value.isNormal, value > 0 else { return value == 0 ? 0 : nil }
        let m = (1 << 52) | value.significandBitPattern
        let k = 52 - Int(value.exponent)  // value = m / 2^k
        if k <= 0 { return nil }  // an integer: never near a tie (the caller's test is exact then)
        guard k < 128 else { return nil }
        let (hi, lo) = m.multipliedFullWidth(by: scale)
        let whole: UInt64, above: Bool, tie: Bool
        if k < 64 {
            whole = hi << UInt64(64 - k) | lo >> UInt64(k)
            let rest = lo & ((1 << UInt64(k)) - 1), half: UInt64 = 1 << UInt64(k - 1)
            (above, tie) = (rest > half, rest == half)
        } else if k == 64 {
            whole = hi
            (above, tie) = (lo > 1 << 63, lo == 1 << 63)
        } else {
            whole = hi >> UInt64(k - 64)
            let restHigh = hi & ((1 << UInt64(k - 64)) - 1), halfHigh: UInt64 = 1 << UInt64(k - 65)
            (above, tie) = (restHigh > halfHigh || (restHigh == halfHigh && lo > 0), restHigh == halfHigh && lo == 0)
        }
        return whole + (above || (tie && whole % 2 == 1) ? 1 : 0)
    }
}
