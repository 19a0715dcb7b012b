import Analysis

/// The change tables between two runs (index and comparison pages), which tell a real change
/// from noise.
///
/// A change is called better or worse only when it is *notable*: the change detector raised an
/// alert for it (significant), or it lies outside the noise band. The band of a median with a
/// bootstrap 95% interval is that interval: the change is beyond it when the two runs' intervals
/// do not overlap. Figures without an interval (tails, E2E, gaps, peak TPS) are beyond the band
/// when they moved by more than the alert rule's relative threshold (10 % by default); the error
/// rate when it moved by more than the rule's percentage points. Anything else is "within noise",
/// never "worse".
struct SiteChanges {
    /// Alerts of the newer run (any kind), which make a change significant.
    var alerts: [Alert]
    var policy: AlertPolicy

    struct Metric: Sendable {
        var label: String
        var unit: String
        var decimals: Int
        var higherIsBetter: Bool
        var value: @Sendable (ProviderDigest) -> Double?
        /// The bootstrap 95% interval of the median, for medians that have one.
        var interval: (@Sendable (ProviderDigest) -> ConfidenceInterval?)? = nil
        /// The alert metric whose alerts make this change significant.
        var alertMetric: AlertMetric? = nil
    }

    static let metrics: [Metric] = [
        Metric(label: "TTFT median", unit: "s", decimals: 3, higherIsBetter: false, value: { $0.ttft?.median }, interval: { $0.ttftMedianCI }, alertMetric: .ttft),
        Metric(label: "TTFT p95", unit: "s", decimals: 3, higherIsBetter: false, value: { $0.ttft?.p95 }),
        Metric(label: "TTFT p99", unit: "s", decimals: 3, higherIsBetter: false, value: { $0.ttft?.p99 }),
        Metric(label: "TPOT median", unit: "ms", decimals: 2, higherIsBetter: false, value: { $0.tpot?.median }, interval: { $0.tpotMedianCI }, alertMetric: .tpot),
        Metric(label: "ITL median", unit: "ms", decimals: 2, higherIsBetter: false, value: { $0.itl?.median }, interval: { $0.itlMedianCI }, alertMetric: .itl),
        Metric(label: "ITL p95", unit: "ms", decimals: 2, higherIsBetter: false, value: { $0.itl?.p95 }),
        Metric(label: "Inter-chunk gap p99", unit: "ms", decimals: 2, higherIsBetter: false, value: { $0.interChunkGaps?.p99 }),
        Metric(label: "E2E median", unit: "s", decimals: 3, higherIsBetter: false, value: { $0.e2e?.median }),
        Metric(label: "Peak total TPS", unit: "tokens/s", decimals: 1, higherIsBetter: true, value: { $0.peakTPS }),
        Metric(label: "Error rate", unit: "%", decimals: 1, higherIsBetter: false, value: { $0.errorRate * 100 }, alertMetric: .errorRate),
    ]

    /// How a change is classed.
    enum Kind: String {
        /// An alert of the change detector.
        case significant
        /// Outside the noise band, without an alert.
        case beyondNoise = "beyond noise"
        case withinNoise = "within noise"
        case noData = "no data"
    }

    /// Whether `metric` moved notably from `old` to `new` of provider `slug`.
    func kind(_ m: Metric, slug: String, old: ProviderDigest, new: ProviderDigest) -> Kind {
        guard let a = m.value(old), let b = m.value(new) else { return .noData }
        if let am = m.alertMetric, alerts.contains(where: { $0.providerSlug == slug && $0.metric == am }) { return .significant }
        if let interval = m.interval {
            guard let x = interval(old), let y = interval(new) else { return .withinNoise }
            return x.upper < y.lower || y.upper < x.lower ? .beyondNoise : .withinNoise
        }
        if m.alertMetric == .errorRate { return abs(b - a) > 100 * policy.threshold(for: .errorRate) ? .beyondNoise : .withinNoise }
        guard let pct = SiteFormat.change(a, b) else { return a == b ? .withinNoise : .beyondNoise }
        return abs(pct) > 100 * policy.defaultThreshold ? .beyondNoise : .withinNoise
    }

