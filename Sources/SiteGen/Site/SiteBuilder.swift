import JSON
import Analysis
import Foundation
import Mustache
import ResultFormat

/// Builds the static HTML history site from every run in `results/` (issue 4).
///
/// Steps: digest every run (cached by content hash, runs in parallel across the cores), then
/// render pages, SVG charts and data files, each skipped when its inputs' key is unchanged and
/// written only when its bytes differ. Output layout and cache: `docs/site.md`.
public struct SiteBuilder: Sendable {
    public var options: SiteGenOptions
    /// Where digests and render keys are kept between generations.
    public var cacheDirectory: String
    /// In every render key: the render format and the build that renders (`CodeIdentity`), so
    /// cached renders are redone when either changes.
    static let renderVersion = "site-render-6 build " + CodeIdentity.current

    public init(options: SiteGenOptions, cacheDirectory: String? = nil) {
        self.options = options
        self.cacheDirectory = cacheDirectory ?? SiteBuilder.defaultCacheDirectory(siteDirectory: options.siteDirectory ?? "site")
    }

    /// `.sitegen-cache` beside the site folder (never inside it, so it is not published).
    public static func defaultCacheDirectory(siteDirectory: String) -> String {
        let parent = RelativePath.folder(of: siteDirectory.hasSuffix("/") ? String(siteDirectory.dropLast()) : siteDirectory)
        return parent == "." ? ".sitegen-cache" : parent + "/.sitegen-cache"
    }

    public struct Report: Sendable {
        public var runs: Int
        public var digestsComputed: Int
        public var digestsFromCache: Int
        /// Files whose bytes changed, relative to the site folder.
        public var writtenFiles: [String]
        /// Outputs whose inputs were unchanged, so they were not rendered again.
        public var skippedRenders: Int
        /// Every run's digest, oldest first.
        public var digests: [RunDigest] = []
        /// Every alert of every run (`data/alerts.json`), in `Alert.stableOrder`.
        public var alerts: [Alert] = []
        /// Alert windows (one provider's run and its comparable predecessors) computed / reused from the cache.
        public var alertWindowsComputed = 0
        public var alertWindowsReused = 0
        /// Wall time of the site's own steps (`sitegen --timings`).
        public var stageSeconds: [(String, Double)] = []
        /// Runs a stopped bench left unfinished (journals without result files).
        public var unfinished: [UnfinishedRun] = []
    }

    /// Builds the site and puts it in place.
    @discardableResult
    public func build() throws(SiteGenError) -> Report {
        let (report, staged) = try stage()
        do { try staged?.commit() } catch {
            throw SiteGenError(step: .writeSite, path: options.siteDirectory ?? "", reason: "\(error)")
        }
        return report
    }

    /// Builds the site aside (see `SiteWriter`): nothing in the site changes until the caller
    /// commits the writer, which it does only when its other outputs succeeded too.
    func stage() throws(SiteGenError) -> (Report, SiteWriter?) {
        guard let site = options.siteDirectory else {
            return (Report(runs: 0, digestsComputed: 0, digestsFromCache: 0, writtenFiles: [], skippedRenders: 0), nil)
        }
        var clock = StageClock()
        let templates = try SiteTemplates.load(from: options.templateSet())
        let (digests, unfinished) = try loadDigests()
        let runs = digests.map(\.digest)
        clock.lap("site: run digests")
        guard !runs.isEmpty else {
            throw SiteGenError(step: .loadResults, path: options.resultsDirectory, reason: "no run folders (expected results/<run-id>/<provider>.json[.gz])")
        }
        let alerts: SiteAlerts.Result
        do {
            alerts = try SiteAlerts(policy: options.alertPolicy, cacheDirectory: cacheDirectory, resultsDirectory: options.resultsDirectory,
                limits: options.limits
            ).compute(runs)
        } catch let e {
            throw SiteGenError(e)
        }
        clock.lap("site: alerts")
        let generatedFolders = ["runs", "providers", "compare", "charts", "data", "assets"]
        if let link = SiteWriter.linksToFolders(under: site, folders: generatedFolders).first {
            throw SiteGenError(
                step: .writeSite, path: site + "/" + link,
                reason: "is a symbolic link to a folder; sitegen neither writes nor deletes through links (remove the link, or choose another --site)")
        }
        var staged: SiteWriter?
        do {
            try checkPaths(runs)
            try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
            let writer = SiteWriter(root: site, cacheDirectory: cacheDirectory)
            staged = writer
            let trees = Dictionary(digests.map { ($0.digest.runID, $0.providerTrees) }, uniquingKeysWith: { a, _ in a })
            try render(
                runs: runs, alerts: alerts.alerts, templates: templates, writer: writer, providerTrees: trees, unfinished: unfinished)
            clock.lap("site: pages and data")
            writer.prepare(generatedFolders: generatedFolders)
            clock.lap("site: stale files")
            var report = Report(
                runs: runs.count, digestsComputed: digests.filter { !$0.fromCache }.count,
                digestsFromCache: digests.filter(\.fromCache).count, writtenFiles: writer.written.sorted(),
                skippedRenders: writer.skipped, digests: runs, alerts: alerts.alerts,
                alertWindowsComputed: alerts.windowsComputed, alertWindowsReused: alerts.windowsReused,
                stageSeconds: clock.laps)
            report.unfinished = unfinished
            return (report, writer)
        } catch let e as SiteGenError {
            staged?.discard()
            throw e
        } catch {
            staged?.discard()
            throw SiteGenError(step: .writeSite, path: site, reason: "\(error)")
        }
    }

