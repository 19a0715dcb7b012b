import Testing
@testable import Analysis

/// Percentiles (type 7) and means against numpy (Golden/percentiles.json).
struct PercentileGoldenTests {
    struct File: Decodable { var cases: [Case] }
    struct Case: Decodable {
        var name: String
        var values: [Double]
        var percentiles: [String: Double]
        var mean: Double
    }

    @Test func percentilesMatchNumpy() throws {
        let file = try Golden.load("percentiles", as: File.self)
        #expect(file.cases.count >= 10)
        for c in file.cases {
            for (p, expected) in c.percentiles {
                let got = Percentile.of(c.values, Double(p)!)
                #expect(agrees(got, expected), "\(c.name) p\(p): \(got) vs numpy \(expected)")
            }
        }
    }

    @Test func summaryMatchesNumpy() throws {
        let file = try Golden.load("percentiles", as: File.self)
        for c in file.cases {
            let s = try #require(Summary(c.values))
            #expect(s.count == c.values.count)
            #expect(agrees(s.mean, c.mean), "\(c.name) mean \(s.mean) vs \(c.mean)")
            #expect(agrees(s.min, c.percentiles["0"]!), "\(c.name) min")
            #expect(agrees(s.max, c.percentiles["100"]!), "\(c.name) max")
            #expect(agrees(s.median, c.percentiles["50"]!), "\(c.name) median")
            #expect(agrees(s.p5, c.percentiles["5"]!), "\(c.name) p5")
            #expect(agrees(s.p25, c.percentiles["25"]!), "\(c.name) p25")
            #expect(agrees(s.p75, c.percentiles["75"]!), "\(c.name) p75")
            #expect(agrees(s.p95, c.percentiles["95"]!), "\(c.name) p95")
            #expect(agrees(s.p99, c.percentiles["99"]!), "\(c.name) p99")
        }
    }

    @Test func emptySampleHasNoSummary() {
        #expect(Summary([]) == nil)
    }
}
