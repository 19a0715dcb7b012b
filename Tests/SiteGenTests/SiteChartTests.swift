import Analysis
import Foundation
import Testing
@testable import SiteGen

@Suite("Site charts and statistics")
struct SiteChartTests {
    @Test("SVG ids are renumbered in order and references follow")
    func renumber() {
        let svg = Array(##"<svg><defs><g id="glyph3-1"><path/></g><clipPath id="clip17"><rect/></clipPath></defs><use xlink:href="#glyph3-1" x="1"/><g clip-path="url(#clip17)" fill="#3d3d3d"/><g id="surface42"/></svg>"##.utf8)
        let out = String(decoding: SVGIdentifiers.normalize(svg), as: UTF8.self)
        #expect(out == ##"<svg><defs><g id="c0"><path/></g><clipPath id="c1"><rect/></clipPath></defs><use xlink:href="#c0" x="1"/><g clip-path="url(#c1)" fill="#3d3d3d"/><g id="c2"/></svg>"##)
    }

    @Test("the same chart gives the same SVG bytes whatever was rendered before")
    func chartDeterminism() throws {
        let s = try #require(Summary([0.1, 0.2, 0.3, 0.5, 0.8, 1.3]))
        let plot = BoxPlot(title: "TTFT", axisLabel: "TTFT (s)", rows: [.init(label: "alpha", summary: s)])
        let first = SVGIdentifiers.normalize(try plot.svg())
        _ = try TrendChart(title: "other", axisLabel: "x", points: [.init(label: "a", value: 1)]).svg()
        let second = SVGIdentifiers.normalize(try plot.svg())
        #expect(first == second)
        let trend = TrendChart(title: "Median TTFT", axisLabel: "TTFT (s)", bandLabel: "p25–p75", points: (0..<30).map {
            .init(label: "2026-01-\($0)", value: 0.5 + Double($0 % 7) / 10, bandLow: 0.3, bandHigh: 1.2)
        })
        let a = try trend.svg()
        _ = try plot.svg()
        #expect(try trend.svg() == a)
        #expect(String(decoding: a, as: UTF8.self).contains("<svg"))
    }
}
