import Analysis
import ResultFormat

/// The Mustache contexts of the site's pages, built from run digests only.
///
/// Every string that came from a result file goes into the context as plain text and is escaped
/// by the templates' `{{…}}`; the templates never use triple braces for such values. Contexts are
/// dictionaries so a template (or a later feature: confidence intervals, alerts, goodput) can add
/// keys without touching the others; `alerts` is already an (empty) list on the index.
struct SitePages {
    let runs: [RunDigest]
    /// Every alert of every run (`SiteAlerts`), in `Alert.stableOrder`.
    var alerts: [Alert] = []
    /// `alerts` by run id (pages look up their run's alerts; a year can hold thousands).
    private var alertsByRun: [String: [Alert]] = [:]
    var alertRule = AlertPolicy().ruleText
    /// The alert settings, whose thresholds are also the change tables' noise band.
    var alertPolicy = AlertPolicy()
    var siteTitle = "LLM endpoint leaderboard"
    /// Runs a stopped bench left unfinished, shown on the index and the run list.
    var unfinished: [UnfinishedRun] = []
    /// Where the raw result files' links point (`RawFileLinks`).
    var rawLinks = RawFileLinks.copied
    /// Each provider's name in its latest run, by slug: every page links to every provider, so
    /// this is computed once rather than per page (365 runs × 5 providers × 700 pages).
    let providerNames: [String: String]
    /// The runs with an earlier run of some provider on the same workload (slug and
    /// fingerprint): each page asks, so one walk over the runs answers them all.
    let runsWithEarlierRun: Set<String>

    init(runs: [RunDigest], alerts: [Alert] = [], alertPolicy: AlertPolicy = AlertPolicy(), unfinished: [UnfinishedRun] = []) {
        self.runs = runs
        self.alertPolicy = alertPolicy
        self.unfinished = unfinished
        self.alerts = alerts
        alertsByRun = Dictionary(grouping: alerts, by: \.runID)
        alertRule = alertPolicy.ruleText
        var names: [String: String] = [:]
        for r in runs { for p in r.providers { names[p.slug] = p.name } }
        providerNames = names
        var seen = Set<String>(), withEarlier = Set<String>()
        for r in runs.sorted(by: { $0.runID < $1.runID }) {
            let keys = r.providers.map { $0.slug + "\n" + $0.workload.fingerprint }
            if keys.contains(where: seen.contains) { withEarlier.insert(r.runID) }
            seen.formUnion(keys)
        }
        runsWithEarlierRun = withEarlier
    }

    // MARK: Paths (relative to the site root)

    static func runPage(_ id: String) -> String { "runs/\(id).html" }
    static func providerPage(_ slug: String) -> String { "providers/\(slug).html" }
    static func comparePage(_ old: String, _ new: String) -> String { "compare/\(old)--\(new).html" }
    static func runChart(_ id: String, _ metric: String) -> String { "charts/runs/\(id)/\(metric).svg" }
    static func providerChart(_ slug: String, _ metric: String) -> String { "charts/providers/\(slug)/\(metric).svg" }
    static func runJSON(_ id: String) -> String { "data/runs/\(id).json" }
    static func providerJSON(_ slug: String) -> String { "data/providers/\(slug).json" }
    static func providerCSV(_ slug: String) -> String { "data/providers/\(slug).csv" }
    static func raw(_ relative: String) -> String { "data/raw/\(relative)" }

    // MARK: Common

    func base(title: String, root: String) -> [String: Any] {
        [
            "title": title, "siteTitle": siteTitle, "root": root,
            "providers": providerLinks(root: root),
        ]
    }

    /// Provider slugs and names, for render keys (every page links to every provider).
    var providerListKey: String {
        providerNames.keys.sorted().map { $0 + "=" + providerNames[$0]! }.joined(separator: "\n")
    }

    func providerLinks(root: String) -> [[String: Any]] {
        providerNames.keys.sorted().map { ["name": providerNames[$0]!, "href": root + Self.providerPage($0)] }
    }

    static func provenance(_ run: RunDigest) -> [String] { provenance(providers: run.providers, run: run) }

