import ArgumentParser
import Foundation
import ResultFormat
import SiteGen

/// `sitegen export`: per-request metrics as CSV, one row per request (docs/site.md, "Export for notebooks").
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write per-request metrics (TTFT, TPOT, ITL, tokens, error kind; one row per request) as CSV for notebooks and spreadsheets.")

    @Option(help: "Folder of result files: <run-id>/<provider>.json[.gz].") var results = "results"
    @Option(help: "CSV file to write, or - for standard output.") var output: String
    @Option(help: "Which runs: all, or latest (the newest run only).") var runs: RequestExport.Runs = .all
    @Option(help: "Largest result file to read, in MiB (on disk and again after inflating).") var maxFileMb = 1024
    @Option(help: "Latest time a result file may record, in hours from its run's start.") var maxRunHours = 48.0

    func run() throws {
        let limits = try CommandOutput.resultLimits(maxFileMb: maxFileMb, maxRunHours: maxRunHours)
        let export = RequestExport(resultsDirectory: results, runs: runs, limits: limits)
        let summary = try CommandOutput.reportingErrors { () throws(RequestExport.Failure) in try export.write(toFile: output) }
        CommandOutput.warnUnfinished(summary.unfinished, results: results)
        let count = CommandOutput.count
        CommandOutput.warn(
            "sitegen export: \(count(summary.rows, "request")) from \(count(summary.files, "result file")) in \(count(summary.runs, "run")) to \(output == "-" ? "standard output" : output)")
    }
}

extension RequestExport.Runs: ExpressibleByArgument {}
