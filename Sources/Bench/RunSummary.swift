import Analysis
import Foundation
import ResultFormat

/// The end-of-run table: per provider, requests, successes, failures by kind, TTFT median/p99,
/// TPOT median and throughput.
public enum RunSummary {
    public struct Row: Sendable, Equatable {
        public var provider: String
        public var requests: Int
        public var ok: Int
        public var failuresByKind: [ErrorKind: Int]
        public var ttftMedianSeconds: Double?
        public var ttftP99Seconds: Double?
        public var tpotMedianMillis: Double?
        /// Output tokens of successful requests over the span from the first send to the last end.
        public var tokensPerSecond: Double?
        public var partial: Bool
        public var warnings: [String]
    }

    public static func row(for file: ResultFile) -> Row {
        let ok = file.requests.filter(\.succeeded)
        var kinds: [ErrorKind: Int] = [:]
        for r in file.requests { if let e = r.error { kinds[e.kind, default: 0] += 1 } }
        // The metrics as the leaderboard defines them (one definition, in Analysis).
        let metrics = RequestMetrics(requests: file.requests)
        let ttft = metrics.ttft.sorted(), tpot = metrics.tpot.sorted()
        var tps: Double? = nil
        if let first = file.requests.map(\.sent).min(), let last = ok.map(\.end).max(), last > first {
            tps = Double(ok.reduce(0) { $0 + $1.outputTokens }) / (Double(last - first) / 1_000_000)
        }
        return Row(
            provider: file.provider.name, requests: file.requests.count, ok: ok.count, failuresByKind: kinds,
            ttftMedianSeconds: ttft.isEmpty ? nil : Percentile.ofSorted(ttft, 50), ttftP99Seconds: ttft.isEmpty ? nil : Percentile.ofSorted(ttft, 99),
            tpotMedianMillis: tpot.isEmpty ? nil : Percentile.ofSorted(tpot, 50), tokensPerSecond: tps, partial: file.run.partial,
            warnings: file.selfCheck?.warnings ?? [])
    }

    /// A fixed-width text table.
    public static func render(_ rows: [Row]) -> String {
        let header = ["provider", "requests", "ok", "failed (by kind)", "TTFT med s", "TTFT p99 s", "TPOT med ms", "tokens/s"]
        var table: [[String]] = [header]
        for r in rows {
            let failed = r.failuresByKind.isEmpty
                ? "0"
                : r.failuresByKind.keys.sorted().map { "\($0.rawValue) \(r.failuresByKind[$0]!)" }.joined(separator: ", ")
            table.append([
                r.provider + (r.partial ? " (partial)" : ""), String(r.requests), String(r.ok), failed,
                f(r.ttftMedianSeconds, 3), f(r.ttftP99Seconds, 3), f(r.tpotMedianMillis, 2), f(r.tokensPerSecond, 0),
            ])
        }
        let widths = header.indices.map { c in table.map { $0[c].count }.max() ?? 0 }
        var lines = table.map { row in
            row.enumerated().map { c, cell in c == 0 || c == 3 ? pad(cell, widths[c]) : lpad(cell, widths[c]) }
                .joined(separator: "  ")
        }
        lines.insert(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "), at: 1)
        for r in rows {
            for w in r.warnings { lines.append("suspect: \(r.provider): \(w)") }
        }
        return lines.joined(separator: "\n")
    }

    /// `segment 2 of 4: 300 of 1,200 requests`.
    public static func segmentLine(_ segment: Segment, requests: Int, of total: Int) -> String {
        "\(segment): \(grouped(requests)) of \(grouped(total)) requests"
    }

    /// An integer with a comma every three digits.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func f(_ x: Double?, _ digits: Int) -> String {
        guard let x else { return "-" }
        return String(format: "%.\(digits)f", x)
    }
    static func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
    static func lpad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
}
