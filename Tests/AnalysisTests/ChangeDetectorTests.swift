import Randomness
import Testing
@testable import Analysis

struct ChangeDetectorTests {
    static func run(
        _ id: String, slug: String = "p", fingerprint: String = "sha256:w", ttftMedian: Double, seed: UInt64,
        failed: Int = 0, total: Int = 1200
    ) -> RunSample {
        var rng = SeededGenerator(seed: seed)
        let ttft = TestData.lognormal(count: total - failed, median: ttftMedian, sigma: 0.5, &rng)
        let tpot = TestData.lognormal(count: total - failed, median: 25, sigma: 0.3, &rng)
        let itl = TestData.lognormal(count: total - failed, median: 20, sigma: 0.3, &rng)
        return RunSample(
            runID: id, providerSlug: slug, workloadFingerprint: fingerprint, latency: [.ttft: ttft, .tpot: tpot, .itl: itl],
            totalRequests: total, failedRequests: failed)
    }

    @Test func regressionAgainstPreviousRun() throws {
        let before = Self.run("2026-01-01", ttftMedian: 0.5, seed: 1)
        let after = Self.run("2026-01-02", ttftMedian: 0.7, seed: 2)
        let a = try #require(ChangeDetector.compare(metric: .ttft, current: after, baseline: [before], kind: .previous))
        #expect(a.direction == .regression)
        #expect(a.kind == .previous)
        #expect(a.baselineRunIDs == ["2026-01-01"])
        #expect(a.relativeChange > 0.3 && a.relativeChange < 0.5)
        #expect(a.ci.lower > 0 && a.ci.contains(a.relativeChange))
        #expect(a.pValue < 1e-10)
        // The reverse is an improvement.
        let b = try #require(ChangeDetector.compare(metric: .ttft, current: before, baseline: [after], kind: .previous))
        #expect(b.direction == .improvement && b.relativeChange < 0)
        // TPOT did not change.
        #expect(ChangeDetector.compare(metric: .tpot, current: after, baseline: [before], kind: .previous) == nil)
    }

    @Test func significantButSmallChangeIsNotAnAlert() {
        // 6% slower: clearly significant at n = 1200 with sigma 0.2, but under the 10% threshold.
        var rng = SeededGenerator(seed: 4)
        let base = TestData.lognormal(count: 1200, median: 1, sigma: 0.2, &rng)
        let cur = TestData.lognormal(count: 1200, median: 1.06, sigma: 0.2, &rng)
        #expect(MannWhitneyU(cur, base)!.pValue < 0.01)
        let before = RunSample(runID: "a", providerSlug: "p", workloadFingerprint: "w", latency: [.ttft: base], totalRequests: 1200, failedRequests: 0)
        let after = RunSample(runID: "b", providerSlug: "p", workloadFingerprint: "w", latency: [.ttft: cur], totalRequests: 1200, failedRequests: 0)
        #expect(ChangeDetector.compare(metric: .ttft, current: after, baseline: [before], kind: .previous) == nil)
        // With a 5% threshold for TTFT it is one.
        let policy = AlertPolicy(thresholds: [.ttft: 0.05])
        #expect(ChangeDetector.compare(metric: .ttft, current: after, baseline: [before], kind: .previous, policy: policy) != nil)
    }

    @Test func largeButInsignificantChangeIsNotAnAlert() {
        let before = RunSample(runID: "a", providerSlug: "p", workloadFingerprint: "w", latency: [.ttft: [1, 2, 3]], totalRequests: 3, failedRequests: 0)
        let after = RunSample(runID: "b", providerSlug: "p", workloadFingerprint: "w", latency: [.ttft: [2, 3, 4]], totalRequests: 3, failedRequests: 0)
        #expect(ChangeDetector.compare(metric: .ttft, current: after, baseline: [before], kind: .previous) == nil)
    }

    @Test func errorRateAlerts() throws {
        let before = Self.run("a", ttftMedian: 0.5, seed: 1, failed: 6)
        let after = Self.run("b", ttftMedian: 0.5, seed: 2, failed: 96)
        let a = try #require(ChangeDetector.compare(metric: .errorRate, current: after, baseline: [before], kind: .previous))
        #expect(a.direction == .regression)
        #expect(abs(a.relativeChange - 0.075) < 1e-12)
        #expect(a.baselineMedian == 0.005 && a.currentMedian == 0.08)
        #expect(a.ci.lower > 0)
        // 0.5% -> 1.5%: significant perhaps, but under 2 percentage points.
        let small = Self.run("c", ttftMedian: 0.5, seed: 3, failed: 18)
        #expect(ChangeDetector.compare(metric: .errorRate, current: small, baseline: [before], kind: .previous) == nil)
    }

    @Test func historyComparesOnlyComparableRunsInStableOrder() {
        let history = [
            Self.run("2026-01-03", ttftMedian: 0.8, seed: 3),
            Self.run("2026-01-01", ttftMedian: 0.5, seed: 1),
            Self.run("2026-01-02", ttftMedian: 0.5, seed: 2),
            // Another workload: never compared with the runs above.
            Self.run("2026-01-02", fingerprint: "sha256:other", ttftMedian: 2.0, seed: 4),
            Self.run("2026-01-03", slug: "q", ttftMedian: 0.5, seed: 5),
            Self.run("2026-01-04", slug: "q", ttftMedian: 0.3, seed: 6),
        ]
        let alerts = ChangeDetector.alerts(in: history)
        #expect(alerts.map { "\($0.runID) \($0.providerSlug) \($0.metric.rawValue) \($0.kind.rawValue) \($0.direction.rawValue)" } == [
            "2026-01-03 p TTFT previous regression",
            "2026-01-03 p TTFT trailing regression",
            "2026-01-04 q TTFT previous improvement",
        ])
        #expect(alerts[1].baselineRunIDs == ["2026-01-01", "2026-01-02"])
        #expect(ChangeDetector.alerts(in: history.reversed()) == alerts)
    }

    @Test func trailingWindowIsLimited() {
        let history = (1...8).map { Self.run("2026-01-0\($0)", ttftMedian: $0 == 8 ? 1.0 : 0.5, seed: UInt64($0)) }
        let alerts = ChangeDetector.alerts(in: history, policy: AlertPolicy(trailingRuns: 3))
        let trailing = alerts.filter { $0.kind == .trailing }
        #expect(trailing.count == 1)
        #expect(trailing.first?.baselineRunIDs == ["2026-01-05", "2026-01-06", "2026-01-07"])
    }

    @Test func ruleTextNamesTheThresholds() {
        #expect(AlertPolicy().ruleText.contains("more than 10%"))
        #expect(AlertPolicy(thresholds: [.ttft: 0.2]).ruleText.contains("TTFT 20%, TPOT 10%, ITL 10%"))
    }
}
