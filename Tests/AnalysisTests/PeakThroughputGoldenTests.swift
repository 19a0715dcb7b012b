import ResultFormat
import Testing
@testable import Analysis

/// Total TPS series against the seed's bisect code (Golden/peak_tps.json).
///
/// Ours uses exact integer-µs window edges; the seed adds float seconds, so a chunk lying exactly
/// on an edge can fall on either side. The golden file lists the samples where that happens
/// (`seed_differs_at`); everywhere else the series must equal the seed's, and everywhere they must
/// equal the exact integer rule.
struct PeakThroughputGoldenTests {
    struct File: Decodable {
        var cases: [Case]
        var weighted: Weighted
    }
    struct Weighted: Decodable {
        var requests: [WeightedRequest]
        var series: [Double]
    }
    struct WeightedRequest: Decodable {
        var chunk_times_us: [Int64]
        var chunk_tokens: [Int]
    }
    struct Case: Decodable {
        var name: String
        var window_seconds: Double
        var step_seconds: Double
        var requests: [Request]
        var seed_series: [Double]
        var exact_series: [Double]
        var seed_differs_at: [Int]
        var peak: Double
    }
    struct Request: Decodable {
        var chunk_times_us: [Int64]
        var failed: Bool
    }

    static func records(_ c: Case) -> [RequestRecord] {
        c.requests.enumerated().map { i, r in
            let first = r.chunk_times_us.min()!
            return RequestRecord(
                id: i, scheduled: max(0, first - 300_000), sent: max(0, first - 300_000), firstToken: first,
                end: r.chunk_times_us.max()! + 10, outputTokens: r.chunk_times_us.count, chunkTimes: r.chunk_times_us.sorted(),
                error: r.failed ? RequestError(kind: .reset, message: "reset") : nil)
        }
    }

    @Test func seriesMatchesSeedAndExactRule() throws {
        let file = try Golden.load("peak_tps", as: File.self)
        var documentedDifferences = 0
        for c in file.cases {
            let tps = PeakThroughput(
                requests: Self.records(c), tokenCount: .events, windowSeconds: c.window_seconds, stepSeconds: c.step_seconds)
            #expect(tps.series.count == c.exact_series.count, "\(c.name) length")
            for (i, (got, exact)) in zip(tps.series, c.exact_series).enumerated() {
                #expect(agrees(got, exact), "\(c.name)[\(i)]: \(got) vs exact \(exact)")
                if !c.seed_differs_at.contains(i) {
                    #expect(agrees(got, c.seed_series[i]), "\(c.name)[\(i)]: \(got) vs seed \(c.seed_series[i])")
                }
            }
            documentedDifferences += c.seed_differs_at.count
            #expect(agrees(tps.peak, c.peak), "\(c.name) peak")
        }
        // The float-edge cases must exist, or the comparison above proves less than it claims.
        #expect(documentedDifferences > 0)
    }

    /// Chunks carrying several tokens count every token (the seed assumed one per chunk).
    @Test func weightedChunksMatchExactRule() throws {
        let w = try Golden.load("peak_tps", as: File.self).weighted
        let records = w.requests.enumerated().map { i, r in
            RequestRecord(
                id: i, scheduled: 0, sent: 0, firstToken: r.chunk_times_us[0], end: r.chunk_times_us.last! + 10,
                outputTokens: r.chunk_tokens.reduce(0, +), chunkTimes: r.chunk_times_us, chunkTokens: r.chunk_tokens)
        }
        let tps = PeakThroughput(requests: records, tokenCount: .usage)
        #expect(tps.series.count == w.series.count)
        for (i, (got, expected)) in zip(tps.series, w.series).enumerated() {
            #expect(agrees(got, expected), "weighted[\(i)]: \(got) vs \(expected)")
        }
    }
}
