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

    func run() throws {
        guard (1...(1 << 20)).contains(maxFileMb) else { throw ValidationError("--max-file-mb must be between 1 and 1048576") }
        var limits = ResultLimits.standard
        limits.maxFileBytes = maxFileMb << 20
        let summary: RequestExport.Summary
        do {
            summary = try RequestExport(resultsDirectory: results, runs: runs, limits: limits).write(toFile: output)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
        for run in summary.unfinished {
            FileHandle.standardError.write(Data("sitegen: warning: \(run.message) (run: bench recover --results \(results))\n".utf8))
        }
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        FileHandle.standardError.write(Data(
            "sitegen export: \(count(summary.rows, "request")) from \(count(summary.files, "result file")) in \(count(summary.runs, "run")) to \(output == "-" ? "standard output" : output)\n".utf8))
    }
}

extension RequestExport.Runs: ExpressibleByArgument {}
