import Testing
@testable import Analysis

/// Mann–Whitney U and Fisher's exact test against scipy (Golden/mannwhitney.json, fisher.json).
struct MannWhitneyGoldenTests {
    struct File: Decodable { var cases: [Case] }
    struct Case: Decodable {
        var name: String
        var x: [Double]
        var y: [Double]
        var u: Double
        var p: Double
        var method: String
    }
    struct FisherFile: Decodable { var cases: [FisherCase] }
    struct FisherCase: Decodable {
        var failed_a: Int
        var total_a: Int
        var failed_b: Int
        var total_b: Int
        var p: Double
    }

    @Test func matchesScipy() throws {
        let file = try Golden.load("mannwhitney", as: File.self)
        #expect(file.cases.count >= 15)
        for c in file.cases {
            let r = try #require(MannWhitneyU(c.x, c.y))
            #expect(r.u == c.u, "\(c.name): U \(r.u) vs scipy \(c.u)")
            #expect(agrees(r.pValue, c.p), "\(c.name): p \(r.pValue) vs scipy \(c.p)")
            #expect(r.method.rawValue == c.method, "\(c.name): method")
        }
    }

    @Test func symmetricInItsSamples() throws {
        let file = try Golden.load("mannwhitney", as: File.self)
        for c in file.cases {
            let xy = try #require(MannWhitneyU(c.x, c.y)), yx = try #require(MannWhitneyU(c.y, c.x))
            #expect(xy.u + yx.u == Double(c.x.count * c.y.count))
            #expect(agrees(xy.pValue, yx.pValue))
        }
    }

    @Test func emptySampleHasNoTest() {
        #expect(MannWhitneyU([], [1, 2]) == nil)
    }

    @Test func fisherMatchesScipy() throws {
        let file = try Golden.load("fisher", as: FisherFile.self)
        for c in file.cases {
            let p = FisherExact.pValue(failedA: c.failed_a, totalA: c.total_a, failedB: c.failed_b, totalB: c.total_b)
            #expect(agrees(p, c.p), "\(c): \(p)")
        }
    }
}
