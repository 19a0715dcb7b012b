import Analysis
import Foundation
import Mustache
import ResultFormat

/// The generator stage end to end: results in, README section, charts and site out.
///
/// Results are read, never written; every output is written atomically and deterministically,
/// and all or nothing: the site is built aside and the charts and README section in memory, and
/// they are put in place only once every step succeeded.
public struct SiteGenerator: Sendable {
    public var options: SiteGenOptions

    public init(options: SiteGenOptions) {
        self.options = options
    }

    /// What one generation produced.
    public struct Report: Sendable {
        public var runsRead: Int
        public var filesRead: Int
        public var latestRunID: String
        public var writtenFiles: [String]
        /// Wall time of each step, in order (for `--timings`).
        public var stageSeconds: [(String, Double)] = []
        /// Changes of the latest run (regressions and improvements) that passed the alert rule.
        public var alerts: [Alert] = []
        /// Runs a stopped bench left unfinished (left out, or read without those providers).
        public var unfinished: [UnfinishedRun] = []
        public var regressions: [Alert] { alerts.filter { $0.direction == .regression } }
    }

    /// Runs every step; throws the first failing step's error (with all its problems).
    @discardableResult
    public func run() throws(SiteGenError) -> Report {
        // Checked before anything is read or written, so a bad setting changes no file.
        if let problem = options.problem { throw SiteGenError(step: .checkOptions, path: "options", reason: problem) }
        var clock = StageClock()
        // The site validates every run (reusing digests cached by content hash) and computes
        // every alert incrementally, so the README then decodes only the latest run.
        var siteFiles: [String] = []
        var siteRuns: Int?
        /// Result files of every run the site read (the README reads only the latest run's).
        var siteFilesRead: Int?
        /// Every run's providers (slug and workload), from the site's digests.
        var siteProviders: [(runID: String, slug: String, fingerprint: String)]?
        var needed: Set<String>?
        var siteAlerts: [Alert]?
        var siteStages: [(String, Double)] = []
        var staged: SiteWriter?
        var unfinished: [UnfinishedRun] = []
        if let site = options.siteDirectory {
            let (report, writer) = try SiteBuilder(options: options).stage()
            staged = writer
            siteStages = report.stageSeconds
            siteFiles = report.writtenFiles.map { site + "/" + $0 }
            siteRuns = report.runs
            siteFilesRead = report.digests.reduce(0) { $0 + $1.providers.reduce(0) { $0 + $1.rawFiles.count } }
            siteProviders = report.digests.flatMap { r in r.providers.map { (r.runID, $0.slug, $0.workload.fingerprint) } }
            siteAlerts = report.alerts
            unfinished = report.unfinished
            needed = Set(report.digests.map(\.runID).max().map { [$0] } ?? [])
            clock.lap("site, in all")
        }
        // Everything else is rendered in memory; on any failure the staged site is dropped.
        let charts: [RenderedFile], sections: [RenderedFile], report: Report
        do throws(SiteGenError) {
            let (runs, unfinishedRuns) = try loadRuns(only: needed)
            if staged == nil { unfinished = unfinishedRuns }
            clock.lap("load and validate results")
            guard let latest = runs.last else {
                throw SiteGenError(step: .loadResults, path: options.resultsDirectory, reason: "no run folders (expected results/<run-id>/<provider>.json[.gz])")
            }
            let summaries = ParallelMap.map(latest.files) {
                ProviderRunSummary(file: $0, windowSeconds: options.windowSeconds, stepSeconds: options.stepSeconds)
            }
            var board = Leaderboard(run: latest, summaries: summaries, objectives: options.objectives)
            board.alerts = siteAlerts?.filter { $0.runID == latest.id }
                ?? RunHistory.alerts(latest: latest, earlier: runs.dropLast(), policy: options.alertPolicy)
            board.alertRule = options.alertPolicy.ruleText
            let earlier = siteProviders.map { $0.filter { $0.runID < latest.id }.map { ($0.slug, $0.fingerprint) } }
                ?? runs.dropLast().flatMap { $0.files.map { ($0.provider.slug, $0.workload.fingerprint) } }
            board.hasEarlierRuns = board.hasEarlierRun(among: earlier)
            clock.lap("statistics and ranking")
            // Every provider the results know, so each keeps its colour on every chart.
            let allSlugs = Set(siteProviders?.map(\.slug) ?? runs.flatMap { $0.files.map(\.provider.slug) })
            charts = try renderCharts(board, colors: ProviderColors(slugs: allSlugs))
            clock.lap("box plots")
            sections = try renderLeaderboard(board)
            clock.lap("README section")
            report = Report(
                runsRead: siteRuns ?? runs.count, filesRead: siteFilesRead ?? runs.reduce(0) { $0 + $1.fileCount }, latestRunID: latest.id,
                writtenFiles: [], alerts: board.alerts, unfinished: unfinished)
        } catch {
            staged?.discard()
            throw error
        }
        // Every step succeeded: put the outputs in place.
        var written: [String] = []
        if let staged {
            do { try staged.commit() } catch {
                throw SiteGenError(step: .writeSite, path: options.siteDirectory ?? "", reason: "\(error)")
            }
        }
        written += try publish(charts, step: .renderCharts)
        written += try publish(sections, step: .writeReadme)
        clock.lap("put in place")
        var done = report
        done.writtenFiles = written + siteFiles
        done.stageSeconds = siteStages + clock.laps
        return done
    }

