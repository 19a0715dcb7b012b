import ResultFormat
import Testing

@testable import Analysis

@Suite struct ServerAgreementTests {
    static func record(id: Int, first: Int64, end: Int64, tokens: Int, decodeMs: Double?, decodeTokens: Int = 0, ok: Bool = true) -> RequestRecord {
        RequestRecord(
            id: id, scheduled: 0, sent: 0, firstToken: first, end: end, outputTokens: tokens, chunkTimes: [first],
            error: ok ? nil : RequestError(kind: .reset, message: "x"),
            serverTimings: decodeMs.map { ServerTimings(promptTokens: 10, promptMs: 5, decodeTokens: decodeTokens, decodeMs: $0) })
    }

    /// Hand-computed: client ITLs 10, 12, 20 ms; server 9, 11, 10 ms per gap; differences 1, 1,
    /// 10; p99 of |d| by numpy's linear rule = 1 + (10 − 1) × 0.98 = 9.82.
    @Test func knownValues() throws {
        let records = [
            Self.record(id: 0, first: 100_000, end: 100_000 + 10 * 10_000, tokens: 11, decodeMs: 90, decodeTokens: 11),
            Self.record(id: 1, first: 50_000, end: 50_000 + 5 * 12_000, tokens: 6, decodeMs: 55, decodeTokens: 6),
            Self.record(id: 2, first: 0, end: 2 * 20_000, tokens: 3, decodeMs: 20, decodeTokens: 3),
            // Not compared: no timings, failed, a single token.
            Self.record(id: 3, first: 0, end: 10_000, tokens: 5, decodeMs: nil),
            Self.record(id: 4, first: 0, end: 10_000, tokens: 5, decodeMs: 1, decodeTokens: 5, ok: false),
            Self.record(id: 5, first: 0, end: 10_000, tokens: 1, decodeMs: 1, decodeTokens: 1),
        ]
        let a = try #require(ServerAgreement(requests: records))
        #expect(a.requests == 3)
        #expect(abs(a.clientMedianMs - 12) < 1e-9)
        #expect(abs(a.serverMedianMs - 10) < 1e-9)
        #expect(abs(a.medianDifferenceMs - 1) < 1e-9)
        #expect(abs(a.p99AbsoluteDifferenceMs - 9.82) < 1e-9)
    }

    @Test func nothingToCompare() {
        #expect(ServerAgreement(requests: [Self.record(id: 0, first: 0, end: 10_000, tokens: 5, decodeMs: nil)]) == nil)
    }
}
