import Analysis

/// The index's all-providers trend charts: per metric (TTFT, TPOT, ITL medians with their 95%
/// intervals as bands, and peak total TPS), one line per provider over the last `runLimit` runs,
/// x by each run's start time. Only runs with the latest run's ranked workload are drawn, so every
/// point is comparable with the summary above it.
struct SiteTrends {
    /// How many of the newest runs the index's trend charts cover.
    static let runLimit = 30

    /// One chart: where it is written, its metric id and what its alt text says.
    struct Chart {
        var id: String
        var title: String
        var chart: ProviderTrendsChart
        var alt: String
    }

    let runs: [RunDigest]
    /// Every slug of the site, so a provider keeps its colour on every chart.
    let allSlugs: [String]

    /// The runs drawn: the newest `runLimit` that hold a provider with the latest ranked workload.
    var window: [RunDigest] {
        guard let fp = runs.last?.rankedFingerprint else { return [] }
        return Array(runs.filter { r in r.providers.contains { $0.workload.fingerprint == fp } }.suffix(Self.runLimit))
    }

    static func path(_ id: String) -> String { "charts/trends/\(id).svg" }

    var charts: [Chart] {
        guard let fp = runs.last?.rankedFingerprint else { return [] }
        let runs = window
        let colors = ProviderColors(slugs: allSlugs)
        var slugs: [String] = []
        for r in runs { for p in r.providers where p.workload.fingerprint == fp && !slugs.contains(p.slug) { slugs.append(p.slug) } }
        slugs.sort()
        let names = Dictionary(runs.flatMap { $0.providers.map { ($0.slug, $0.name) } }, uniquingKeysWith: { _, newer in newer })
        func series(_ point: (ProviderDigest) -> ProviderTrendsChart.Point?) -> [ProviderTrendsChart.Series] {
            slugs.map { slug in
                ProviderTrendsChart.Series(slug: slug, name: names[slug] ?? slug, points: runs.compactMap { r -> ProviderTrendsChart.Point? in
                    guard let p = r.provider(slug), p.workload.fingerprint == fp,
                        let t = CivilTime.epochSeconds(rfc3339: r.startedAt), var pt = point(p)
                    else { return nil }
                    pt.time = t
                    return pt
                })
            }.filter { !$0.points.isEmpty }
        }
        let span = runs.count == 1 ? "the latest run" : "the last \(runs.count) runs"
        var out: [Chart] = LeaderboardMetric.allCases.map { m in
            let s = series { p in
                p.summary(m).map { ProviderTrendsChart.Point(time: 0, median: $0.median, low: p.medianCI(m)?.lower, high: p.medianCI(m)?.upper) }
            }
            return Chart(
                id: m.rawValue.lowercased(), title: "Median \(m.rawValue)", chart: ProviderTrendsChart(metric: m, series: s, colors: colors),
                alt: Self.alt("Median \(m.rawValue)", unit: m.unit, decimals: m.decimals, series: s, span: span))
        }
        let tps = series { ProviderTrendsChart.Point(time: 0, median: $0.peakTPS) }
        out.append(Chart(
            id: "tps", title: "Peak total TPS", chart: ProviderTrendsChart(quantity: .peakTotalTPS, series: tps, colors: colors),
            alt: Self.alt("Peak total TPS", unit: "tokens/s", decimals: 1, series: tps, span: span)))
        return out
    }

    /// Each provider's first and latest figure, in words (the numbers are in the tables).
    static func alt(_ title: String, unit: String, decimals: Int, series: [ProviderTrendsChart.Series], span: String) -> String {
        "\(title) per provider over \(span), by run start time. "
            + series.map { s in
                let first = s.points.first!, last = s.points.last!
                return s.points.count == 1
                    ? "\(s.name): \(SiteFormat.number(last.median, decimals)) \(unit)"
                    : "\(s.name): from \(SiteFormat.number(first.median, decimals)) to \(SiteFormat.number(last.median, decimals)) \(unit)"
            }.joined(separator: "; ") + "."
    }
}
