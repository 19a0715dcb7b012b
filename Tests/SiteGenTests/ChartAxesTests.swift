import Foundation
import Testing

@testable import SiteGen

@Suite("Chart axes: time, log decision, calendar")
struct ChartAxesTests {
    @Test("RFC 3339 times convert to epoch seconds as Foundation's ISO 8601 parser does")
    func rfc3339() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        for text in ["1970-01-01T00:00:00Z", "2026-12-05T11:03:50Z", "2000-02-29T23:59:59Z", "2026-03-01T00:00:00+02:00", "1999-12-31T22:30:00-01:30"] {
            let expected = try #require(formatter.date(from: text)).timeIntervalSince1970
            #expect(CivilTime.epochSeconds(rfc3339: text) == expected, "\(text)")
        }
        #expect(CivilTime.epochSeconds(rfc3339: "2026-12-05T11:03:50.182Z") == 1_796_468_630.182)
        for bad in ["", "2026-12-05", "2026-12-05T11:03:50", "2026-13-05T11:03:50Z", "2026-12-05T11:03:50.Z", "2026-12-05T11:03:50Zx"] {
            #expect(CivilTime.epochSeconds(rfc3339: bad) == nil, "\(bad)")
        }
    }

    @Test("civil dates round-trip through epoch seconds")
    func civilRoundTrip() {
        for seconds in stride(from: -86_400.0 * 400, through: 86_400.0 * 40_000, by: 86_400.0 * 37 + 3_661) {
            let c = CivilTime(seconds)
            #expect(CivilTime.epochSeconds(year: c.year, month: c.month, day: c.day, hour: c.hour, minute: c.minute, second: c.second) == seconds)
        }
        #expect(CivilTime(1_796_468_630).dateText == "2026-12-05")
    }

    @Test("x positions are proportional to time, not to the run's index")
    func timeProportional() {
        let times = [1_000_000.0, 1_000_060, 1_086_400, 1_090_000]
        let axis = TimeAxis(times: times)
        let xs = times.map { axis.position($0, from: 40, to: 400) }
        for i in 1..<times.count - 1 {
            let ratio = (xs[i + 1] - xs[i]) / (xs[i] - xs[i - 1])
            let expected = (times[i + 1] - times[i]) / (times[i] - times[i - 1])
            #expect(abs(ratio - expected) < 1e-9 * expected)
        }
        // Padded inside the axis: the first and the newest point are both on the plot.
        #expect(xs.first! > 40 && xs.last! < 400)
    }

    @Test("time ticks never overlap and fall on round times")
    func timeTicks() {
        let width: (String) -> Double = { Double($0.count) * 7.5 }  // about DejaVu Sans at 12 units
        let cases: [[Double]] = [
            [0, 300, 600].map { 1_796_468_630 + $0 },  // three runs five minutes apart
            (0..<30).map { 1_796_468_630 + Double($0) * 86_400 },  // a month of daily runs
            (0..<200).map { 1_796_468_630 + Double($0) * 86_400 * 3 },  // a year and a half
            [1_796_468_630],
        ]
        for times in cases {
            let axis = TimeAxis(times: times)
            let (ticks, caption) = axis.ticks(from: 40, to: 400, bounds: 4...416, width: width)
            #expect(!ticks.isEmpty)
            #expect(caption.hasPrefix("run start"))
            let lefts = ticks.map { TimeAxis.labelLeft(x: axis.position($0.time, from: 40, to: 400), width: width($0.label), bounds: 4...416) }
            for i in ticks.indices.dropFirst() {
                #expect(lefts[i] >= lefts[i - 1] + width(ticks[i - 1].label) + 14)
            }
            #expect(lefts.first! >= 4 && lefts.last! + width(ticks.last!.label) <= 416)
            for t in ticks { #expect(t.time.truncatingRemainder(dividingBy: 60) == 0) }
        }
        let daily = TimeAxis(times: (0..<30).map { 1_796_468_630 + Double($0) * 86_400 })
        let labels = daily.ticks(from: 40, to: 400, bounds: 4...416, width: width).ticks.map(\.label)
        #expect(labels.allSatisfy { $0.hasPrefix("Dec ") || $0.hasPrefix("Jan ") }, "\(labels)")
        // A year of runs: quarters, the last label (Jan 2027, at the axis' end) moved inside the chart.
        let t0 = CivilTime.epochSeconds(year: 2026, month: 1, day: 3, hour: 6)
        let year = TimeAxis(times: (0..<200).map { t0 + Double($0) * 86_400 * 1.8 })
        let quarters = year.ticks(from: 48, to: 404, bounds: 4...416, width: width).ticks.map(\.label)
        #expect(quarters == ["Jan 2026", "Apr 2026", "Jul 2026", "Oct 2026", "Jan 2027"])
    }

    @Test("log scale only when every value is positive and max/min exceeds 30")
    func logDecision() {
        #expect(!ValueAxis.wantsLog([0.1, 2.9]))
        #expect(!ValueAxis.wantsLog([0.1, 3.0]))
        #expect(ValueAxis.wantsLog([0.1, 3.01]))
        #expect(!ValueAxis.wantsLog([0, 0.1, 100]))
        #expect(!ValueAxis.wantsLog([]))
        let log = ValueAxis(values: [0.043, 0.2, 5.7], maxTicks: 7)
        #expect(log.isLog)
        #expect(log.caption("TTFT (s)") == "TTFT (s, log scale)")
        #expect(ValueAxis(values: [1, 2]).caption("TTFT (s)") == "TTFT (s)")
        // The ends cover the data with a 4% margin in decades, positions are logarithmic, ticks
        // are the 1-2-5 values inside.
        guard case .log(let lower, let upper, let ticks) = log.kind else { Issue.record("not log"); return }
        let span = log10(5.7 / 0.043)
        #expect(abs(log10(lower) - (log10(0.043) - 0.04 * span)) < 1e-12)
        #expect(abs(log10(upper) - (log10(5.7) + 0.04 * span)) < 1e-12)
        let mid = log.position(sqrt(lower * upper), from: 0, to: 100)
        #expect(abs(mid - 50) < 1e-9)
        #expect(abs(log.position(0.1, from: 0, to: 100) - (log10(0.1) - log10(lower)) / (log10(upper) - log10(lower)) * 100) < 1e-9)
        #expect(ticks.map { log.label($0) } == ["0.05", "0.1", "0.2", "0.5", "1", "2", "5"])
        // Too many 1-2-5 ticks for the room: fewer per decade.
        let narrow = ValueAxis(values: [0.043, 5.7], maxTicks: 4)
        #expect(narrow.ticks.map { narrow.label($0) } == ["0.1", "0.3", "1", "3"])
    }
}