    /// Where the figures of `providers` (of `run`) come from: that synthetic or simulated data is
    /// not a measurement is said once, and the providers' notes with what they share said once.
    static func provenance(providers: [ProviderDigest], run: RunDigest) -> [String] {
        var lines: [String] = []
        func who(_ ps: [ProviderDigest]) -> String {
            if ps.count == 1 && providers.count == 1 { return ps[0].name }
            return ps.count == providers.count ? "All results of this run" : ps.map(\.name).joined(separator: ", ")
        }
        func notes(_ ps: [ProviderDigest]) -> String {
            func sentence(_ t: String) -> String { t.hasSuffix(".") ? t : t + "." }
            let given = ps.compactMap(\.note)
            if let one = given.first, given.count == ps.count, given.allSatisfy({ $0 == one }) { return " " + sentence(one) }
            let notes = ProviderNotes(ps.map { ($0.name, $0.note) })
            let own = notes.each.filter { $0.note != "(nothing more)" }.map { "\($0.name): \($0.note)" }.joined(separator: "; ")
            return (notes.shared.map { " All: " + sentence($0) } ?? "") + (own.isEmpty ? "" : " " + sentence(own))
        }
        let synthetic = providers.filter { $0.source != DataSource.measured.rawValue }
        if !synthetic.isEmpty {
            let kinds = Set(synthetic.map(\.source)).sorted().joined(separator: "/")
            lines.append("\(who(synthetic)): \(kinds) data, not a measurement of a real provider." + notes(synthetic))
        }
        let measured = providers.filter { $0.source == DataSource.measured.rawValue }
        if !measured.isEmpty {
            // The notes say on what (server, model, hardware), what they share said once; the
            // date says when.
            lines.append("\(who(measured)): measured by bench against real endpoints, \(SiteFormat.date(run.startedAt))." + notes(measured))
        }
        if let sharding = SegmentWording.line(providers.map { ($0.name, $0.segments, $0.workload.requestCount) }, missing: false) {
            lines.append(sharding.prefix(1).uppercased() + sharding.dropFirst())
        }
        if run.partial {
            if run.providers.contains(where: { $0.partial != nil }) {
                // A run with sharded providers says which provider is partial, and why.
                for p in providers where p.partial == true {
                    lines.append(SegmentWording.partialNote(p) ?? "\(p.name) is partial: it was interrupted before every request finished.")
                }
            } else {
                lines.append("This run is partial: it was interrupted before every request finished.")
            }
        }
        return lines
    }

    static func suspect(_ run: RunDigest) -> [String] {
        run.providers.compactMap { p in
            guard let sc = p.selfCheck, sc.isSuspect else { return nil }
            return "\(p.name): \(sc.warnings.joined(separator: "; "))"
        }
    }

    static func workloadRows(_ w: WorkloadInfo) -> [[String: Any]] {
        var rows: [(String, String)] = [
            ("Fingerprint", w.fingerprint), ("Arrivals", w.arrival), ("Requests", String(w.requestCount)),
            ("Seed", String(w.seed)), ("Prompts", w.promptSource),
            ("Temperature", NumberFormat.trimmed(w.temperature)), ("top_p", NumberFormat.trimmed(w.topP)),
            ("max_tokens", String(w.maxTokens)), ("Timeout", NumberFormat.trimmed(w.timeoutSeconds) + " s"),
        ]
        rows += w.parameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return rows.map { ["key": $0.0, "value": $0.1] }
    }

    /// Distinct workloads of a run, ranked group first.
    static func workloads(_ run: RunDigest) -> [[String: Any]] {
        var order: [String] = [run.rankedFingerprint]
        for p in run.providers where !order.contains(p.workload.fingerprint) { order.append(p.workload.fingerprint) }
        return order.map { fp in
            let ps = run.providers.filter { $0.workload.fingerprint == fp }
            return [
                "ranked": fp == run.rankedFingerprint, "providers": ps.map(\.name).joined(separator: ", "),
                "rows": workloadRows(ps[0].workload),
            ]
        }
    }

    static func notComparable(_ run: RunDigest) -> [[String: Any]] {
        run.providers.filter { $0.workload.fingerprint != run.rankedFingerprint }.map {
            ["name": $0.name, "fingerprint": SiteFormat.shortFingerprint($0.workload.fingerprint)]
        }
    }

    // MARK: Ranking tables (index and run pages)