    /// Every run's digest, in run order, and the unfinished runs (left out or read in part); all
    /// bad files of all runs are reported together.
    func loadDigests() throws(SiteGenError) -> ([DigestCache.Loaded], [UnfinishedRun]) {
        let ids: [String]
        let unfinished: [UnfinishedRun]
        do { (ids, unfinished) = try ResultStore.scanRuns(in: options.resultsDirectory) } catch {
            throw SiteGenError(step: .loadResults, path: error.place, reason: error.reason)
        }
        let cache = DigestCache(
            directory: cacheDirectory, windowSeconds: options.windowSeconds, stepSeconds: options.stepSeconds,
            objectives: options.objectives, limits: options.limits)
        let results = options.resultsDirectory
        let loaded = ParallelMap.map(ids) { id -> Result<DigestCache.Loaded, ResultFileErrors> in
            Result { () throws(ResultFileErrors) in try cache.load(runID: id, resultsDirectory: results) }
        }
        var out: [DigestCache.Loaded] = []
        var problems: [ResultFileError] = []
        for r in loaded {
            switch r {
            case .success(let l): out.append(l)
            case .failure(let e): problems += e.errors
            }
        }
        if !problems.isEmpty { throw SiteGenError(ResultFileErrors(problems)) }
        DigestCache.prune(directory: cacheDirectory, keeping: ids)
        return (out, unfinished)
    }

