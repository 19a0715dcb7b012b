// Release-build timing of the significance API (CPU time per call), plus alert rates beyond the
// unit tests. Not part of the package: run scripts/golden/bench_significance.sh from the repo root.
import Foundation
import Analysis

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
var rng = SeededGenerator(seed: 1)
func lognormal(_ n: Int, _ median: Double, _ sigma: Double) -> [Double] {
    (0..<n).map { _ in exp(log(median) + sigma * (sqrt(-2 * log(1 - rng.nextUnit())) * cos(2 * Double.pi * rng.nextUnit()))) }
}
func run(_ id: String, _ median: Double, _ sigma: Double) -> RunSample {
    RunSample(runID: id, providerSlug: "p", workloadFingerprint: "w", latency: [.ttft: lognormal(1200, median, sigma)], totalRequests: 1200, failedRequests: 0)
}
let a = lognormal(1200, 0.5, 0.5), b = lognormal(1200, 0.55, 0.5)
let boot = MedianBootstrap()
var sink = 0.0
let base5 = (0..<5).map { run("b\($0)", 0.5, 0.5) }
let shifted = run("c", 0.6, 0.5)
for (label, body) in [
    ("medianInterval n=1200 B=2000", { sink += boot.medianInterval(a, seed: 7)!.lower }),
    ("differenceInterval 1200 vs 1200 B=2000", { sink += boot.differenceInterval(a, minus: b, seed: 7)!.lower }),
    ("MannWhitneyU 1200 vs 1200", { sink += MannWhitneyU(a, b)!.pValue }),
    ("WinnerDecision 5 providers x 1200", {
        let s = (0..<5).map { ProviderSample(slug: "p\($0)", name: "P\($0)", values: $0 == 0 ? a : b) }
        sink += Double(WinnerDecision(metric: .ttft, runID: "r", samples: s).leaders.count)
    }),
    ("ChangeDetector.compare trailing 5x1200 vs 1200, alerting (full bootstrap)", {
        sink += ChangeDetector.compare(metric: .ttft, current: shifted, baseline: base5, kind: .trailing)!.pValue
    }),
    ("naive resample+sort median bootstrap n=1200 B=2000 (reference)", {
        var r = SeededGenerator(seed: 7)
        var reps = [Double](); reps.reserveCapacity(2000)
        var buf = [Double](repeating: 0, count: a.count)
        for _ in 0..<2000 {
            for i in 0..<a.count { buf[i] = a[Int(r.next() % UInt64(a.count))] }
            buf.sort()
            reps.append((buf[599] + buf[600]) / 2)
        }
        reps.sort()
        sink += reps[50]
    }),
] as [(String, () -> Void)] {
    body()
    let reps = label.hasPrefix("naive") ? 5 : 200
    let t0 = now()
    for _ in 0..<reps { body() }
    print("\(label): \(String(format: "%.0f", (now() - t0) / Double(reps) * 1e6)) µs CPU per call")
}
// Informational rates beyond the test: wider spread, smaller shifts (default policy, B = 2000).
for (sigma, shift) in [(0.5, 0.0), (0.5, 0.10), (0.5, 0.15), (0.7, 0.0), (0.7, 0.20), (0.9, 0.0), (0.9, 0.20), (1.0, 0.0), (1.0, 0.20)] {
    var hits = 0
    let trials = 1000
    for t in 0..<trials {
        let prev = run("a\(t)", 0.5, sigma), cur = run("b\(t)", 0.5 * (1 + shift), sigma)
        if ChangeDetector.compare(metric: .ttft, current: cur, baseline: [prev], kind: .previous) != nil { hits += 1 }
    }
    print("sigma \(sigma) shift \(shift): alert rate \(Double(hits) / Double(trials)) (\(trials) previous-run comparisons)")
}
print("sink \(sink)")
