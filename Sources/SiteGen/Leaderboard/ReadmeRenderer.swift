import Analysis
import Mustache
import ResultFormat

/// Renders the README leaderboard section from a `Leaderboard` and the user-editable template.
public struct ReadmeRenderer: Sendable {
    /// Where the charts are, relative to the README (e.g. `leaderboard_data`).
    public var chartsPath: String
    public var windowSeconds: Double
    public var stepSeconds: Double
    /// Where the static site's index is, from the README: the site's public URL (`--base-url`)
    /// or a relative path (`site/index.html`); nil when no site is generated.
    public var siteLink: String?

    public init(chartsPath: String, windowSeconds: Double = 5, stepSeconds: Double = 1, siteLink: String? = nil) {
        self.chartsPath = chartsPath
        self.windowSeconds = windowSeconds
        self.stepSeconds = stepSeconds
        self.siteLink = siteLink
    }

    /// The Markdown of the leaderboard section.
    public func render(_ board: Leaderboard, template: MustacheTemplate) -> String {
        var text = template.render(context(board))
        // Collapse runs of blank lines left by empty sections, for a tidy diff.
        while text.contains("\n\n\n") { text = text.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        return text
    }

    /// The template's context, as plain dictionaries (documented in `docs/templates.md`).
    public func context(_ board: Leaderboard) -> [String: Any] {
        let first = board.files.first
        var ctx: [String: Any] = [
            "lastUpdate": first?.run.startedAt ?? board.runID,
            "runID": board.runID,
            "providerCount": board.ranked.count + board.notComparable.count,
            "windowSeconds": NumberFormat.trimmed(windowSeconds),
            "stepSeconds": NumberFormat.trimmed(stepSeconds),
        ]
        if let siteLink { ctx["siteLink"] = siteLink.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: ")", with: "%29") }
        ctx["provenance"] = Self.provenance(board.files, segments: board.segments)
        let suspect = board.ranked.compactMap { s -> String? in
            guard let sc = s.selfCheck, sc.isSuspect else { return nil }
            return "\(Markdown.escapeInline(s.provider.name)): \(sc.warnings.map(Markdown.escapeInline).joined(separator: "; "))"
        }
        if !suspect.isEmpty {
            ctx["suspect"] = ["the benchmark client may have limited these measurements — " + suspect.joined(separator: " · ")]
        }
        ctx["metricDefinitions"] = LeaderboardMetric.allCases.map {
            ["name": $0.rawValue, "unit": $0.unit, "definition": $0.definition]
        }
        ctx["workload"] = Self.workloadRows(board.workload).map { ["key": $0.0, "value": $0.1] }
        ctx["tables"] = board.metrics.map { ranking -> [String: Any] in
            [
                "title": ranking.metric.title, "unit": ranking.metric.unit,
                "chartPath": chartsPath.isEmpty ? ranking.metric.chartFileName : "\(chartsPath)/\(ranking.metric.chartFileName)",
                "chartAlt": "\(ranking.metric.rawValue) box plot: box p25–p75, line at the median, whiskers p5–p95, dot at p99",
                "table": Self.metricTable(ranking), "rule": ranking.rule,
            ]
        }
        ctx["throughputTable"] = Self.throughputTable(board.throughput)
        ctx["throughputRule"] = board.throughput.rule
        ctx["reliabilityTable"] = Self.reliabilityTable(board.ranked + board.notComparable)
        ctx["goodputTable"] = Self.goodputTable(board)
        ctx["goodputRule"] = board.objectives.ruleText
        ctx["alerts"] = Self.alertLines(board)
        ctx["noAlerts"] = board.alerts.isEmpty && board.hasEarlierRuns
        ctx["firstRun"] = board.alerts.isEmpty && !board.hasEarlierRuns
        ctx["alertRule"] = board.alertRule
        ctx["notComparable"] = board.notComparable.map { other -> String in
            let fingerprint = board.files.first { $0.provider.slug == other.provider.slug }?.workload.fingerprint ?? ""
            return "\(Markdown.escapeInline(other.provider.name)) ran a different workload (fingerprint `\(Self.shortFingerprint(fingerprint))…`), so it is not ranked with the others."
        }
        return ctx
    }

    static func shortFingerprint(_ f: String) -> String { String(f.prefix(19)) }