    func rankingTables(_ run: RunDigest, root: String, chartRoot: String) -> [[String: Any]] {
        run.rankings.compactMap { order -> [String: Any]? in
            guard let metric = LeaderboardMetric(rawValue: order.metric) else { return nil }
            let rows = order.order.enumerated().compactMap { i, slug -> [String: Any]? in
                guard let p = run.provider(slug) else { return nil }
                var row: [String: Any] = [
                    "rank": i + 1, "name": p.name, "href": root + Self.providerPage(slug),
                    "winner": order.winners.contains(slug), "tied": order.tied?.contains(slug) == true,
                    "alone": order.winners.contains(slug) && order.tied?.contains(slug) != true,
                ]
                if let s = p.summary(metric) {
                    row["cells"] = [["v": SiteFormat.number(s.median, metric.decimals)], ["v": Self.interval(p.medianCI(metric), metric.decimals)]]
                        + [s.p25, s.p75, s.p95, s.p99, s.mean].map { ["v": SiteFormat.number($0, metric.decimals)] }
                        + [["v": String(s.count)]]
                } else {
                    row["empty"] = "no successful requests"
                }
                return row
            }
            let summaries = order.order.compactMap { run.provider($0)?.summary(metric) }
            return [
                "id": metric.rawValue.lowercased(), "short": metric.rawValue, "title": metric.title, "unit": metric.unit,
                "definition": metric.definition, "rule": order.rule, "rows": rows,
                "chart": chartRoot + Self.runChart(run.runID, metric.rawValue),
                "chartAlt": "Box plot of \(metric.rawValue) in \(metric.unit) per provider (box p25 to p75, line at the median, whiskers p5 to p95, dot at p99). "
                    + order.order.compactMap { slug in run.provider(slug).flatMap { p in p.summary(metric).map { "\(p.name): median \(SiteFormat.number($0.median, metric.decimals))" } } }.joined(separator: "; ")
                    + ". The same numbers are in the table.",
                "hasChart": !summaries.isEmpty,
            ]
        }
    }

    func throughputRows(_ run: RunDigest, root: String) -> [[String: Any]] {
        run.throughput.order.enumerated().compactMap { i, slug in
            guard let p = run.provider(slug) else { return nil }
            return [
                "rank": i + 1, "name": p.name, "href": root + Self.providerPage(slug),
                "winner": run.throughput.winners.contains(slug), "peak": SiteFormat.number(p.peakTPS, 1),
                "tied": run.throughput.tied?.contains(slug) == true,
                "alone": run.throughput.winners.contains(slug) && run.throughput.tied?.contains(slug) != true,
                "at": SiteFormat.number(p.peakTPSAtSeconds, 0),
            ]
        }
    }

    func reliabilityRows(_ run: RunDigest, root: String) -> [[String: Any]] {
        run.providers.map { p in
            [
                "name": p.name, "href": root + Self.providerPage(p.slug), "total": p.totalRequests, "succeeded": p.succeeded,
                "failed": p.failed, "errorRate": SiteFormat.percent(p.errorRate),
                "kinds": p.failures.isEmpty ? "none" : p.failures.map { "\($0.kind) × \($0.count)" }.joined(separator: ", "),
                "allFailed": p.succeeded == 0,
                "classes": AvailabilityClass.allCases.map { c -> [String: Any] in
                    let n = p.failures(c)
                    return ["v": p.availability == nil ? "–" : n == 0 ? "0" : "\(n) (\(SiteFormat.percent(Double(n) / Double(max(1, p.totalRequests)))))"]
                },
            ]
        }
    }

    static var availabilityColumns: [[String: Any]] { AvailabilityClass.allCases.map { ["name": $0.rawValue] } }

    /// `lo–hi` of an interval, or `–`.
    static func interval(_ ci: ConfidenceInterval?, _ decimals: Int) -> String {
        ci.map { SiteFormat.number($0.lower, decimals) + "–" + SiteFormat.number($0.upper, decimals) } ?? "–"
    }

    /// Goodput rows of the ranked providers, best share first (as in the README).
    func goodputRows(_ run: RunDigest, root: String) -> [[String: Any]] {
        run.providers.filter { $0.workload.fingerprint == run.rankedFingerprint && $0.goodput != nil }
            .sorted { a, b in a.goodput!.share != b.goodput!.share ? a.goodput!.share > b.goodput!.share : a.slug < b.slug }
            .map { p in
                let g = p.goodput!
                return [
                    "name": p.name, "href": root + Self.providerPage(p.slug), "share": ReadmeRenderer.percent(g.share),
                    "rps": SiteFormat.number(g.requestsPerSecond, 2), "overTTFT": g.overTTFT, "overITL": g.overITL,
                    "failed": g.failedRequests, "total": g.totalRequests,
                ]
            }
    }

