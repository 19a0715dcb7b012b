import ResultFormat
import Randomness
import Testing
@testable import Analysis

@Suite("Order statistics by integer selection")
struct IntegerSelectionTests {
    /// Test data from the project's seeded generator, 53 bits a draw.
    struct TestStream {
        var rng: SplitMix64
        init(state: UInt64) { rng = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { rng.next() >> 11 }
    }

    static let shapes = ["ties", "wide", "concentrated-with-outliers", "negative", "extremes", "one-value"]

    static func sample(_ shape: String, count n: Int) -> [Int64] {
        var g = TestStream(state: UInt64(n) &* 0x9E3779B97F4A7C15 &+ UInt64(shape.utf8.count))
        return (0..<n).map { i -> Int64 in
            let u = g.next()
            switch shape {
            case "ties": return Int64(u % 50)
            case "wide": return Int64(u % 600_000_000)
            case "concentrated-with-outliers":
                // Most values within 20–30 ms, a few up to ten minutes: several narrowing levels.
                return i % 997 == 0 ? Int64(u % 600_000_000) : 20_000 + Int64(u % 10_000)
            case "negative": return Int64(u % 2_000_000) - 1_000_000
            case "extremes": return i % 3 == 0 ? Int64.min + Int64(u % 7) : (i % 3 == 1 ? Int64.max - Int64(u % 7) : Int64(u % 100))
            default: return 42
            }
        }
    }

    @Test("every requested rank equals the sorted sample's", arguments: shapes, [1, 7, 2_048, 2_049, 70_001])
    func matchesSort(shape: String, count: Int) {
        let values = Self.sample(shape, count: count)
        let sorted = values.sorted()
        var ranks: Set<Int> = [0, count - 1, count / 2, (count - 1) * 99 / 100, count / 20]
        for k in stride(from: 0, to: count, by: max(1, count / 37)) { ranks.insert(k) }
        let got = IntegerSelection.orderStatistics(values, ranks: ranks)
        #expect(got.count == ranks.count)
        for r in ranks { #expect(got[r] == sorted[r], "rank \(r) of \(shape) × \(count)") }
    }

    @Test("32-bit samples give the same order statistics", arguments: ["ties", "wide", "negative"])
    func narrowIntegers(shape: String) {
        let wide = Self.sample(shape, count: 9_001)
        let narrow = wide.map { Int32($0) }
        let ranks: Set<Int> = [0, 17, 4_500, 8_910, 9_000]
        #expect(IntegerSelection.orderStatistics(narrow, ranks: ranks) == IntegerSelection.orderStatistics(wide, ranks: ranks))
    }

    @Test("a gap longer than 32 bits of microseconds takes the 64-bit path")
    func hugeGap() throws {
        let times: [Int64] = [0, 10, 3_000_000_010, 3_000_000_030] + (1...5_000).map { 3_000_000_030 + Int64($0) * 7 }
        let r = RequestRecord(id: 0, scheduled: 0, sent: 0, firstToken: 0, end: times.last!, outputTokens: times.count, chunkTimes: times)
        let got = try #require(RequestMetrics.interChunkGapSummary([r]))
        let expected = try #require(Summary(RequestMetrics.interChunkGaps([r])))
        #expect(got.max == expected.max && got.max == 3_000_000)
        #expect(got.median == expected.median && got.p99 == expected.p99 && got.min == expected.min)
    }

    @Test(
        "pooled inter-chunk gap summary equals the sorting summary",
        arguments: [(1, false), (2, false), (30, false), (600, false), (30, true), (600, true)])
    func gapSummary(requests: Int, spread: Bool) throws {
        var g = TestStream(state: UInt64(requests))
        var records: [RequestRecord] = []
        for i in 0..<requests {
            var t = Int64(g.next() % 1_000_000)
            let tokens = 1 + Int(g.next() % 1_024)
            var times: [Int64] = []
            for _ in 0..<tokens {
                times.append(t)
                // Integer-microsecond gaps with many ties and a long tail.
                // `spread`: uniform over 3 s, too wide to count (the histogram-selection path).
                t += spread || g.next() % 50 == 0 ? Int64(g.next() % 3_000_000) : Int64(g.next() % 40_000)
            }
            let failed = i % 11 == 5
            records.append(RequestRecord(
                id: i, scheduled: 0, sent: 0, firstToken: times[0], end: t, outputTokens: tokens, chunkTimes: times,
                error: failed ? RequestError(kind: .reset, message: "reset") : nil))
        }
        let expected = Summary(RequestMetrics.interChunkGaps(records))
        let got = RequestMetrics.interChunkGapSummary(records)
        // The same summary when counted during the peak-TPS walk of a provider's run.
        var file = SummaryConvenienceTests.file(slug: "acme", runID: "2026-01-01T00-00-00Z", ttftMillis: 300)
        file.requests = records
        #expect(ProviderRunSummary(file: file).interChunkGaps == got)
        #expect(got?.count == expected?.count)
        #expect(got?.min == expected?.min)
        #expect(got?.max == expected?.max)
        #expect(got?.median == expected?.median)
        #expect(got?.p5 == expected?.p5)
        #expect(got?.p25 == expected?.p25)
        #expect(got?.p75 == expected?.p75)
        #expect(got?.p95 == expected?.p95)
        #expect(got?.p99 == expected?.p99)
        if let a = got?.mean, let b = expected?.mean { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) } else {
            #expect(got == nil && expected == nil)
        }
    }
}

@Suite("Exact division for the peak-TPS windows")
struct ExactDividerTests {
    static func referenceFloor(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    @Test("floor and ceiling agree with integer division", arguments: [1, 3, 1_000, 999_983, 1_000_000, 5_000_000])
    func agrees(divisor: Int64) {
        let d = ExactDivider(divisor)
        var g = IntegerSelectionTests.TestStream(state: UInt64(divisor))
        var cases: [Int64] = [0, 1, -1, divisor, -divisor, divisor - 1, 1 - divisor, divisor + 1, -divisor - 1]
        for k in [Int64(7), 123_456, 86_400_000] { cases += [k * divisor, k * divisor - 1, k * divisor + 1, -k * divisor, -k * divisor + 1] }
        for _ in 0..<5_000 { cases.append(Int64(g.next() % 4_000_000_000_000) - 2_000_000_000_000) }
        for a in cases {
            #expect(d.floor(a) == Self.referenceFloor(a, divisor), "floor(\(a) / \(divisor))")
            #expect(d.ceil(a) == -Self.referenceFloor(-a, divisor), "ceil(\(a) / \(divisor))")
        }
    }
}
