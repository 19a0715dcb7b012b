import Randomness
import Testing
@testable import Analysis

struct WinnerDecisionTests {
    func sample(_ slug: String, median: Double, seed: UInt64, count: Int = 1200, sigma: Double = 0.5) -> ProviderSample {
        var rng = SeededGenerator(seed: seed)
        return ProviderSample(slug: slug, name: slug.uppercased(), values: TestData.lognormal(count: count, median: median, sigma: sigma, &rng))
    }

    @Test func clearWinnerIsSignificant() {
        let d = WinnerDecision(
            metric: .ttft, runID: "r1",
            samples: [sample("slow", median: 0.9, seed: 1), sample("fast", median: 0.5, seed: 2), sample("mid", median: 0.7, seed: 3)])
        #expect(d.kind == .significant)
        #expect(d.ranking == ["fast", "mid", "slow"])
        #expect(d.leaders == ["fast"])
        #expect(d.comparisons.map(\.slug) == ["mid", "slow"])
        #expect(d.comparisons.allSatisfy { $0.significantlyWorse && $0.pValue < 0.01 && $0.differenceInterval.lower > 0 })
        #expect(d.rule.contains("significantly lower than the runner-up"))
    }

    @Test func sameDistributionIsATie() {
        let d = WinnerDecision(
            metric: .tpot, runID: "r1",
            samples: [sample("a", median: 20, seed: 1), sample("b", median: 20, seed: 2), sample("c", median: 40, seed: 3)])
        #expect(d.kind == .tied)
        #expect(Set(d.leaders) == ["a", "b"])
        #expect(d.leaders.first == d.ranking.first)
        #expect(!d.leaders.contains("c"))
        #expect(d.rule.contains("Tied leaders"))
    }

    @Test func deterministicAcrossCallsAndInputOrder() {
        let samples = [sample("a", median: 1, seed: 1), sample("b", median: 1.01, seed: 2), sample("c", median: 1.3, seed: 3)]
        let d1 = WinnerDecision(metric: .itl, runID: "r9", samples: samples)
        let d2 = WinnerDecision(metric: .itl, runID: "r9", samples: samples.reversed())
        #expect(d1 == d2)
    }

    @Test func equalMediansBreakByNameThenSlug() {
        let values: [Double] = [1, 2, 3]
        let d = WinnerDecision(
            metric: .ttft, runID: "r",
            samples: [
                ProviderSample(slug: "z", name: "Beta", values: values), ProviderSample(slug: "y", name: "Alpha", values: values),
                ProviderSample(slug: "x", name: "Alpha", values: values),
            ])
        #expect(d.ranking == ["x", "y", "z"])
        #expect(d.kind == .tied)
        #expect(d.leaders == ["x", "y", "z"])
    }

    @Test func soleAndEmptyProviders() {
        let d = WinnerDecision(
            metric: .ttft, runID: "r",
            samples: [ProviderSample(slug: "ok", name: "OK", values: [0.3, 0.4]), ProviderSample(slug: "down", name: "Down", values: [])])
        #expect(d.kind == .sole)
        #expect(d.leaders == ["ok"])
        #expect(d.withoutData == ["down"])
        let none = WinnerDecision(metric: .ttft, runID: "r", samples: [])
        #expect(none.kind == .noData && none.leaders.isEmpty)
    }

    @Test func smallSamplesAreNotCalledSignificant() {
        // Clearly different medians, but three values each cannot reach p < 0.01 (exact test).
        let d = WinnerDecision(
            metric: .ttft, runID: "r",
            samples: [ProviderSample(slug: "a", name: "A", values: [1, 2, 3]), ProviderSample(slug: "b", name: "B", values: [10, 11, 12])])
        #expect(d.kind == .tied)
        #expect(d.comparisons[0].pValue == 0.1)
    }
}

struct PeakThroughputDecisionTests {
    /// A plateau at `level` with noise of about +-`noise`, 130 windows.
    func entry(_ slug: String, level: Double, noise: Double, seed: UInt64) -> PeakThroughputDecision.Entry {
        var rng = SeededGenerator(seed: seed)
        let series = (0..<130).map { i in (i < 10 ? Double(i) / 10 : 1) * level + noise * (2 * rng.unit() - 1) }
        return .init(slug: slug, name: slug, series: series)
    }

