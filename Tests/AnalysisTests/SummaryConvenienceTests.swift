import Randomness
import ResultFormat
import Testing
@testable import Analysis

/// The shortcuts from result files and summaries agree with the primitive API.
struct SummaryConvenienceTests {
    static func file(slug: String, runID: String, ttftMillis: Int64) -> ResultFile {
        var requests = (0..<60).map { i in
            TestData.request(id: i, sent: Int64(i) * 100_000, ttft: ttftMillis * 1000 + Int64(i % 7) * 3_000, tokens: 20, gap: 20_000)
        }
        requests.append(TestData.failure(id: 60, sent: 6_000_000, kind: .rateLimited))
        return ResultFile(
            run: RunInfo(id: runID, startedAt: "2026-01-01T00:00:00Z", endedAt: "2026-01-01T00:01:00Z", benchVersion: "test", source: .synthetic),
            provider: ProviderInfo(name: slug.uppercased(), slug: slug, api: "openai-chat", baseURL: "http://127.0.0.1", model: "m"),
            workload: WorkloadInfo(
                fingerprint: "sha256:w", arrival: "test", requestCount: 61, seed: 1, promptSource: "test", temperature: 0.7, topP: 1,
                maxTokens: 20, timeoutSeconds: 60),
            tokenCount: .events, requests: requests)
    }

    @Test func summaryShortcuts() throws {
        let f = Self.file(slug: "acme", runID: "2026-01-01T00-00-00Z", ttftMillis: 300)
        let summary = ProviderRunSummary(file: f)
        let sample = ProviderSample(summary: summary, metric: .ttft)
        #expect(sample.slug == "acme" && sample.name == "ACME" && sample.values == summary.metrics.ttft)
        let ci = try #require(MedianBootstrap().medianInterval(of: .ttft, in: summary))
        let direct = MedianBootstrap().medianInterval(summary.metrics.ttft, seed: StableSeed.of(["acme", "2026-01-01T00-00-00Z", "TTFT"]))
        #expect(ci == direct)
        #expect(PeakThroughputDecision.Entry(summary: summary).series == summary.throughput.series)
        let fromFile = RunSample(file: f), fromSummary = RunSample(summary: summary, workloadFingerprint: "sha256:w")
        #expect(fromFile == fromSummary)
        #expect(fromFile.failedRequests == 1 && fromFile.totalRequests == 61)
        #expect(fromFile.latency[.itl]!.count == 60)
    }
}