    // MARK: Alerts

    /// One alert in plain words, and whether it is a regression (shown emphasised).
    func alertItem(_ a: Alert, name: String, root: String) -> [String: Any] {
        let against = a.kind == .previous ? "the previous run \(a.baselineRunIDs.last ?? "")" : "the pooled last \(a.baselineRunIDs.count) runs"
        let what = AlertText.change(a)
        return [
            "regression": a.direction == .regression, "direction": a.direction == .regression ? "Regression" : "Improvement",
            "name": name, "href": root + Self.providerPage(a.providerSlug), "runID": a.runID, "runHref": root + Self.runPage(a.runID),
            "text": "\(what), p \(ReadmeRenderer.pValueText(a.pValue)), against \(against)",
            "metric": a.metric.rawValue,
        ]
    }

    /// Alerts of `runID` (or of every run), one per provider and metric: the previous-run
    /// comparison when it alerted, else the trailing-window one (the README's choice).
    func alertItems(_ list: [Alert], root: String) -> [[String: Any]] {
        let names = providerNames
        var seen = Set<String>()
        var out: [[String: Any]] = []
        for a in list {
            let key = a.runID + "/" + a.providerSlug + "/" + a.metric.rawValue
            guard !seen.contains(key) else { continue }
            seen.insert(key)
            out.append(alertItem(a, name: names[a.providerSlug] ?? a.providerSlug, root: root))
        }
        return out
    }

    /// Markers of a trend chart's point: the directions of the run's alerts on the metric.
    static func markers(_ alerts: [Alert], runID: String, metric: AlertMetric?) -> [TrendChart.Marker] {
        guard let metric else { return [] }
        let dirs = Set(alerts.filter { $0.runID == runID && $0.metric == metric }.map(\.direction))
        return (dirs.contains(.regression) ? [TrendChart.Marker.regression] : []) + (dirs.contains(.improvement) ? [.improvement] : [])
    }

    static func onlyIn(_ a: RunDigest, notIn b: RunDigest) -> [String] {
        a.providers.filter { b.provider($0.slug) == nil }.map(\.name)
    }

    // MARK: Pages

    /// One notice per unfinished run: what is missing and how to finalise it (the template words it).
    var unfinishedNotices: [[String: Any]] {
        unfinished.map {
            ["run": $0.runID, "providers": $0.slugs.joined(separator: ", "), "plural": $0.slugs.count > 1, "partial": $0.hasResults]
        }
    }

    func index() -> [String: Any] {
        var ctx = base(title: siteTitle, root: "")
        ctx["unfinished"] = unfinishedNotices
        guard let latest = runs.last else { return ctx }
        ctx["hasRuns"] = true
        ctx["run"] = runHeader(latest, root: "")
        ctx["provenance"] = Self.provenance(latest)
        ctx["suspect"] = Self.suspect(latest)
        ctx["workload"] = Self.workloadRows(latest.provider(latest.throughput.order.first ?? "")?.workload ?? latest.providers[0].workload)
        ctx["notComparable"] = Self.notComparable(latest)
        ctx["tables"] = rankingTables(latest, root: "", chartRoot: "")
        ctx["throughput"] = throughputRows(latest, root: "")
        ctx["throughputRule"] = latest.throughput.rule
        ctx["reliability"] = reliabilityRows(latest, root: "")
        let latestAlerts = alertItems(alertsByRun[latest.runID] ?? [], root: "")
        // Regressions first: they are what a reader (or a CI job) acts on.
        let sortedAlerts = latestAlerts.filter { $0["regression"] as? Bool == true } + latestAlerts.filter { $0["regression"] as? Bool != true }
        ctx["alerts"] = sortedAlerts
        ctx["hasAlerts"] = !sortedAlerts.isEmpty
        ctx["regressionCount"] = latestAlerts.filter { $0["regression"] as? Bool == true }.count
        ctx["alertRule"] = alertRule
        ctx["goodput"] = goodputRows(latest, root: "")
        ctx["goodputRule"] = latest.goodputRule ?? ""
        ctx["availabilityColumns"] = Self.availabilityColumns
        ctx["hasEarlierRuns"] = hasComparableEarlierRun(latest)
        if runs.count >= 2 {
            let prev = runs[runs.count - 2]
            let changes = SiteChanges(alerts: alertsByRun[latest.runID] ?? [], policy: alertPolicy)
            let (tables, quiet) = changes.changes(from: prev, to: latest, root: "", onlyNotable: true)
            ctx["previous"] = [
                "id": prev.runID, "href": Self.runPage(prev.runID), "compareHref": Self.comparePage(prev.runID, latest.runID),
                "changes": tables, "quiet": quiet, "hasQuiet": !quiet.isEmpty, "changeRule": changes.ruleText,
            ]
        }
        ctx["summary"] = SiteSummary(run: latest, root: "").cards.map(\.context)
        let trends = SiteTrends(runs: runs, allSlugs: providerNames.keys.sorted())
        let trendRuns = trends.window.count
        ctx["hasTrends"] = trendRuns >= 2
        ctx["trendRunCount"] = trendRuns
        ctx["trends"] = trends.charts.map { c -> [String: Any] in
            ["src": SiteTrends.path(c.id), "alt": c.alt, "caption": "\(c.title): one line per provider; select to open it on its own."]
        }
        ctx["recentRuns"] = runs.suffix(10).reversed().map { runRow($0, root: "") }
        ctx["runCount"] = runs.count
        return ctx
    }

