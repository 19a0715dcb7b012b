import Analysis

/// The plain-words description of an alert's change, shared by the README and the site.
enum AlertText {
    /// e.g. "TTFT median 0.469 → 0.596 s (+27.2 %; 95% CI +18.4 % to +40.8 %)".
    static func change(_ a: Alert) -> String {
        if let latency = a.metric.latency, let m = LeaderboardMetric(rawValue: latency.rawValue) {
            return "\(m.rawValue) median \(NumberFormat.fixed(a.baselineMedian, decimals: m.decimals)) → "
                + "\(NumberFormat.fixed(a.currentMedian, decimals: m.decimals)) \(m.unit) "
                + "(\(ReadmeRenderer.signedPercent(a.relativeChange)); 95% CI \(ReadmeRenderer.signedPercent(a.ci.lower)) "
                + "to \(ReadmeRenderer.signedPercent(a.ci.upper)))"
        }
        return "error rate \(ReadmeRenderer.percent(a.baselineMedian)) → \(ReadmeRenderer.percent(a.currentMedian))"
    }
}