    /// An output rendered in memory, waiting to be put in place.
    struct RenderedFile {
        var path: String
        var bytes: [UInt8]
    }

    /// Writes each file whose bytes changed (creating its folder); the paths written.
    func publish(_ files: [RenderedFile], step: SiteGenError.Step) throws(SiteGenError) -> [String] {
        var written: [String] = []
        for file in files {
            do {
                try FileManager.default.createDirectory(atPath: RelativePath.folder(of: file.path), withIntermediateDirectories: true)
                if try AtomicFile.writeIfChanged(file.bytes, to: file.path) { written.append(file.path) }
            } catch {
                throw SiteGenError(step: step, path: file.path, reason: "\(error)")
            }
        }
        return written
    }

    /// Loads and validates every run folder; all bad files are reported together. Runs that hold
    /// only journals (a stopped bench) are returned apart, not read.
    func loadRuns(only wanted: Set<String>? = nil) throws(SiteGenError) -> ([LoadedRun], [UnfinishedRun]) {
        let ids: [String]
        let unfinished: [UnfinishedRun]
        do { (ids, unfinished) = try ResultStore.scanRuns(in: options.resultsDirectory) } catch {
            throw SiteGenError(step: .loadResults, path: error.place, reason: error.reason)
        }
        var runs: [LoadedRun] = []
        var problems: [ResultFileError] = []
        for id in ids where wanted?.contains(id) ?? true {
            do { runs.append(try ResultStore.loadRun(id, in: options.resultsDirectory, limits: options.limits)) } catch {
                problems += error.errors
            }
        }
        if !problems.isEmpty { throw SiteGenError(ResultFileErrors(problems)) }
        return (runs, unfinished)
    }

    /// Box plots of the latest run, as PNG bytes for the charts folder.
    func renderCharts(_ board: Leaderboard, colors: ProviderColors) throws(SiteGenError) -> [RenderedFile] {
        let dir = options.chartsDirectory
        let plots = board.metrics.map { ranking in
            let rows = ranking.entries.compactMap { e in
                ranking.metric.summary(e.summary).map {
                    BoxPlot.Row(label: e.summary.provider.name, summary: $0, slug: e.summary.provider.slug)
                }
            }
            return (path: "\(dir)/\(ranking.metric.chartFileName)", plot: BoxPlot(
                metric: ranking.metric, title: "\(ranking.metric.title) · run \(board.runID)", rows: rows, colors: colors))
        }
        // Each chart has its own surface, so they render in parallel.
        let outcomes = ParallelMap.map(plots) { item -> Result<RenderedFile, SiteGenError> in
            do {
                return .success(RenderedFile(path: item.path, bytes: try item.plot.png(scale: 2)))
            } catch {
                return .failure(SiteGenError(step: .renderCharts, path: item.path, reason: "\(error)"))
            }
        }
        var rendered: [RenderedFile] = []
        for outcome in outcomes { rendered.append(try outcome.get()) }
        return rendered
    }

    /// The README (its section between the markers replaced) and/or the standalone leaderboard
    /// file, in memory.
    func renderLeaderboard(_ board: Leaderboard) throws(SiteGenError) -> [RenderedFile] {
        let templates = try options.templateSet()
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: try templates.text("leaderboard.md.mustache"))
        } catch let error as SiteGenError {
            throw error
        } catch {
            throw SiteGenError(step: .loadTemplates, path: templates.displayPath("leaderboard.md.mustache"), reason: "\(error)")
        }
        var rendered: [RenderedFile] = []
        let targets = [options.readmePath, options.outputPath].compactMap { $0 }
        for target in targets {
            let chartsPath = RelativePath.from(folder: RelativePath.folder(of: target), to: options.chartsDirectory)
            let siteLink = options.siteDirectory.map { site in
                options.baseURL ?? RelativePath.from(folder: RelativePath.folder(of: target), to: site) + "/index.html"
            }
            let section = ReadmeRenderer(
                chartsPath: chartsPath, windowSeconds: options.windowSeconds, stepSeconds: options.stepSeconds, siteLink: siteLink)
                .render(board, template: template)
            let output: String
            if target == options.outputPath {
                output = section
            } else {
                guard let readme = try? String(contentsOfFile: target, encoding: .utf8) else {
                    throw SiteGenError(step: .writeReadme, path: target, reason: "cannot read the README (use --output FILE to write the leaderboard alone)")
                }
                do { output = try ReadmeSection.replace(in: readme, with: section) } catch {
                    throw SiteGenError(step: .writeReadme, path: target, reason: error.description)
                }
            }
            rendered.append(RenderedFile(path: target, bytes: Array(output.utf8)))
        }
        return rendered
    }
}

/// Wall-clock laps of the generation steps.
struct StageClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    private(set) var laps: [(String, Double)] = []

    mutating func lap(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        laps.append((name, Double(now - last) / 1e9))
        last = now
    }
}