    /// Whether some provider of `run` has an earlier run with the same workload, so that "no
    /// significant change" means something.
    func hasComparableEarlierRun(_ run: RunDigest) -> Bool { runsWithEarlierRun.contains(run.runID) }

    func runHeader(_ r: RunDigest, root: String) -> [String: Any] {
        [
            "id": r.runID, "href": root + Self.runPage(r.runID), "startedAt": r.startedAt, "endedAt": r.endedAt,
            "date": SiteFormat.date(r.startedAt), "benchVersion": r.benchVersion, "benchLabel": Self.benchLabel(r.benchVersion), "sources": r.sources.joined(separator: ", "),
            "providerCount": r.providers.count, "json": root + Self.runJSON(r.runID),
        ]
    }

    /// `bench 0.1.0` from a bench version recorded as a bare number (`0.1.0`) or with the
    /// tool's name (`bench 0.1.0 (transport epoll)`, kept as it is).
    static func benchLabel(_ version: String) -> String {
        version.split(separator: ",").map { v -> String in
            let t = String(v.drop { $0 == " " })
            return t.first?.isNumber == true ? "bench " + t : t
        }.joined(separator: ", ")
    }

    func runRow(_ r: RunDigest, root: String) -> [String: Any] {
        var row = runHeader(r, root: root)
        row["suspect"] = r.isSuspect
        row["partial"] = r.partial
        let fps = Set(r.providers.map(\.workload.fingerprint))
        row["workloads"] = fps.count == 1 ? SiteFormat.shortFingerprint(r.rankedFingerprint) : "\(fps.count) workloads"
        if let i = runs.firstIndex(where: { $0.runID == r.runID }), i > 0 {
            row["compareHref"] = root + Self.comparePage(runs[i - 1].runID, r.runID)
        }
        return row
    }

    func runsList() -> [String: Any] {
        var ctx = base(title: "All runs · \(siteTitle)", root: "")
        ctx["runs"] = runs.reversed().map { runRow($0, root: "") }
        ctx["unfinished"] = unfinishedNotices
        return ctx
    }

    func runPage(_ i: Int) -> [String: Any] {
        let r = runs[i]
        let root = "../"
        var ctx = base(title: "Run \(r.runID) · \(siteTitle)", root: root)
        ctx["run"] = runHeader(r, root: root)
        if i > 0 {
            ctx["prev"] = ["id": runs[i - 1].runID, "href": root + Self.runPage(runs[i - 1].runID), "compareHref": root + Self.comparePage(runs[i - 1].runID, r.runID)]
        }
        if i + 1 < runs.count {
            ctx["next"] = ["id": runs[i + 1].runID, "href": root + Self.runPage(runs[i + 1].runID)]
        }
        ctx["provenance"] = Self.provenance(r)
        ctx["suspect"] = Self.suspect(r)
        ctx["workloads"] = Self.workloads(r)
        ctx["notComparable"] = Self.notComparable(r)
        ctx["tables"] = rankingTables(r, root: root, chartRoot: root)
        ctx["throughput"] = throughputRows(r, root: root)
        ctx["throughputRule"] = r.throughput.rule
        ctx["reliability"] = reliabilityRows(r, root: root)
        ctx["availabilityColumns"] = Self.availabilityColumns
        ctx["goodput"] = goodputRows(r, root: root)
        ctx["goodputRule"] = r.goodputRule ?? ""
        let runAlerts = alertItems(alertsByRun[r.runID] ?? [], root: root)
        ctx["alerts"] = runAlerts
        ctx["hasAlerts"] = !runAlerts.isEmpty
        ctx["hasEarlierRuns"] = hasComparableEarlierRun(r)
        ctx["alertRule"] = alertRule
        ctx["fullTables"] = fullTables(r, root: root)
        ctx["failures"] = Self.failureRows(r)
        ctx["hasFailures"] = r.providers.contains { $0.failed > 0 }
        ctx["selfChecks"] = Self.selfCheckRows(r)
        let agreements = Self.serverAgreementRows(r)
        if !agreements.isEmpty { ctx["serverAgreement"] = ["rows": agreements] }
        ctx["loadGenerators"] = SegmentWording.section(r)
        ctx["rawFiles"] = Self.rawFileRows(r, root: root, links: rawLinks)
        ctx["rawWhere"] = rawLinks.caption
        return ctx
    }

