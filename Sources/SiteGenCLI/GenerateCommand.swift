import ArgumentParser
import Foundation
import Analysis
import ResultFormat
import SiteGen

/// `sitegen generate` (the default): results/ in; README leaderboard, charts and site out.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate the leaderboard (README section, box plots, static site) from result files (the default).")

    @Option(help: "Folder of result files: <run-id>/<provider>.json[.gz].") var results = "results"
    @Option(help: "README whose section between the leaderboard markers is replaced.") var readme = "README.md"
    @Flag(help: "Leave the README alone (use with --output).") var noReadme = false
    @Option(help: "Also write the leaderboard section alone to this file.") var output: String?
    @Option(help: "Folder for the PNG box plots.") var charts = "leaderboard_data"
    @Option(help: "Folder for the static HTML site.") var site = "site"
    @Flag(help: "Do not generate the static site.") var noSite = false
    @Option(help: "Folder of Mustache templates (default: the built-in ones; `sitegen templates export DIR` writes them out to edit).") var templates: String?
    @Option(help: "Peak-TPS window in seconds.") var window = 5.0
    @Option(help: "Peak-TPS sampling step in seconds.") var step = 1.0
    @Flag(help: "Print the wall time of each step to standard error.") var timings = false
    @Flag(help: "Exit with status 3 when the latest run has a significant regression (after writing everything).")
    var failOnRegression = false
    @Option(help: "Goodput objective: highest acceptable TTFT, seconds.") var sloTtft = 1.0
    @Option(help: "Goodput objective: highest acceptable ITL, milliseconds.") var sloItl = 50.0
    @Option(help: "Smallest relative change of a median that can raise an alert (0.10 = 10%).") var alertThreshold = 0.10
    @Option(help: "Largest result file to read, in MiB (on disk and again after inflating).") var maxFileMb = 1024
    @Option(help: "Latest time a result file may record, in hours from its run's start.") var maxRunHours = 48.0
    @Option(help: "Link raw result files at URL/<run-id>/<file> (e.g. https://github.com/OWNER/REPO/raw/main/results) instead of by a relative path to --results.")
    var rawBaseUrl: String?
    @Flag(help: "Copy raw result files into the site (data/raw/) instead of linking them (for small sites).") var copyRaw = false
    @Option(help: "The site's public URL (e.g. https://OWNER.github.io/REPO/): the Atom feed's links become absolute and the README links to the site there.")
    var baseUrl: String?

    func run() throws {
        var o = SiteGenOptions()
        o.resultsDirectory = results
        o.readmePath = noReadme ? nil : readme
        o.outputPath = output
        o.chartsDirectory = charts
        o.siteDirectory = noSite ? nil : site
        o.templatesDirectory = templates
        o.windowSeconds = window
        o.stepSeconds = step
        o.objectives = ServiceLevelObjectives(ttftSeconds: sloTtft, itlMilliseconds: sloItl)
        o.alertPolicy = AlertPolicy(defaultThreshold: alertThreshold)
        o.limits = try CommandOutput.resultLimits(maxFileMb: maxFileMb, maxRunHours: maxRunHours)
        if copyRaw && rawBaseUrl != nil { throw ValidationError("--copy-raw and --raw-base-url exclude each other: copy the files, or link them") }
        o.rawFiles = copyRaw ? .copy : rawBaseUrl.map(RawFilePolicy.linkBaseURL) ?? .linkResultsFolder
        o.baseURL = baseUrl
        if let problem = o.problem { throw ValidationError(problem) }
        let report = try CommandOutput.reportingErrors { () throws(SiteGenError) in try SiteGenerator(options: o).run() }
        CommandOutput.warnUnfinished(report.unfinished, results: results)
        if timings {
            for (name, seconds) in report.stageSeconds {
                CommandOutput.warn("  " + name.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "%8.3f s", seconds))
            }
        }
        let count = CommandOutput.count
        print("sitegen: \(count(report.filesRead, "result file")) in \(count(report.runsRead, "run")); latest run \(report.latestRunID); wrote \(count(report.writtenFiles.count, "file")); \(count(report.regressions.count, "regression alert"))")
        if failOnRegression && !report.regressions.isEmpty {
            for a in report.regressions {
                CommandOutput.warn("regression: \(a.providerSlug) \(a.metric.rawValue) \(String(format: "%+.1f%%", a.relativeChange * 100)) (run \(a.runID), against \(a.kind.rawValue))")
            }
            throw ExitCode(3)
        }
    }
}
