import Randomness
import Testing
@testable import Analysis

/// Issue "Numbers that hold up", done-when: on synthetic histories with a fixed seed, fewer than 1%
/// of no-change comparisons alert, and more than 95% of 20% median-TTFT shifts are caught.
///
/// A history of 505 runs of 1,200 lognormal TTFTs (the original Python pipeline's run size; median 0.5 s) without any
/// change, at two spreads: log-sd 0.5, and 0.9, the widest TTFT spread of the corpus shaped like the original Python pipeline's workload
/// generator (the Python baselines' gen_corpus.py: 0.40 to 0.90). Trial i compares a current run with run i+4 (`previous`) and with runs
/// i...i+4 pooled (`trailing`). Without change the current run is run i+5 of the same history, so
/// windows of neighbouring trials overlap (the rate estimate stays unbiased, but is less
/// independent than 500 fresh histories); with the +20% shift it is a fresh run whose median is
/// 0.6 s. The bootstrap uses B = 500 here instead of 2000 to keep the debug-build test fast; the
/// rule is otherwise the default (α = 0.01, 10% threshold, 95% interval).
@Suite(.tags(.slow)) struct AlertRateTests {
    static let trials = 500
    static let policy = AlertPolicy(bootstrap: MedianBootstrap(resamples: 500), metrics: [.ttft])

    static let spreads = [0.5, 0.9]

    static func run(_ id: String, median: Double, sigma: Double, _ rng: inout SeededGenerator) -> RunSample {
        RunSample(
            runID: id, providerSlug: "p", workloadFingerprint: "w",
            latency: [.ttft: TestData.lognormal(count: 1200, median: median, sigma: sigma, &rng)], totalRequests: 1200,
            failedRequests: 0)
    }

    /// The no-change history of each spread, generated once for both tests.
    static let histories: [Double: [RunSample]] = Dictionary(uniqueKeysWithValues: spreads.map { sigma in
        var rng = SeededGenerator(seed: 2026)
        return (sigma, (0..<(trials + 5)).map { run("h\($0)", median: 0.5, sigma: sigma, &rng) })
    })

    /// Shares of trials that alerted against the previous run and against the trailing window.
    static func rates(history: [RunSample], current: (Int) -> RunSample) -> (previous: Double, trailing: Double) {
        var previous = 0, trailing = 0
        for i in 0..<trials {
            let now = current(i)
            if ChangeDetector.compare(metric: .ttft, current: now, baseline: [history[i + 4]], kind: .previous, policy: policy) != nil {
                previous += 1
            }
            if ChangeDetector.compare(metric: .ttft, current: now, baseline: Array(history[i..<(i + 5)]), kind: .trailing, policy: policy) != nil {
                trailing += 1
            }
        }
        return (Double(previous) / Double(trials), Double(trailing) / Double(trials))
    }

    @Test(arguments: spreads) func fewFalseAlertsWithoutChange(sigma: Double) {
        let history = Self.histories[sigma]!
        let r = Self.rates(history: history) { history[$0 + 5] }
        print("false-alert rate (no change, log-sd \(sigma), \(Self.trials) trials, n = 1200): previous \(r.previous), trailing \(r.trailing)")
        #expect(r.previous < 0.01)
        #expect(r.trailing < 0.01)
    }

    @Test(arguments: spreads) func twentyPercentShiftIsCaught(sigma: Double) {
        let history = Self.histories[sigma]!
        var rng = SeededGenerator(seed: 2027)
        let shifted = (0..<Self.trials).map { Self.run("s\($0)", median: 0.6, sigma: sigma, &rng) }
        let r = Self.rates(history: history) { shifted[$0] }
        print("detection rate (+20% median TTFT, log-sd \(sigma), \(Self.trials) trials, n = 1200): previous \(r.previous), trailing \(r.trailing)")
        #expect(r.previous > 0.95)
        #expect(r.trailing > 0.95)
    }
}
