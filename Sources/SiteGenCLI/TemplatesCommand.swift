import ArgumentParser
import Foundation
import SiteGen

/// `sitegen templates export DIR`: the built-in templates, written out to edit.
struct Templates: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with the templates built into sitegen.",
        subcommands: [ExportTemplates.self])

    struct ExportTemplates: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the built-in templates into a folder, to edit and use with `sitegen --templates DIR`.")

        @Argument(help: "Folder to write into (created if needed).") var directory: String
        @Flag(help: "Replace files that already exist.") var force = false

        func run() throws {
            let written = try CommandOutput.reportingErrors { () throws(SiteGenError) in try TemplateSet.builtIn.export(to: directory, overwrite: force) }
            print("sitegen: wrote \(written.count) template files into \(directory); use them with: sitegen --templates \(directory)")
        }
    }
}

/// `sitegen init DIR`: a new leaderboard repository.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a leaderboard repository: bench.yaml, a README with the leaderboard markers, a scheduled GitHub Actions workflow, .gitignore.")

    @Argument(help: "Folder to create the files in (created if needed).") var directory = "."
    @Option(help: "The GitHub Action the workflow uses: OWNER/REPO@REF of this tool's repository (a full commit SHA as REF is safest).")
    var action = ScaffoldFiles.placeholderAction
    @Flag(help: "Replace files that already exist.") var force = false

    func run() throws {
        let written = try CommandOutput.reportingErrors { () throws(SiteGenError) in try ScaffoldFiles.write(to: directory, action: action, overwrite: force) }
        for path in written { print("  wrote \(path)") }
        if action == ScaffoldFiles.placeholderAction {
            print("Replace \(action) in .github/workflows/leaderboard.yml with the repository you got this tool from (or pass --action).")
        }
        print("""
            Next: start the simulator (bench simulate --port 8080), then in \(directory):
              bench --config bench.yaml && sitegen
            and open site/index.html. Add your providers to bench.yaml.
            """)
    }
}
