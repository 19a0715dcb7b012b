import Analysis
import Foundation
import Testing

@testable import SiteGen

@Suite("Box plots: p99, median labels, log axis, colours, determinism")
struct BoxPlotChartTests {
    /// A summary with the given percentiles (the other fields do not affect the drawing).
    static func summary(p5: Double, p25: Double, median: Double, p75: Double, p95: Double, p99: Double) -> Summary {
        var s = Summary([p5, median, p99])!
        (s.p5, s.p25, s.median, s.p75, s.p95, s.p99) = (p5, p25, median, p75, p95, p99)
        (s.min, s.max) = (p5, p99)
        return s
    }

    /// Draws `plot` on a raster at one pixel per unit, returning the surface and the layout.
    static func raster(_ plot: BoxPlot, width: Double = ChartStyle.readmeWidth) throws -> (Surface, BoxPlot.Layout) {
        let surface = try Surface.image(width: width, height: try plot.height(width: width), scale: 1)
        let canvas = try Canvas(surface)
        try plot.draw(on: canvas)
        return (surface, plot.layout(width: width, canvas: canvas))
    }

    static func isDark(_ c: Color?) -> Bool { c.map { $0.red + $0.green + $0.blue < 1.2 } ?? false }
    static func isWhite(_ c: Color?) -> Bool { c.map { $0.red > 0.97 && $0.green > 0.97 && $0.blue > 0.97 } ?? false }

    let rows = [
        BoxPlot.Row(label: "Acme", summary: summary(p5: 1, p25: 2, median: 3, p75: 4, p95: 5, p99: 9), slug: "acme"),
        BoxPlot.Row(label: "Bolt", summary: summary(p5: 1.5, p25: 2.5, median: 3.5, p75: 4.5, p95: 6, p99: 7), slug: "bolt-ai"),
    ]

    @Test("the same plot gives the same PNG and SVG bytes")
    func determinism() throws {
        let plot = BoxPlot(metric: .ttft, title: "TTFT", rows: rows)
        let png = try plot.png()
        let svg = SVGIdentifiers.normalize(try plot.svg())
        _ = try TrendChart(title: "other", axisLabel: "x", points: [.init(label: "a", value: 1)]).svg()
        #expect(try plot.png() == png)
        #expect(SVGIdentifiers.normalize(try plot.svg()) == svg)
        #expect(String(decoding: svg, as: UTF8.self).contains(#"width="420px""#))
    }

    @Test("a dot marks p99 beyond the p95 whisker, with nothing drawn between them")
    func p99Dot() throws {
        let (surface, l) = try Self.raster(BoxPlot(metric: .ttft, title: "TTFT", rows: rows))
        let y = Int(l.boxCentre(0).rounded(.down))
        let p95 = l.x(5), p99 = l.x(9)
        #expect(p99 - p95 > 40)
        #expect(Self.isDark(surface.pixel(x: Int(p99.rounded(.down)), y: y)))
        #expect(Self.isWhite(surface.pixel(x: Int(((p95 + p99) / 2).rounded(.down)), y: y)))
        // The legend says what the dot is.
        #expect(l.legend.joined(separator: " · ").contains("dot p99"))
        #expect(l.legend.joined(separator: " · ").contains("whiskers p5–p95"))
    }

    @Test("the median label is drawn even when the whiskers span the whole axis", arguments: [ChartStyle.readmeWidth, ChartStyle.siteWidth])
    func medianLabelWithWideWhiskers(width: Double) throws {
        // One row whose whiskers reach both ends of the axis (the old layout lost its label).
        let wide = [BoxPlot.Row(label: "Wide", summary: Self.summary(p5: 0.1, p25: 1, median: 2, p75: 3, p95: 3.9, p99: 4), slug: "wide")]
        let plot = BoxPlot(metric: .ttft, title: "TTFT", rows: wide)
        let (surface, l) = try Self.raster(plot, width: width)
        #expect(l.x(0.1) - l.x0 < 0.05 * (l.x1 - l.x0) && l.x1 - l.x(4) < 0.05 * (l.x1 - l.x0))
        #expect(plot.medianText(wide[0]) == "median 2.000 s")
        // Dark text pixels at the right end of the label line, which lies above the box.
        let baseline = Int(l.labelBaseline(0))
        var dark = 0
        for x in Int(l.x1 - 60)..<Int(l.x1) {
            for y in (baseline - 10)...baseline where Self.isDark(surface.pixel(x: x, y: y)) { dark += 1 }
        }
        #expect(dark > 20)
        #expect(l.labelBaseline(0) + 4 < l.boxCentre(0) - 10)
    }

    @Test("medians use the metric's decimals and unit, as the README and the site do")
    func decimals() {
        let s = Self.summary(p5: 40, p25: 44, median: 45.126, p75: 46, p95: 50, p99: 60)
        let row = BoxPlot.Row(label: "Acme", summary: s, slug: "acme")
        #expect(BoxPlot(metric: .tpot, title: "t", rows: [row]).medianText(row) == "median 45.13 ms")
        #expect(BoxPlot(metric: .ttft, title: "t", rows: [row]).medianText(row) == "median 45.126 s")
    }

    @Test("TTFT spanning more than 30x is drawn on a log axis, a narrow spread on a linear one")
    func logAxis() throws {
        let spread = [BoxPlot.Row(label: "A", summary: Self.summary(p5: 0.05, p25: 0.2, median: 0.4, p75: 0.8, p95: 2, p99: 6), slug: "a")]
        let (_, log) = try Self.raster(BoxPlot(metric: .ttft, title: "t", rows: spread))
        #expect(log.axis.isLog)
        #expect(log.axis.caption("TTFT (s)") == "TTFT (s, log scale)")
        // Positions are logarithmic: 0.1 to 1 and 1 to 10 are the same length.
        #expect(abs((log.x(1) - log.x(0.1)) - (log.x(10) - log.x(1))) < 1e-9)
        let (_, linear) = try Self.raster(BoxPlot(metric: .ttft, title: "t", rows: rows))
        #expect(!linear.axis.isLog)
    }

    @Test("a provider's box has its colour whatever its rank and whoever else is plotted")
    func colourFollowsProvider() throws {
        let colors = ProviderColors(slugs: ["acme", "bolt-ai", "cloudy"])
        func boxColour(_ rows: [BoxPlot.Row], slug: String) throws -> Color? {
            let (surface, l) = try Self.raster(BoxPlot(metric: .ttft, title: "t", rows: rows, colors: colors))
            let i = rows.firstIndex { $0.slug == slug }!
            let s = rows[i].summary
            return surface.pixel(x: Int(((l.x(s.p25) + l.x(s.median)) / 2).rounded(.down)), y: Int(l.boxCentre(i)))
        }
        let expected = colors.color(for: "acme").mixed(with: .white, 0.45)
        let third = BoxPlot.Row(label: "Cloudy", summary: Self.summary(p5: 0.5, p25: 1, median: 1.2, p75: 1.5, p95: 2, p99: 2.5), slug: "cloudy")
        for order in [rows, rows.reversed(), [third] + rows, [rows[0]]] {
            let got = try #require(try boxColour(order, slug: "acme"))
            #expect(abs(got.red - expected.red) < 0.01 && abs(got.green - expected.green) < 0.01 && abs(got.blue - expected.blue) < 0.01)
        }
    }
}