    static func provenance(_ files: [ResultFile], segments: [String: MergedSegments] = [:]) -> [String] {
        var lines: [String] = []
        let simulated = files.filter { $0.run.source != .measured }
        if !simulated.isEmpty {
            let kinds = Set(simulated.map(\.run.source.rawValue)).sorted().joined(separator: "/")
            let who = simulated.count == files.count ? "all \(files.count) providers of this run are" : "\(simulated.count) of \(files.count) providers are"
            var line = "\(who) **\(kinds)**, not measurements of a real provider."
            for f in simulated {
                line += "<br>\(Markdown.escapeInline(f.provider.name))" + (f.run.note.map { ": " + Markdown.escapeInline($0) } ?? "")
            }
            lines.append(line)
        }
        let measured = files.filter { $0.run.source == .measured }
        if !measured.isEmpty {
            let who = measured.count == files.count ? "all \(files.count) providers of this run were" : "\(measured.count) of \(files.count) providers were"
            let day = measured.map(\.run.startedAt).min().map { String($0.prefix(10)) } ?? ""
            let notes = ProviderNotes(measured.map { ($0.provider.name, $0.run.note) })
            var line = "\(who) **measured** by `bench` against real endpoints on \(day)."
            if let shared = notes.shared { line += "<br>All: " + Markdown.escapeInline(shared) + "." }
            for (name, note) in notes.each { line += "<br>\(Markdown.escapeInline(name)): " + Markdown.escapeInline(note) }
            lines.append(line)
        }
        // Sharded providers partial only because a segment is missing say so in the sharding line.
        let partial = files.filter { f in f.run.partial && segments[f.provider.slug].map { $0.parts.contains(where: \.partial) } ?? true }
        if !partial.isEmpty {
            lines.append("partial run (interrupted before the end) for " + partial.map { Markdown.escapeInline($0.provider.name) }.joined(separator: ", ") + ".")
        }
        let sharding = files.map { f in
            (name: Markdown.escapeInline(f.provider.name), segments: segments[f.provider.slug].map { SegmentsDigest($0, hashes: [:]) }, requests: f.workload.requestCount)
        }
        if let line = SegmentWording.line(sharding, missing: true) { lines.append(line) }
        return lines
    }

