import ResultFormat
import Testing
@testable import Analysis

/// Total TPS series against the original Python pipeline's bisect code (Golden/peak_tps.json).
///
/// Ours uses exact integer-µs window edges; the original adds float seconds, so a chunk lying exactly
/// on an edge can fall on either side. The golden file lists the samples where that happens
/// (`seed_differs_at`); everywhere else the series must equal the original's, and everywhere they must
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

    /// Chunks carrying several tokens count every token (the original Python pipeline assumed one per chunk).
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

/// The O(n) difference-array computation against the definition, evaluated window by window,
/// on records that exercise every path: runs of chunks inside one window range, jumps longer
/// than 16 steps, times that go back, per-chunk token counts and usage spread evenly.
@Suite("Peak TPS against a window-by-window count")
struct PeakThroughputReferenceTests {
    static func reference(_ requests: [RequestRecord], tokenCount: TokenCountMethod, window: Int64, step: Int64) -> [Double] {
        // Samples run from the earliest first chunk to the latest last chunk (records keep their
        // chunks in arrival order; the ones that go back only test the edge arithmetic).
        guard let first = requests.compactMap(\.chunkTimes.first).min(), let last = requests.compactMap(\.chunkTimes.last).max()
        else { return [] }
        let lowHalf = window / 2, highHalf = window - lowHalf
        return (0...Int((last - first) / step)).map { k in
            let c = first + Int64(k) * step
            var tokens = 0.0
            for r in requests {
                let even = r.chunkTokens == nil && tokenCount == .usage && r.error == nil
                for (i, t) in r.chunkTimes.enumerated() where t >= c - lowHalf && t <= c + highHalf {
                    tokens += r.chunkTokens.map { Double($0[i]) } ?? (even ? Double(r.outputTokens) / Double(r.chunkTimes.count) : 1)
                }
            }
            return tokens / (Double(window) / 1_000_000)
        }
    }

    @Test("equal to the definition", arguments: [0, 1, 2, 3, 4, 5])
    func matchesDefinition(seed: UInt64) {
        var g = IntegerSelectionTests.TestStream(state: seed &+ 77)
        var records: [RequestRecord] = []
        for i in 0..<40 {
            var t = Int64(g.next() % 20_000_000)
            var times: [Int64] = []
            for _ in 0..<(1 + Int(g.next() % 300)) {
                times.append(t)
                switch g.next() % 100 {
                case 0: t += Int64(g.next() % 40_000_000)  // a jump of up to 40 s
                case 1: t = max(0, t - Int64(g.next() % 3_000_000))  // back in time
                default: t += Int64(g.next() % 60_000)
                }
            }
            let weights: [Int]? = seed % 2 == 0 ? times.map { _ in 1 + Int(g.next() % 4) } : nil
            records.append(RequestRecord(
                id: i, scheduled: 0, sent: 0, firstToken: times.min(), end: times.max()! + 10,
                outputTokens: (weights?.reduce(0, +) ?? times.count) + Int(g.next() % 7), chunkTimes: times, chunkTokens: weights,
                error: i % 9 == 4 ? RequestError(kind: .reset, message: "reset") : nil))
        }
        for (tokenCount, window, step) in [(TokenCountMethod.usage, 5.0, 1.0), (.events, 5.0, 1.0), (.usage, 2.0, 0.25), (.events, 1.0, 3.0)] {
            let got = PeakThroughput(requests: records, tokenCount: tokenCount, windowSeconds: window, stepSeconds: step).series
            let expected = Self.reference(
                records, tokenCount: tokenCount, window: Int64(window * 1_000_000), step: Int64(step * 1_000_000))
            #expect(got.count == expected.count)
            for (k, (a, b)) in zip(got, expected).enumerated() where abs(a - b) > 1e-9 * max(1, abs(b)) {
                Issue.record("seed \(seed) \(tokenCount) window \(window) step \(step) [\(k)]: \(a) vs \(b)")
                break
            }
        }
    }
}
