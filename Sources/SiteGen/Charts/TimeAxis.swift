/// A horizontal time axis (UTC): positions proportional to time, and ticks at round times
/// (minutes, hours, days, months or years) spaced so that their labels never overlap.
public struct TimeAxis: Sendable {
    /// Seconds since 1970-01-01T00:00:00Z at the left and right ends of the axis.
    public let start: Double
    public let end: Double

    /// An axis over `times`, padded by `padding` of the span on each side (an hour each side for a
    /// single time), so the first and last points sit inside the plot.
    public init(times: [Double], padding: Double = 0.04) {
        let lo = times.min() ?? 0, hi = times.max() ?? 0
        if hi - lo < 60 {
            start = lo - 3600
            end = hi + 3600
        } else {
            start = lo - (hi - lo) * padding
            end = hi + (hi - lo) * padding
        }
    }

    /// An axis from `start` to `end` (e.g. run indexes when runs have no times).
    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    /// Position of `time` on an axis drawn from `x0` to `x1`.
    public func position(_ time: Double, from x0: Double, to x1: Double) -> Double {
        x0 + (time - start) / (end - start) * (x1 - x0)
    }

    /// A tick: its time and label.
    public struct Tick: Sendable, Equatable {
        public var time: Double
        public var label: String
    }

    /// The finest tick step whose labels, measured by `width` and moved inside `bounds` where they
    /// would stick out, keep a gap of `gap` units, for an axis drawn from `x0` to `x1`; and a caption naming the time zone and,
    /// when the axis lies within one day, the day.
    func ticks(
        from x0: Double, to x1: Double, bounds: ClosedRange<Double>, gap: Double = 14, width: (String) -> Double
    ) -> (ticks: [Tick], caption: String) {
        for step in TimeStep.all {
            let ticks = step.ticks(from: start, to: end)
            if ticks.isEmpty { continue }
            let widths = ticks.map { width($0.label) }
            let lefts = ticks.indices.map { Self.labelLeft(x: position(ticks[$0].time, from: x0, to: x1), width: widths[$0], bounds: bounds) }
            var fits = true
            for i in ticks.indices.dropFirst() where lefts[i] < lefts[i - 1] + widths[i - 1] + gap { fits = false }
            if fits {
                let day = step.seconds < 86_400 ? CivilTime(start).dateText : nil
                let sameDay = day != nil && CivilTime(end).dateText == day
                return (ticks, sameDay ? "run start, \(day!) (UTC)" : "run start (UTC)")
            }
        }
        return ([], "run start (UTC)")
    }

    /// Left end of a label `width` wide centred under `x`, moved inside `bounds` where it would
    /// stick out (the first and last labels of an axis).
    static func labelLeft(x: Double, width: Double, bounds: ClosedRange<Double>) -> Double {
        min(max(x - width / 2, bounds.lowerBound), bounds.upperBound - width)
    }
}

/// A candidate tick step of a time axis.
struct TimeStep: Sendable {
    /// Length in seconds (months and years: their average, for ordering only).
    var seconds: Double
    /// Calendar months per step (0 for fixed-length steps).
    var months: Int

    static let all: [TimeStep] =
        [60.0, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800, 1_209_600]
        .map { TimeStep(seconds: $0, months: 0) }
        + [1, 2, 3, 6, 12, 24, 60, 120].map { TimeStep(seconds: Double($0) * 2_629_746, months: $0) }

    /// Tick times in `start...end`: multiples of the step since the epoch (weeks start on a
    /// Monday), or the first day of every `months`-th month.
    func ticks(from start: Double, to end: Double) -> [TimeAxis.Tick] {
        var times: [Double] = []
        if months == 0 {
            let offset = seconds >= 604_800 ? 4 * 86_400.0 : 0  // 1970-01-05 was a Monday
            var t = ((start - offset) / seconds).rounded(.up) * seconds + offset
            while t <= end && times.count < 500 {
                times.append(t)
                t += seconds
            }
        } else {
            let first = CivilTime(start)
            var index = first.year * 12 + (first.month - 1)
            index = (index + months - 1) / months * months
            while times.count < 500 {
                let t = CivilTime.epochSeconds(year: index / 12, month: index % 12 + 1, day: 1)
                if t > end { break }
                if t >= start { times.append(t) }
                index += months
            }
        }
        return times.map { TimeAxis.Tick(time: $0, label: label($0)) }
    }

    /// `11:05` under a day, `Dec 5` for days and weeks, `Dec 2026` for months, `2026` for years;
    /// `Dec 5 12:00` for sub-day steps whose ticks span several days.
    func label(_ t: Double) -> String {
        let c = CivilTime(t)
        if months >= 12 { return String(c.year) }
        if months > 0 { return "\(CivilTime.monthNames[c.month - 1]) \(c.year)" }
        if seconds >= 86_400 { return "\(CivilTime.monthNames[c.month - 1]) \(c.day)" }
        let hm = CivilTime.twoDigits(c.hour) + ":" + CivilTime.twoDigits(c.minute)
        return c.hour == 0 && c.minute == 0 && seconds >= 3600 ? "\(CivilTime.monthNames[c.month - 1]) \(c.day)" : hm
    }
}

/// A UTC calendar date and time, converted without Foundation (no locale, no time zone database).
public struct CivilTime: Sendable, Equatable {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Double

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The UTC date and time `seconds` after the epoch.
    public init(_ seconds: Double) {
        let days = Int((seconds / 86_400).rounded(.down))
        let rest = seconds - Double(days) * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        hour = Int(rest / 3600)
        minute = Int((rest - Double(hour) * 3600) / 60)
        second = rest - Double(hour) * 3600 - Double(minute) * 60
    }

    /// `2026-12-05`.
    public var dateText: String {
        String(year) + "-" + Self.twoDigits(month) + "-" + Self.twoDigits(day)
    }

    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Seconds since the epoch of a UTC date (Howard Hinnant's days_from_civil).
    public static func epochSeconds(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Double = 0) -> Double {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days) * 86_400 + Double(hour * 3600 + minute * 60) + second
    }

    /// Seconds since the epoch of an RFC 3339 time such as `2026-12-05T11:03:50.123Z` or
    /// `2026-12-05T12:03:50+01:00` (a run's `started_at`); nil when `text` is not one.
    public static func epochSeconds(rfc3339 text: String) -> Double? {
        let b = Array(text.utf8)
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var n = 0
            for i in from..<(from + count) {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                n = n * 10 + Int(b[i] - 48)
            }
            return n
        }
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2), let hour = digits(11, 2),
            let minute = digits(14, 2), let whole = digits(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, whole < 61
        else { return nil }
        var i = 19
        var fraction = 0.0
        if b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            let digitsStart = i
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                fraction += Double(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            if i == digitsStart { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard i + 6 == b.count, b[i + 3] == UInt8(ascii: ":"), let oh = digits(i + 1, 2), let om = digits(i + 4, 2) else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        return epochSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: Double(whole) + fraction) - Double(offset)
    }
}
