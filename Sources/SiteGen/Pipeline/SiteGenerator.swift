import Analysis
import Foundation
import Mustache
import ResultFormat

/// The generator stage end to end: results in, README section, charts and site out.
///
/// Results are read, never written; every output is written atomically and deterministically.
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
        var needed: Set<String>?
        var siteAlerts: [Alert]?
        var siteStages: [(String, Double)] = []
        if let site = options.siteDirectory {
            let report = try SiteBuilder(options: options).build()
            siteStages = report.stageSeconds
            siteFiles = report.writtenFiles.map { site + "/" + $0 }
            siteRuns = report.runs
            siteAlerts = report.alerts
            needed = Set(report.digests.map(\.runID).max().map { [$0] } ?? [])
            clock.lap("site, in all")
        }
        let runs = try loadRuns(only: needed)
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
        clock.lap("statistics and ranking")
        var written: [String] = []
        written += try writeCharts(board)
        clock.lap("box plots")
        written += try writeLeaderboard(board)
        clock.lap("README section")
        written += siteFiles
        return Report(
            runsRead: siteRuns ?? runs.count, filesRead: runs.reduce(0) { $0 + $1.files.count }, latestRunID: latest.id,
            writtenFiles: written, stageSeconds: siteStages + clock.laps, alerts: board.alerts)
    }

    /// Loads and validates every run folder; all bad files are reported together.
    func loadRuns(only wanted: Set<String>? = nil) throws(SiteGenError) -> [LoadedRun] {
        let ids: [String]
        do { ids = try ResultStore.runIDs(in: options.resultsDirectory) } catch {
            throw SiteGenError(step: .loadResults, path: error.path, reason: String(error.description.dropFirst(error.path.count + 2)))
        }
        var runs: [LoadedRun] = []
        var problems: [ResultFileError] = []
        for id in ids where wanted?.contains(id) ?? true {
            do { runs.append(try ResultStore.loadRun(id, in: options.resultsDirectory)) } catch {
                problems += error.errors
            }
        }
        if !problems.isEmpty { throw SiteGenError(ResultFileErrors(problems)) }
        return runs
    }

    /// Box plots of the latest run into the charts folder.
    func writeCharts(_ board: Leaderboard) throws(SiteGenError) -> [String] {
        let dir = options.chartsDirectory
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw SiteGenError(step: .renderCharts, path: dir, reason: error.localizedDescription)
        }
        let plots = board.metrics.map { ranking in
            let rows = ranking.entries.compactMap { e in
                ranking.metric.summary(e.summary).map { BoxPlot.Row(label: e.summary.provider.name, summary: $0) }
            }
            return (path: "\(dir)/\(ranking.metric.chartFileName)", plot: BoxPlot(
                title: "\(ranking.metric.title) · run \(board.runID)", axisLabel: "\(ranking.metric.rawValue) (\(ranking.metric.unit))",
                rows: rows))
        }
        // Each chart has its own surface, so they render in parallel.
        // A chart is written only when its bytes changed, so the summary counts real changes.
        let outcomes = ParallelMap.map(plots) { item -> Result<Bool, SiteGenError> in
            do {
                return .success(try AtomicFile.writeIfChanged(try item.plot.png(scale: 2), to: item.path))
            } catch {
                return .failure(SiteGenError(step: .renderCharts, path: item.path, reason: "\(error)"))
            }
        }
        var written: [String] = []
        for (item, outcome) in zip(plots, outcomes) {
            if try outcome.get() { written.append(item.path) }
        }
        return written
    }

    /// The README section (between its markers) and/or the standalone leaderboard file.
    func writeLeaderboard(_ board: Leaderboard) throws(SiteGenError) -> [String] {
        let templatePath = "\(options.templatesDirectory)/leaderboard.md.mustache"
        let template: MustacheTemplate
        do {
            let text = try String(contentsOfFile: templatePath, encoding: .utf8)
            template = try MustacheTemplate(string: text)
        } catch {
            throw SiteGenError(step: .loadTemplates, path: templatePath, reason: "\(error)")
        }
        var written: [String] = []
        let targets = [options.readmePath, options.outputPath].compactMap { $0 }
        for target in targets {
            let chartsPath = RelativePath.from(folder: RelativePath.folder(of: target), to: options.chartsDirectory)
            let section = ReadmeRenderer(chartsPath: chartsPath, windowSeconds: options.windowSeconds, stepSeconds: options.stepSeconds)
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
            do {
                try FileManager.default.createDirectory(atPath: RelativePath.folder(of: target), withIntermediateDirectories: true)
                if try AtomicFile.writeIfChanged(Array(output.utf8), to: target) { written.append(target) }
            } catch {
                throw SiteGenError(step: .writeReadme, path: target, reason: error.localizedDescription)
            }
        }
        return written
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