    /// Every name that becomes a path is checked again here (defence in depth).
    func checkPaths(_ runs: [RunDigest]) throws {
        for r in runs {
            _ = try SitePath.join(r.runID)
            for p in r.providers {
                _ = try SitePath.join(p.slug)
                for raw in p.rawFiles { _ = try SitePath.join(raw.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)) }
            }
        }
    }

    /// What every page job of one generation reads: the pages, templates and writer, and the
    /// render keys shared by many pages (immutable once built).
    struct RenderJob: @unchecked Sendable {
        let runs: [RunDigest]
        let alerts: [Alert]
        let pages: SitePages
        let templates: SiteTemplates
        let writer: SiteWriter
        let providerTrees: [String: [JSONValue]?]
        let csvLines: SiteData.CSVLines
        let rule: String
        /// Templates and renderer version; all runs' content keys; the provider list; all alerts.
        let tkey: String, allKeys: String, providers: String, alertKey: String
        let unfinishedKey: String
        /// Each alert's key line, by run and by provider.
        let linesByRun: [String: [String]], linesByProvider: [String: [String]]
        /// Every provider of the site's colour, the same on every chart (computed once: it hashes every slug).
        let colors: ProviderColors
    }

    /// One provider's history, as its trend charts, page, JSON and CSV read it.
    struct ProviderContext: @unchecked Sendable {  // immutable values only, read from the jobs
        var slug: String
        var history: [(RunDigest, ProviderDigest)]
        var hkey: String
        var latest: ProviderDigest
        var trendRuns: [(RunDigest, ProviderDigest)]
        var alerts: [Alert]
        /// `alerts` by run id: each trend chart marks the alerts of each of its points.
        var alertsByRun: [String: [Alert]]
        var akey: String
    }

    /// - Parameter providerTrees: by run id, the JSON trees of the run's provider digests where
    ///   the digest cache had them (`DigestCache.Loaded.providerTrees`).
    func render(
        runs: [RunDigest], alerts: [Alert], templates: SiteTemplates, writer: SiteWriter, providerTrees: [String: [JSONValue]?] = [:],
        unfinished: [UnfinishedRun] = []
    ) throws {
        var pages = SitePages(runs: runs, alerts: alerts, alertPolicy: options.alertPolicy, unfinished: unfinished)
        pages.rawLinks = rawLinks
        // Each alert's key line once (a year holds thousands), then the keys of the whole list,
        // of each run's and of each provider's alerts from those lines.
        let rule = options.alertPolicy.ruleText
        let alertLines = ParallelMap.map(alerts) { $0.renderKey }
        var byRun: [String: [String]] = [:], byProvider: [String: [String]] = [:]
        for (a, line) in zip(alerts, alertLines) {
            byRun[a.runID, default: []].append(line)
            byProvider[a.providerSlug, default: []].append(line)
        }
        let job = RenderJob(
            runs: runs, alerts: alerts, pages: pages, templates: templates, writer: writer, providerTrees: providerTrees,
            csvLines: SiteData.CSVLines(), rule: rule, tkey: templates.key + SiteBuilder.renderVersion,
            allKeys: runs.map(\.contentKey).joined(separator: ","), providers: pages.providerListKey,
            alertKey: Alert.renderKey(lines: alertLines, rule: rule), unfinishedKey: unfinished.map(\.message).joined(separator: "\n"),
            linesByRun: byRun, linesByProvider: byProvider, colors: ProviderColors(slugs: pages.providerNames.keys))

        for (name, bytes) in templates.assets {
            try writer.emit("assets/" + name, key: job.tkey) { bytes }
        }
        // Per run, in parallel: charts, run page, comparison with the previous run, JSON, raw files.
        let failures = ParallelMap.map(Array(runs.indices)) { i -> String? in
            do { try renderRun(i, job) } catch { return "\(runs[i].runID): \(error)" }
            return nil
        }
        if let f = failures.compactMap({ $0 }).first { throw SiteGenError(step: .writeSite, path: writer.root, reason: f) }

        // One job per trend chart, page, JSON history and CSV of each provider, the heavy ones
        // (page and JSON: every run of the provider) first, so that a handful of providers still
        // keeps every core busy until the end. Site-wide pages and data are jobs of the same list
        // (provider index -1).
        let contexts = providerContexts(job)
        let specs = SitePages.trendSpecs
        let pageJob = specs.count, jsonJob = specs.count + 1, csvJob = specs.count + 2
        let siteWide = siteWidePages(job)
        let jobs = [pageJob, jsonJob].flatMap { kind in contexts.indices.map { ($0, kind) } }
            + siteWide.indices.map { (-1, $0) }
            + contexts.indices.flatMap { c in ([csvJob] + Array(0..<specs.count)).map { (c, $0) } }
        let providerFailures = ParallelMap.map(jobs) { item -> String? in
            if item.0 < 0 {
                do { try siteWide[item.1]() } catch { return "site pages: \(error)" }
                return nil
            }
            let ctx = contexts[item.0]
            do {
                switch item.1 {
                case pageJob:
                    try writer.emit(SitePages.providerPage(ctx.slug), key: SiteWriter.key([job.tkey, ctx.hkey, job.providers, ctx.akey])) {
                        try templates.render("provider", job.pages.providerPage(slug: ctx.slug, history: ctx.history))
                    }
                case jsonJob: try renderProviderJSON(ctx, job)
                case csvJob:
                    try writer.emit(SitePages.providerCSV(ctx.slug), key: SiteWriter.key([SiteBuilder.renderVersion, ctx.hkey])) {
                        job.csvLines.table(ctx.history)
                    }
                default: try renderTrendChart(specs[item.1], ctx, job)
                }
                return nil
            } catch {
                return "\(ctx.slug): \(error)"
            }
        }
        if let f = providerFailures.compactMap({ $0 }).first { throw SiteGenError(step: .writeSite, path: writer.root, reason: f) }
    }

    /// Run `i`'s box plots, page, comparison with the run before, JSON digest and raw files.
    private func renderRun(_ i: Int, _ job: RenderJob) throws {
        let runs = job.runs, writer = job.writer
        let r = runs[i]
        let prev = i > 0 ? runs[i - 1] : nil, next = i + 1 < runs.count ? runs[i + 1] : nil
        for order in r.rankings {
            guard let metric = LeaderboardMetric(rawValue: order.metric) else { continue }
            // Colours follow every provider of the site, so the set of providers is part of the key.
            try writer.emit(
                SitePages.runChart(r.runID, metric.rawValue),
                key: SiteWriter.key([SiteBuilder.renderVersion, r.contentKey, metric.rawValue, job.providers])
            ) {
                let rows = order.order.compactMap { slug in
                    r.provider(slug).flatMap { p in p.summary(metric).map { BoxPlot.Row(label: p.name, summary: $0, slug: p.slug) } }
                }
                let plot = BoxPlot(metric: metric, title: "\(metric.rawValue) · run \(r.runID)", rows: rows, colors: job.colors)
                return SVGIdentifiers.normalize(try plot.svg())
            }
        }
        let runAlertKey = Alert.renderKey(lines: job.linesByRun[r.runID] ?? [], rule: job.rule)
        let pageKey = SiteWriter.key([
            job.tkey, r.contentKey, prev?.runID ?? "", next?.runID ?? "", job.providers, runAlertKey, job.pages.rawLinks.renderKey,
        ])
        try writer.emit(SitePages.runPage(r.runID), key: pageKey) {
            try job.templates.render("run", job.pages.runPage(i))
        }
        if let prev {
            try writer.emit(SitePages.comparePage(prev.runID, r.runID), key: SiteWriter.key([job.tkey, prev.contentKey, r.contentKey, job.providers, runAlertKey])) {
                try job.templates.render("compare", job.pages.comparePage(old: prev, new: r))
            }
        }
        try writer.emit(SitePages.runJSON(r.runID), key: SiteWriter.key([SiteBuilder.renderVersion, r.contentKey])) {
            try SiteJSON.encode(r)
        }
        // Raw files are copied only with --copy-raw; otherwise the pages link them where they
        // are, and copies an earlier generation made are stale (not produced), so they are swept.
        for p in r.providers where job.pages.rawLinks.copies {
            for raw in p.rawFiles {
                try writer.copyRaw(from: options.resultsDirectory + "/" + raw.path, to: SitePages.raw(raw.path), bytes: raw.bytes, key: raw.sha256)
            }
        }
    }

    /// The raw result files' links under this generation's options.
    var rawLinks: RawFileLinks {
        RawFileLinks(policy: options.rawFiles, siteDirectory: options.siteDirectory ?? "site", resultsDirectory: options.resultsDirectory)
    }

    /// Every provider's history, by slug.
    private func providerContexts(_ job: RenderJob) -> [ProviderContext] {
        var slugs: [String] = []
        for r in job.runs { for p in r.providers where !slugs.contains(p.slug) { slugs.append(p.slug) } }
        slugs.sort()
        return slugs.map { slug -> ProviderContext in
            let history = job.runs.compactMap { r in r.provider(slug).map { (r, $0) } }
            let latest = history.last!.1
            let providerAlerts = job.alerts.filter { $0.providerSlug == slug }
            return ProviderContext(
                slug: slug, history: history, hkey: history.map(\.0.contentKey).joined(separator: ","), latest: latest,
                trendRuns: history.filter { $0.1.workload.fingerprint == latest.workload.fingerprint },
                alerts: providerAlerts, alertsByRun: Dictionary(grouping: providerAlerts, by: \.runID),
                akey: Alert.renderKey(lines: job.linesByProvider[slug] ?? [], rule: job.rule))
        }
    }

    /// The index, the run list, the alert list, the runs CSV and the feed.
    private func siteWidePages(_ job: RenderJob) -> [@Sendable () throws -> Void] {
        let writer = job.writer, templates = job.templates, pages = job.pages, runs = job.runs
        return [
            {
                try writer.emit("index.html", key: SiteWriter.key([job.tkey, job.allKeys, job.alertKey, job.unfinishedKey])) {
                    try templates.render("index", pages.index())
                }
            },
            {
                // The index's all-providers trend charts (they change with any run).
                let trends = SiteTrends(runs: runs, allSlugs: pages.providerNames.keys.sorted())
                guard trends.window.count >= 2 else { return }
                for c in trends.charts {
                    try writer.emit(SiteTrends.path(c.id), key: SiteWriter.key([SiteBuilder.renderVersion, job.allKeys, "trends", c.id])) {
                        Array(c.chart.svg().utf8)
                    }
                }
            },
            {
                try writer.emit("data/alerts.json", key: SiteWriter.key([SiteBuilder.renderVersion, job.allKeys, job.alertKey])) {
                    try SiteData.alertListJSON(SiteData.AlertList(rule: job.rule, latestRunID: runs.last?.runID ?? "", alerts: job.alerts))
                }
            },
            {
                try writer.emit("runs.html", key: SiteWriter.key([job.tkey, job.allKeys, job.unfinishedKey])) {
                    try templates.render("runs", pages.runsList())
                }
            },
            {
                try writer.emit("data/runs.csv", key: SiteWriter.key([SiteBuilder.renderVersion, job.allKeys])) {
                    job.csvLines.table(runs.flatMap { r in r.providers.map { (r, $0) } })
                }
            },
            {
                try writer.emit("data/feed.xml", key: SiteWriter.key([SiteBuilder.renderVersion, job.allKeys, options.baseURL ?? ""])) {
                    SiteData.atom(runs, title: pages.siteTitle, baseURL: options.baseURL)
                }
            },
        ]
    }

    /// One trend chart of one provider (its runs of the latest workload).
    private func renderTrendChart(_ spec: SitePages.TrendSpec, _ ctx: ProviderContext, _ job: RenderJob) throws {
        try job.writer.emit(
            SitePages.providerChart(ctx.slug, spec.id),
            key: SiteWriter.key([SiteBuilder.renderVersion, ctx.hkey, spec.id, ctx.akey, job.providers])
        ) {
            let points = ctx.trendRuns.compactMap { entry -> TrendChart.Point? in
                let (run, p) = entry
                let ci = spec.ci(p)
                return spec.point(p).map {
                    TrendChart.Point(
                        label: SiteFormat.date(run.startedAt), time: CivilTime.epochSeconds(rfc3339: run.startedAt), value: $0, bandLow: spec.low(p), bandHigh: spec.high(p),
                        whiskerLow: ci.map { spec.scale * $0.lower }, whiskerHigh: ci.map { spec.scale * $0.upper },
                        markers: SitePages.markers(ctx.alertsByRun[run.runID] ?? [], runID: run.runID, metric: spec.alertMetric))
                }
            }
            return try TrendChart(
                title: "\(spec.title) · \(ctx.latest.name)", axisLabel: spec.axis, bandLabel: spec.band,
                whiskerLabel: spec.whiskers, points: points, color: job.colors.color(for: ctx.slug)
            ).svg()
        }
    }

    /// A provider's history as JSON, reusing the digest trees the cache already holds.
    private func renderProviderJSON(_ ctx: ProviderContext, _ job: RenderJob) throws {
        try job.writer.emit(SitePages.providerJSON(ctx.slug), key: SiteWriter.key([SiteBuilder.renderVersion, ctx.hkey])) {
            try SiteData.providerHistoryJSON(slug: ctx.slug, name: ctx.latest.name, history: ctx.history) { run, provider in
                guard let trees = job.providerTrees[run.runID] ?? nil,
                    let i = run.providers.firstIndex(where: { $0.slug == provider.slug })
                else { return nil }
                return trees[i]
            }
        }
    }
}