    static func workloadRows(_ w: WorkloadInfo) -> [(String, String)] {
        var rows: [(String, String)] = [
            ("Arrivals", Markdown.escapeInline(w.arrival)),
            ("Requests per provider", String(w.requestCount)),
            ("Prompts", Markdown.escapeInline(w.promptSource)),
            ("Sampling", "temperature \(NumberFormat.trimmed(w.temperature)), top_p \(NumberFormat.trimmed(w.topP)), max_tokens \(w.maxTokens)"),
            ("Request timeout", "\(NumberFormat.trimmed(w.timeoutSeconds)) s"),
            ("Seed", String(w.seed)),
            ("Fingerprint", "`\(w.fingerprint.replacingOccurrences(of: "`", with: ""))`"),
        ]
        for key in w.parameters.keys.sorted() {
            rows.append((Markdown.escapeInline(key), Markdown.escapeInline(w.parameters[key]!)))
        }
        return rows
    }

    /// The README's statistics after the median and its interval; the site has every statistic.
    static let statColumns: [Statistic] = [.p95, .p99]

    static func metricTable(_ ranking: Leaderboard.MetricRanking) -> String {
        let header = ["Provider", "Median", "95% CI"] + statColumns.map(\.rawValue) + ["n"]
        let d = ranking.metric.decimals
        let rows = ranking.entries.map { e -> [String] in
            let name = Markdown.escapeInline(e.summary.provider.name) + Self.marks(e.summary) + (e.isTiedLeader ? " (tied)" : "")
            guard let s = ranking.metric.summary(e.summary) else {
                let why = e.summary.totalRequests == 0 ? "no requests" :
                    e.summary.succeeded == 0 ? "all \(e.summary.totalRequests) requests failed" : "no request had 2+ tokens"
                return [name, "_\(why)_", "–"] + Array(repeating: "–", count: statColumns.count) + ["0"]
            }
            let ci = e.medianCI.map { "\(NumberFormat.fixed($0.lower, decimals: d))–\(NumberFormat.fixed($0.upper, decimals: d))" } ?? "–"
            let cells = [NumberFormat.fixed(s.median, decimals: d), ci]
                + statColumns.map { NumberFormat.fixed(s.value($0), decimals: d) }
            return ([name] + cells).map { Markdown.strong($0, e.isWinner) } + [String(s.count)]
        }
        return Markdown.table(
            header: header, alignments: [.left] + Array(repeating: .right, count: header.count - 1), rows: rows)
    }

    static func throughputTable(_ ranking: Leaderboard.ThroughputRanking) -> String {
        let rows = ranking.entries.map { e -> [String] in
            let name = Markdown.escapeInline(e.summary.provider.name) + Self.marks(e.summary) + (e.isTiedLeader ? " (tied)" : "")
            let tokens = e.summary.throughput.series.isEmpty ? "–" : NumberFormat.fixed(e.summary.peakTPS, decimals: 1)
            return [Markdown.strong(name, e.isWinner), Markdown.strong(tokens, e.isWinner), e.summary.tokenCount.rawValue]
        }
        return Markdown.table(header: ["Provider", "Peak total TPS", "Token count from"], alignments: [.left, .right, .left], rows: rows)
    }

    static func reliabilityTable(_ summaries: [ProviderRunSummary]) -> String {
        let ordered = summaries.sorted { $0.provider.slug < $1.provider.slug }
        let availability = ordered.map { Availability(totalRequests: $0.totalRequests, failuresByKind: $0.failuresByKind) }
        let classes = AvailabilityClass.allCases.filter { c in availability.contains { $0.occurringClasses.contains(c) } }
        let header = ["Provider", "Requests", "Succeeded", "Failed", "Error rate"] + classes.map(\.rawValue)
        let rows = zip(ordered, availability).map { s, a -> [String] in
            [Markdown.escapeInline(s.provider.name) + Self.marks(s), String(s.totalRequests), String(s.succeeded), String(s.failed),
             percent(s.errorRate)]
                + classes.map { c in
                    let n = a.failuresByClass[c] ?? 0
                    return n == 0 ? "0" : "\(n) (\(percent(a.errorRate(c))))"
                }
        }
        return Markdown.table(
            header: header, alignments: [.left] + Array(repeating: .right, count: header.count - 1), rows: rows)
    }

    static func percent(_ share: Double) -> String { NumberFormat.fixed(share * 100, decimals: 1) + " %" }

    static func goodputTable(_ board: Leaderboard) -> String {
        let rows = zip(board.ranked, board.goodput)
            .sorted { $0.1.share != $1.1.share ? $0.1.share > $1.1.share : $0.0.provider.slug < $1.0.provider.slug }
            .map { s, g -> [String] in
                [Markdown.escapeInline(s.provider.name) + Self.marks(s), percent(g.share), NumberFormat.fixed(g.requestsPerSecond, decimals: 2),
                 String(g.overTTFT), String(g.overITL), String(g.failedRequests)]
            }
        return Markdown.table(
            header: ["Provider", "Requests meeting the SLOs", "Goodput (req/s)", "Over TTFT", "Over ITL", "Failed"],
            alignments: [.left, .right, .right, .right, .right, .right], rows: rows)
    }

    static func alertLines(_ board: Leaderboard) -> [String] {
        let names = Dictionary(board.files.map { ($0.provider.slug, $0.provider.name) }, uniquingKeysWith: { a, _ in a })
        // One line per provider and metric: the previous-run comparison if it alerted, else the trailing one.
        var seen = Set<String>()
        var lines: [String] = []
        for a in board.alerts.sorted(by: Alert.stableOrder) {
            let key = a.providerSlug + "/" + a.metric.rawValue
            guard !seen.contains(key) else { continue }
            seen.insert(key)
            let name = Markdown.escapeInline(names[a.providerSlug] ?? a.providerSlug)
            let against = a.kind == .previous ? "the previous run `\(a.baselineRunIDs.last ?? "")`" : "the last \(a.baselineRunIDs.count) runs"
            let what = AlertText.change(a)
            let mark = a.direction == .regression ? "**regression**" : "improvement"
            lines.append("\(mark): \(name): \(what), p \(pValueText(a.pValue)), against \(against)")
        }
        return lines
    }

    static func signedPercent(_ x: Double) -> String { (x >= 0 ? "+" : "−") + NumberFormat.fixed(abs(x) * 100, decimals: 1) + " %" }

    static func pValueText(_ p: Double) -> String {
        p < 0.0001 ? "< 0.0001" : "= " + NumberFormat.fixed(p, decimals: 4)
    }

    /// Marks after a provider name: partial file, suspect client.
    static func marks(_ s: ProviderRunSummary) -> String {
        var m = ""
        if s.partial { m += " (partial)" }
        if s.selfCheck?.isSuspect == true { m += " (suspect)" }
        return m
    }
}

extension NumberFormat {
    /// Shortest form of a setting (`10`, `0.7`).
    public static func trimmed(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }
}
