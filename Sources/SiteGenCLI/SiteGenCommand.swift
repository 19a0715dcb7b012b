import ArgumentParser
import Foundation
import SiteGen

/// `sitegen`: results/ in; README leaderboard, charts and site out.
@main
struct SiteGenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "Generate the leaderboard (README section, box plots, static site) from result files.")

    @Option(help: "Folder of result files: <run-id>/<provider>.json[.gz].") var results = "results"
    @Option(help: "README whose section between the leaderboard markers is replaced.") var readme = "README.md"
    @Flag(help: "Leave the README alone (use with --output).") var noReadme = false
    @Option(help: "Also write the leaderboard section alone to this file.") var output: String?
    @Option(help: "Folder for the PNG box plots.") var charts = "leaderboard_data"
    @Option(help: "Folder for the static HTML site.") var site = "site"
    @Flag(help: "Do not generate the static site.") var noSite = false
    @Option(help: "Folder of Mustache templates.") var templates = "Templates"
    @Option(help: "Peak-TPS window in seconds.") var window = 5.0
    @Option(help: "Peak-TPS sampling step in seconds.") var step = 1.0

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
        guard window > 0, step > 0 else { throw ValidationError("--window and --step must be positive") }
        do {
            let report = try SiteGenerator(options: o).run()
            print("sitegen: \(report.filesRead) result files in \(report.runsRead) runs; latest run \(report.latestRunID); wrote \(report.writtenFiles.count) files")
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