    /// Every metric's full statistics table on a run page (time to first visible token only when
    /// some provider has it).
    private func fullTables(_ r: RunDigest, root: String) -> [[String: Any]] {
        DigestMetric.all.compactMap { m -> [String: Any]? in
            guard r.providers.contains(where: { m.value($0) != nil }) || m.id != "ttft-visible" else { return nil }
            return [
                "id": m.id, "title": m.title, "unit": m.unit, "definition": m.definition,
                "columns": SiteFormat.columns.map { ["name": $0.0] },
                "rows": r.providers.map { p -> [String: Any] in
                    var row: [String: Any] = ["name": p.name, "href": root + Self.providerPage(p.slug), "otherWorkload": p.workload.fingerprint != r.rankedFingerprint]
                    if let s = m.value(p) {
                        row["cells"] = SiteFormat.columns.map { col -> [String: Any] in
                            ["v": col.1.map { SiteFormat.number(s.value($0), m.decimals) } ?? String(s.count)]
                        }
                    } else {
                        row["empty"] = "no data"
                    }
                    return row
                },
            ]
        }
    }

    /// Failures by kind, with statuses and example messages, per provider.
    private static func failureRows(_ r: RunDigest) -> [[String: Any]] {
        r.providers.map { p -> [String: Any] in
            [
                "name": p.name, "failed": p.failed, "total": p.totalRequests,
                "kinds": p.failures.map { f -> [String: Any] in
                    [
                        "kind": f.kind, "count": f.count, "statuses": f.statuses.map(String.init).joined(separator: ", "),
                        "examples": f.examples.joined(separator: " · "),
                    ]
                },
            ]
        }
    }

    /// The benchmark client's self-check per provider.
    private static func selfCheckRows(_ r: RunDigest) -> [[String: Any]] {
        r.providers.map { p -> [String: Any] in
            var row: [String: Any] = ["name": p.name]
            if let sc = p.selfCheck {
                row["check"] = [
                    "offered": SiteFormat.number(sc.offeredRate, 2), "achieved": SiteFormat.number(sc.achievedRate, 2),
                    "lagP50": SiteFormat.number(Double(sc.launchLagP50Micros) / 1000, 2),
                    "lagP99": SiteFormat.number(Double(sc.launchLagP99Micros) / 1000, 2),
                    "cpu": SiteFormat.number(sc.clientCPUSeconds, 1)
                        + (sc.cpuStealSeconds.map { " (host steal " + SiteFormat.number($0, 1) + ")" } ?? ""),
                    "wall": SiteFormat.number(sc.wallSeconds, 1),
                    "suspect": sc.isSuspect, "warnings": sc.warnings.joined(separator: "; "),
                ]
            }
            return row
        }
    }

    /// The client's decode time per token against the server's own, where the server reported it.
    private static func serverAgreementRows(_ r: RunDigest) -> [[String: Any]] {
        r.providers.compactMap { p -> [String: Any]? in
            guard let a = p.serverAgreement else { return nil }
            return [
                "name": p.name, "requests": a.requests, "client": SiteFormat.number(a.clientMedianMs, 2),
                "server": SiteFormat.number(a.serverMedianMs, 2), "median": SiteFormat.signed(a.medianDifferenceMs, 2),
                "p99": SiteFormat.number(a.p99AbsoluteDifferenceMs, 2),
            ]
        }
    }