    @Test func clearlyHigherPeakWins() {
        let d = PeakThroughputDecision(entries: [entry("a", level: 1000, noise: 20, seed: 1), entry("b", level: 600, noise: 20, seed: 2)])
        #expect(d.kind == .significant)
        #expect(d.leaders == ["a"])
        #expect(d.margin > d.leaderSpread)
        #expect(d.rule.contains("beats the runner-up's peak"))
    }

    @Test func peaksWithinTheSpreadAreTied() {
        let d = PeakThroughputDecision(entries: [
            entry("a", level: 1000, noise: 50, seed: 1), entry("b", level: 995, noise: 50, seed: 2),
            entry("c", level: 500, noise: 50, seed: 3), .init(slug: "dead", name: "dead", series: []),
        ])
        #expect(d.kind == .tied)
        #expect(Set(d.leaders) == ["a", "b"])
        #expect(d.withoutData == ["dead"])
        #expect(d.ranking.count == 3)
    }

    @Test func spreadIsPeakMinusNinetiethPercentile() {
        let series = (0..<11).map { Double($0) * 10 }  // 0...100; p90 = 90
        let d = PeakThroughputDecision(entries: [.init(slug: "a", name: "a", series: series), .init(slug: "b", name: "b", series: [95])])
        #expect(d.leaderSpread == 10)
        #expect(d.kind == .tied)  // 100 - 95 <= 10
        let e = PeakThroughputDecision(entries: [.init(slug: "a", name: "a", series: series), .init(slug: "b", name: "b", series: [89])])
        #expect(e.kind == .significant)
    }
}

/// Winners need evidence: a provider with 1 successful request of 1,200 was bolded as a tied
/// leader (its one fast value could not be told apart from anyone's).
@Suite struct WinnerEvidenceTests {
    func sample(_ slug: String, median: Double, seed: UInt64, count: Int, total: Int) -> ProviderSample {
        var rng = SeededGenerator(seed: seed)
        var s = ProviderSample(slug: slug, name: slug, values: TestData.lognormal(count: count, median: median, sigma: 0.5, &rng))
        s.succeeded = count
        s.total = total
        return s
    }

    @Test func oneLuckyRequestIsNeverBolded() {
        let d = WinnerDecision(
            metric: .ttft, runID: "r1",
            samples: [sample("lucky", median: 0.1, seed: 1, count: 1, total: 1200), sample("solid", median: 0.5, seed: 2, count: 1200, total: 1200)])
        #expect(d.leaders == ["solid"])
        #expect(d.ranking == ["solid", "lucky"], "without evidence, last")
        #expect(d.withoutEvidence == ["lucky"])
        #expect(d.rule.contains("at least 20 successful requests and at least 50% of its requests successful"))
    }

    @Test func halfTheRequestsMustSucceed() {
        let d = WinnerDecision(
            metric: .ttft, runID: "r1",
            samples: [sample("flaky", median: 0.1, seed: 1, count: 500, total: 1200), sample("ok", median: 0.5, seed: 2, count: 700, total: 1200)])
        #expect(d.leaders == ["ok"])
    }

    @Test func nobodyWithEvidence() {
        let d = WinnerDecision(metric: .ttft, runID: "r1", samples: [sample("a", median: 0.1, seed: 1, count: 3, total: 100)])
        #expect(d.kind == .insufficient && d.leaders.isEmpty && d.ranking == ["a"])
        #expect(d.rule.hasPrefix("No provider has enough evidence"))
    }

    @Test func peakThroughputToo() {
        let d = PeakThroughputDecision(entries: [
            PeakThroughputDecision.Entry(slug: "lucky", name: "lucky", series: [500, 10], succeeded: 1, total: 1200),
            PeakThroughputDecision.Entry(slug: "solid", name: "solid", series: [100, 90, 95], succeeded: 1200, total: 1200),
        ])
        #expect(d.leaders == ["solid"] && d.ranking == ["solid", "lucky"])
    }
}
