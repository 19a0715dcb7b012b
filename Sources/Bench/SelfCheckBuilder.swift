import Analysis
import ResultFormat

/// Computes the bench's check of its own timing (issue: "the tool must say so when it is" the
/// bottleneck).
public enum SelfCheckBuilder {
    /// p99 launch lag above this means requests left late: the client was the bottleneck.
    public static let launchLagLimitMicros: Int64 = 50_000
    /// CPU seconds / wall seconds above this share of the cores means the client was saturated.
    public static let cpuSaturationShare = 0.9
    /// Steal above this share of the machine's CPU time (wall × cores): the host held the
    /// machine up often enough that timings may include its pauses.
    public static let stealShareLimit = 0.05
    /// Burst detection: a successful stream with at least `burstMinChunks` chunks whose chunks
    /// all arrived within `burstSpanMicros` (in practice: in one read) came in one burst; when at
    /// least `burstShareLimit` of such streams did, something between the client and the server
    /// (a proxy with buffering on) held the stream back, and TTFT and ITL measure the proxy.
    public static let burstMinChunks = 4
    public static let burstSpanMicros: Int64 = 1_000
    public static let burstShareLimit = 0.5
    /// Appended to the launch-lag or CPU warning: one machine did not keep up with the schedule
    /// (its capacity is measured in docs/performance.md, "One machine's capacity").
    public static let moreLoadGenerators = "this run needs more load generators: split it with --segment I/N (docs/distributed.md)"

    public static func build(
        records: [RequestRecord], cpuSeconds: Double, wallSeconds: Double, cores: Int, closedLoop: Bool,
        stealSeconds: Double? = nil, extraWarnings: [String] = []
    ) -> SelfCheck {
        let lags = records.map { Double($0.sent - $0.scheduled) }.sorted()
        let p50 = Int64((lags.isEmpty ? 0 : Percentile.ofSorted(lags, 50)).rounded())
        let p99 = Int64((lags.isEmpty ? 0 : Percentile.ofSorted(lags, 99)).rounded())
        let offered = rate(records.map(\.scheduled))
        let achieved = rate(records.map(\.sent))
        var warnings: [String] = []
        var overloaded: [String] = []
        if p99 > launchLagLimitMicros {
            overloaded.append("p99 launch lag \(ms(p99)) ms exceeds \(ms(launchLagLimitMicros)) ms: requests left late, the client may have been the bottleneck")
        }
        let share = wallSeconds > 0 ? cpuSeconds / wallSeconds : 0
        if share > cpuSaturationShare * Double(cores) {
            overloaded.append("client CPU \(fmt(cpuSeconds)) s over \(fmt(wallSeconds)) s wall on \(cores) cores: the client was CPU-saturated")
        }
        // The remedy, said once, after the last of the two.
        if let last = overloaded.indices.last { overloaded[last] += "; \(moreLoadGenerators)" }
        warnings += overloaded
        if let steal = stealSeconds, wallSeconds > 0, cores > 0, steal > stealShareLimit * wallSeconds * Double(cores) {
            let share = 100 * steal / (wallSeconds * Double(cores))
            warnings.append("the virtual machine's host took \(fmt(steal)) s of its CPU time during the run (steal, \(fmt(share)) % of \(cores) cores over \(fmt(wallSeconds)) s): times may include the host's pauses")
        }
        if !closedLoop, offered > 0, records.count > 10, achieved < 0.95 * offered {
            warnings.append("achieved rate \(fmt(achieved)) req/s is below the offered \(fmt(offered)) req/s")
        }
        if let burst = burstWarning(records) { warnings.append(burst) }
        warnings += extraWarnings
        return SelfCheck(
            offeredRate: offered, achievedRate: achieved, launchLagP50Micros: p50, launchLagP99Micros: p99,
            clientCPUSeconds: (cpuSeconds * 1000).rounded() / 1000, wallSeconds: (wallSeconds * 1000).rounded() / 1000,
            cpuStealSeconds: stealSeconds.map { ($0 * 100).rounded() / 100 }, warnings: warnings)
    }

    /// The warning when most multi-chunk streams arrived in one burst (see `burstMinChunks`).
    static func burstWarning(_ records: [RequestRecord]) -> String? {
        var streams = 0
        var bursts = 0
        for r in records where r.succeeded && r.chunkTimes.count >= burstMinChunks {
            streams += 1
            if let first = r.chunkTimes.min(), let last = r.chunkTimes.max(), last - first <= burstSpanMicros { bursts += 1 }
        }
        guard streams > 0, Double(bursts) >= burstShareLimit * Double(streams) else { return nil }
        return "\(bursts) of \(streams) streams delivered all their tokens in one burst: something between bench and the server "
            + "(a proxy with buffering on, e.g. nginx proxy_buffering) is buffering the stream; TTFT and ITL are not meaningful"
    }

    /// Requests per second over the span of the times: (n − 1) / (last − first).
    static func rate(_ times: [Int64]) -> Double {
        guard times.count > 1, let lo = times.min(), let hi = times.max(), hi > lo else { return 0 }
        let r = Double(times.count - 1) / (Double(hi - lo) / 1_000_000)
        return (r * 1000).rounded() / 1000
    }

    static func ms(_ micros: Int64) -> String { fmt(Double(micros) / 1000) }
    static func fmt(_ x: Double) -> String { String(format: "%.1f", x) }
}

import Foundation