    /// The raw result files, with their size, hash and what produced them.
    private static func rawFileRows(_ r: RunDigest, root: String, links: RawFileLinks) -> [[String: Any]] {
        r.providers.flatMap { p -> [[String: Any]] in
            // A sharded provider has a row per segment file, named with its machine.
            let hosts = p.segments.map { $0.files.map { " (" + $0.host + ")" } } ?? [""]
            return zip(p.rawFiles, hosts).map { raw, host -> [String: Any] in
                [
                    "name": p.name + host, "file": String(raw.path.split(separator: "/").last ?? ""), "href": links.href(raw.path, root: root),
                    "bytes": raw.bytes, "sha256": raw.sha256, "api": p.api, "model": p.model, "baseURL": p.baseURL,
                    "tokenCount": p.tokenCount, "source": p.source,
                ]
            }
        }
    }

    func providerPage(slug: String, history: [(RunDigest, ProviderDigest)]) -> [String: Any] {
        let root = "../"
        let latest = history.last!.1
        var ctx = base(title: "\(latest.name) · \(siteTitle)", root: root)
        let fp = latest.workload.fingerprint
        let trendRuns = history.filter { $0.1.workload.fingerprint == fp }
        ctx["provider"] = [
            "name": latest.name, "slug": slug, "api": latest.api, "model": latest.model, "baseURL": latest.baseURL,
            "json": root + Self.providerJSON(slug), "csv": root + Self.providerCSV(slug),
            "fingerprint": SiteFormat.shortFingerprint(fp), "trendRunCount": trendRuns.count, "runCount": history.count,
        ]
        let excluded = history.count - trendRuns.count
        if excluded > 0 {
            ctx["excluded"] = "\(excluded) of \(history.count) runs used a different workload than the latest (\(SiteFormat.shortFingerprint(fp))); they are listed below but not drawn in the trends, because figures from different workloads are not comparable."
        }
        ctx["charts"] = Self.trendSpecs.map { spec -> [String: Any] in
            let pts = trendRuns.compactMap { spec.point($0.1) }
            let alt = "\(spec.title) of \(latest.name) over \(trendRuns.count) runs"
                + (pts.isEmpty ? ": no data." : ", from \(SiteFormat.number(pts.first!, spec.decimals)) (\(SiteFormat.date(trendRuns.first!.0.runID))) to \(SiteFormat.number(pts.last!, spec.decimals)) \(spec.unit) (\(SiteFormat.date(trendRuns.last!.0.runID))); min \(SiteFormat.number(pts.min()!, spec.decimals)), max \(SiteFormat.number(pts.max()!, spec.decimals)). Every value is in the table of runs.")
            return ["src": root + Self.providerChart(slug, spec.id), "alt": alt, "title": spec.title]
        }
        let providerAlerts = alertItems(
            alerts.filter { $0.providerSlug == slug }.sorted { a, b in a.runID != b.runID ? a.runID > b.runID : Alert.stableOrder(a, b) },
            root: root)
        // The newest five runs' alerts in view; earlier ones folded away (a long history has many).
        let recentRuns = Set(history.suffix(5).map(\.0.runID))
        let recent = providerAlerts.filter { recentRuns.contains($0["runID"] as? String ?? "") }
        let older = providerAlerts.filter { !recentRuns.contains($0["runID"] as? String ?? "") }
        ctx["alerts"] = recent
        ctx["olderAlerts"] = older
        ctx["hasOlderAlerts"] = !older.isEmpty
        ctx["olderAlertCount"] = older.count
        ctx["hasAlerts"] = !providerAlerts.isEmpty
        ctx["hasEarlierRuns"] = trendRuns.count > 1
        ctx["provenance"] = Self.provenance(providers: history.suffix(1).map(\.1), run: history.last!.0)
        ctx["hasRecentAlerts"] = !recent.isEmpty
        ctx["alertRule"] = alertRule
        ctx["availabilityColumns"] = Self.availabilityColumns
        let alertsByRun = Dictionary(grouping: alerts.filter { $0.providerSlug == slug }, by: \.runID)
        ctx["rows"] = history.reversed().map { entry -> [String: Any] in
            let (run, p) = entry
            func f(_ s: Summary?, _ d: Int, _ k: KeyPath<Summary, Double>) -> String { s.map { SiteFormat.number($0[keyPath: k], d) } ?? "–" }
            return [
                "id": run.runID, "href": root + Self.runPage(run.runID), "date": SiteFormat.date(run.startedAt),
                "ttft": f(p.ttft, 3, \.median), "ttftP25": f(p.ttft, 3, \.p25), "ttftP75": f(p.ttft, 3, \.p75),
                "ttftCI": Self.interval(p.ttftMedianCI, 3), "tpotCI": Self.interval(p.tpotMedianCI, 2), "itlCI": Self.interval(p.itlMedianCI, 2),
                "goodput": p.goodput.map { ReadmeRenderer.percent($0.share) } ?? "–",
                "classes": AvailabilityClass.allCases.map { c -> [String: Any] in ["v": p.availability == nil ? "–" : String(p.failures(c))] },
                "alerts": alertItems(alertsByRun[run.runID] ?? [], root: root).map { a -> [String: Any] in
                    ["metric": a["metric"] ?? "", "regression": a["regression"] ?? false, "direction": a["direction"] ?? ""]
                },
                "tpot": f(p.tpot, 2, \.median), "itl": f(p.itl, 2, \.median), "tps": SiteFormat.number(p.peakTPS, 1),
                "errorRate": SiteFormat.percent(p.errorRate), "fingerprint": String(p.workload.fingerprint.split(separator: ":").last?.prefix(10) ?? ""),
                "fullFingerprint": p.workload.fingerprint,
                "inTrend": p.workload.fingerprint == fp, "suspect": p.selfCheck?.isSuspect == true,
            ]
        }
        return ctx
    }

