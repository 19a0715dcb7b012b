import Foundation
import Testing

@testable import SiteGen

@Suite("All-providers and per-provider trend charts")
struct ProviderTrendsChartTests {
    static let day = 86_400.0
    static let t0 = CivilTime.epochSeconds(year: 2026, month: 12, day: 1, hour: 6)
    /// Runs on days 0, 1, 2 and 9: uneven gaps, so index and time placements differ.
    static let days = [0.0, 1, 2, 9]

    static func series(_ slug: String, _ name: String, base: Double) -> ProviderTrendsChart.Series {
        .init(slug: slug, name: name, points: days.enumerated().map { i, d in
            .init(time: t0 + d * day, median: base + Double(i) * 0.1, low: base + Double(i) * 0.1 - 0.05, high: base + Double(i) * 0.1 + 0.05)
        })
    }

    let chart = ProviderTrendsChart(metric: .ttft, series: [series("acme", "Acme", base: 0.4), series("bolt-ai", "Bolt AI", base: 0.8)])

    @Test("same input, same SVG bytes, whatever was drawn before")
    func determinism() {
        let a = chart.svg()
        _ = ProviderTrendsChart(quantity: .peakTotalTPS, series: [Self.series("x", "X", base: 100)]).svg()
        #expect(chart.svg() == a)
        #expect(a.hasPrefix("<?xml") && a.contains(#"width="420px""#))
    }

    @Test("x positions are proportional to the runs' start times and the newest run is inside the plot")
    func xByTime() throws {
        let c = try Canvas(Surface.image(width: 1, height: 1, scale: 1))
        let f = chart.frame(measuringWith: c)
        let xs = Self.days.map { f.x(Self.t0 + $0 * Self.day) }
        // Gap day 2 → day 9 is seven times gap day 1 → day 2.
        #expect(abs((xs[3] - xs[2]) / (xs[2] - xs[1]) - 7) < 1e-9)
        #expect(xs.first! > f.x0 && xs.last! < f.x1)
    }

    @Test("each provider's line is in its colour, whatever the order of the series")
    func colours() throws {
        let colors = ProviderColors(slugs: ["acme", "bolt-ai", "cloudy"])
        for series in [chart.series, chart.series.reversed(), chart.series + [Self.series("cloudy", "Cloudy", base: 1.5)]] {
            let ch = ProviderTrendsChart(metric: .ttft, series: series, colors: colors)
            let measure = try Canvas(Surface.image(width: 1, height: 1, scale: 1))
            let legend = ch.legendLayout(measure)
            let surface = try Surface.image(width: ProviderTrendsChart.width, height: ch.legendTop + legend.height + 8, scale: 1)
            let canvas = try Canvas(surface)
            try ch.draw(on: canvas, legend: legend)
            let f = ch.frame(measuringWith: canvas)
            for s in series {
                let p = s.points[3]
                let got = try #require(surface.pixel(x: Int(f.x(p.time).rounded(.down)), y: Int(f.y(p.median).rounded(.down))))
                let want = colors.color(for: s.slug)
                #expect(abs(got.red - want.red) < 0.02 && abs(got.green - want.green) < 0.02 && abs(got.blue - want.blue) < 0.02, "\(s.slug)")
            }
        }
    }

    @Test("values spanning more than 30x get a log axis")
    func logAxis() throws {
        let wide = ProviderTrendsChart(metric: .ttft, series: [Self.series("a", "A", base: 0.06), Self.series("b", "B", base: 3)])
        let c = try Canvas(Surface.image(width: 1, height: 1, scale: 1))
        #expect(wide.frame(measuringWith: c).value.isLog)
        #expect(!chart.frame(measuringWith: c).value.isLog)
    }

    @Test("a provider's trend chart places runs by time when every point has one, by index otherwise")
    func providerTrend() throws {
        let timed = TrendChart(title: "t", axisLabel: "TTFT (s)", points: Self.days.map {
            .init(label: "d", time: Self.t0 + $0 * Self.day, value: 1)
        })
        let c = try Canvas(Surface.image(width: 1, height: 1, scale: 1))
        let f = timed.frame(measuringWith: c, legendRows: 1)
        let xs = timed.times.map { f.x($0) }
        #expect(abs((xs[3] - xs[2]) / (xs[2] - xs[1]) - 7) < 1e-9)
        #expect(xs.last! < f.x1)
        let untimed = TrendChart(title: "t", axisLabel: "TTFT (s)", points: Self.days.map { _ in .init(label: "d", value: 1) })
        #expect(!untimed.byTime)
        let g = untimed.frame(measuringWith: c, legendRows: 1)
        let ys = untimed.times.map { g.x($0) }
        #expect(abs((ys[3] - ys[2]) - (ys[2] - ys[1])) < 1e-9)
        // Same bytes twice.
        #expect(try timed.svg() == timed.svg())
    }
}
