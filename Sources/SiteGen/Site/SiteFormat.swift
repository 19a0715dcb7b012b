import Analysis

/// Number and label formatting shared by the site's pages (locale-independent).
enum SiteFormat {
    /// The statistics columns of every full table, in order.
    static let columns: [(String, Statistic?)] = [
        ("n", nil), ("mean", .mean), ("min", .min), ("p5", .p5), ("p25", .p25), ("median", .median),
        ("p75", .p75), ("p95", .p95), ("p99", .p99), ("max", .max),
    ]

    static func number(_ v: Double, _ decimals: Int) -> String { NumberFormat.fixed(v, decimals: decimals) }

    /// A share in percent, one decimal (`17.0 %`): the one percentage format of the README and the site.
    static func percent(_ fraction: Double) -> String { ReadmeRenderer.percent(fraction) }

    /// Signed relative change `new` vs `old` in percent, or nil when undefined.
    static func change(_ old: Double, _ new: Double) -> Double? {
        guard old != 0, old.isFinite, new.isFinite else { return nil }
        return (new - old) / abs(old) * 100
    }

    static func signed(_ v: Double, _ decimals: Int) -> String {
        let s = NumberFormat.fixed(v, decimals: decimals)
        return (v > 0 && s != NumberFormat.fixed(0, decimals: decimals)) ? "+" + s : s.replacingOccurrences(of: "-", with: "−")
    }

    /// `2026-01-01` from a run id or ISO time.
    static func date(_ runIDOrTime: String) -> String { String(runIDOrTime.prefix(10)) }

    /// `sha256:1234abcd…` for display.
    static func shortFingerprint(_ f: String) -> String { f.count > 19 ? String(f.prefix(19)) + "…" : f }
}

/// A metric of a provider digest that gets a full statistics table: its registry entry
/// (`MetricDefinition`) and where the digest keeps its summary.
struct DigestMetric: Sendable {
    var metric: MetricDefinition
    var value: @Sendable (ProviderDigest) -> Summary?

    var id: String { metric.id }
    var title: String { metric.title }
    var unit: String { metric.unit }
    var decimals: Int { metric.decimals }
    var definition: String { metric.definition }

    static let all: [DigestMetric] = [
        DigestMetric(metric: .ttft, value: { $0.ttft }),
        DigestMetric(metric: .ttftVisible, value: { $0.ttftVisible }),
        DigestMetric(metric: .tpot, value: { $0.tpot }),
        DigestMetric(metric: .itl, value: { $0.itl }),
        DigestMetric(metric: .interChunkGaps, value: { $0.interChunkGaps }),
        DigestMetric(metric: .e2e, value: { $0.e2e }),
        DigestMetric(metric: .outputTokens, value: { $0.outputTokens }),
        DigestMetric(metric: .launchLag, value: { $0.launchLag }),
    ]
}