    struct TrendSpec: Sendable {
        var id: String
        var title: String
        var axis: String
        var unit: String
        var decimals: Int
        var band: String?
        var point: @Sendable (ProviderDigest) -> Double?
        var low: @Sendable (ProviderDigest) -> Double? = { _ in nil }
        var high: @Sendable (ProviderDigest) -> Double? = { _ in nil }
        /// Legend of the whiskers, when `ci` gives any.
        var whiskers: String? = nil
        var ci: @Sendable (ProviderDigest) -> ConfidenceInterval? = { _ in nil }
        /// Factor from the interval's unit to the chart's.
        var scale = 1.0
        /// Alerts of this metric are marked on the chart.
        var alertMetric: AlertMetric? = nil
    }

    static let ciLegend = "95% CI of the median"


    static let trendSpecs: [TrendSpec] = [
        TrendSpec(id: "ttft", title: "Median TTFT", axis: "TTFT (s)", unit: "s", decimals: 3, band: "p25–p75",
                  point: { $0.ttft?.median }, low: { $0.ttft?.p25 }, high: { $0.ttft?.p75 },
                  whiskers: ciLegend, ci: { $0.ttftMedianCI }, alertMetric: .ttft),
        TrendSpec(id: "tpot", title: "Median TPOT", axis: "TPOT (ms)", unit: "ms", decimals: 2, band: nil, point: { $0.tpot?.median },
                  whiskers: ciLegend, ci: { $0.tpotMedianCI }, alertMetric: .tpot),
        TrendSpec(id: "itl", title: "Median ITL", axis: "ITL (ms)", unit: "ms", decimals: 2, band: nil, point: { $0.itl?.median },
                  whiskers: ciLegend, ci: { $0.itlMedianCI }, alertMetric: .itl),
        TrendSpec(id: "tps", title: "Peak total TPS", axis: "tokens/s", unit: "tokens/s", decimals: 1, band: nil, point: { $0.peakTPS }),
        TrendSpec(id: "errors", title: "Error rate", axis: "failed (%)", unit: "%", decimals: 2, band: nil, point: { $0.errorRate * 100 },
                  alertMetric: .errorRate),
    ]

    func comparePage(old: RunDigest, new: RunDigest) -> [String: Any] {
        let root = "../"
        var ctx = base(title: "\(old.runID) → \(new.runID) · \(siteTitle)", root: root)
        ctx["old"] = runHeader(old, root: root)
        ctx["new"] = runHeader(new, root: root)
        let changes = SiteChanges(alerts: alertsByRun[new.runID] ?? [], policy: alertPolicy)
        ctx["changes"] = changes.changes(from: old, to: new, root: root, onlyNotable: false).tables
        ctx["changeRule"] = changes.ruleText
        ctx["onlyOld"] = Self.onlyIn(old, notIn: new)
        ctx["onlyNew"] = Self.onlyIn(new, notIn: old)
        return ctx
    }
}