    /// One row: `old`, `new`, the change, and a word for the direction (colour is not the only cue).
    func row(_ m: Metric, slug: String, old: ProviderDigest, new: ProviderDigest) -> [String: Any] {
        var row: [String: Any] = ["label": m.label, "unit": m.unit]
        let kind = kind(m, slug: slug, old: old, new: new)
        row["kind"] = kind.rawValue
        guard let a = m.value(old), let b = m.value(new) else {
            row.merge(["old": "–", "new": "–", "delta": "no data", "pct": "", "trend": "none", "notable": false]) { $1 }
            return row
        }
        let notable = kind == .significant || kind == .beyondNoise
        let trend = !notable ? "noise" : (b > a) == m.higherIsBetter ? "better" : "worse"
        row.merge([
            "old": SiteFormat.number(a, m.decimals), "new": SiteFormat.number(b, m.decimals),
            "delta": SiteFormat.signed(b - a, m.decimals), "pct": SiteFormat.change(a, b).map { SiteFormat.signed($0, 1) + " %" } ?? "n/a",
            "trend": trend, "notable": notable,
            "direction": !notable ? "within noise" : trend + (kind == .significant ? " (significant)" : ""),
        ]) { $1 }
        return row
    }

    /// Per provider present in both runs: the changes (all, or only the notable ones), or why it
    /// is not comparable. `quiet` lists the providers with nothing notable when `onlyNotable`.
    func changes(from old: RunDigest, to new: RunDigest, root: String, onlyNotable: Bool) -> (tables: [[String: Any]], quiet: [[String: Any]]) {
        var tables: [[String: Any]] = [], quiet: [[String: Any]] = []
        for p in new.providers {
            guard let o = old.provider(p.slug) else { continue }
            var entry: [String: Any] = ["name": p.name, "href": root + SitePages.providerPage(p.slug), "slug": p.slug]
            if o.workload.fingerprint != p.workload.fingerprint {
                entry["incomparable"] = "The workload changed between these runs (\(SiteFormat.shortFingerprint(o.workload.fingerprint)) → \(SiteFormat.shortFingerprint(p.workload.fingerprint))), so the figures are not compared."
                tables.append(entry)
                continue
            }
            let rows = Self.metrics.map { row($0, slug: p.slug, old: o, new: p) }
            let shown = onlyNotable ? rows.filter { $0["notable"] as? Bool == true } : rows
            if shown.isEmpty {
                quiet.append(["name": p.name, "href": entry["href"]!])
                continue
            }
            entry["hasMetrics"] = true
            entry["metrics"] = shown
            entry["hiddenCount"] = rows.count - shown.count
            entry["hasHidden"] = rows.count > shown.count
            tables.append(entry)
        }
        for i in quiet.indices { quiet[i]["last"] = i == quiet.count - 1 }
        return (tables, quiet)
    }

    /// The rule in words, printed with the tables.
    var ruleText: String {
        let pct = RuleTextNumbers.number(100 * policy.defaultThreshold)
        let pp = RuleTextNumbers.number(100 * policy.threshold(for: .errorRate))
        return "A change is called better or worse only when it is significant (the change detector raised an alert) or beyond the noise band: "
            + "for TTFT, TPOT and ITL medians the two runs' bootstrap 95% intervals do not overlap; for figures without an interval "
            + "(tails, E2E, gaps, peak TPS) they moved by more than \(pct) %; the error rate by more than \(pp) percentage points. "
            + "Anything else is within noise."
    }
}

/// Short numbers for rule texts (`10`, `2.5`).
enum RuleTextNumbers {
    static func number(_ v: Double) -> String { NumberFormat.trimmed((v * 1000).rounded() / 1000) }
}
