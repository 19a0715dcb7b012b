import Foundation
import ResultFormat
import Testing

@testable import SiteGen

/// Outputs are all or nothing, an interrupted run does not block the leaderboard, and nothing
/// a result file holds is published when it should not be.
@Suite struct SiteHardeningTests {
    /// The README step failed after the site had been rewritten. Now a failing step leaves the
    /// site, the charts and the README exactly as they were, and no staging folder behind.
    @Test func aFailingStepChangesNoOutput() throws {
        let ws = try TestWorkspace(runs: 2)
        let newest = try #require(try ResultStore.runIDs(in: ws.path("results")).last)
        let aside = ws.path("newest-run")
        try FileManager.default.moveItem(atPath: ws.path("results/" + newest), toPath: aside)
        try generate(ws, site: true)
        let site = try ws.snapshot("site"), charts = try ws.snapshot("leaderboard_data")
        // A new run would change every output; the README has lost its markers, so its step fails.
        try FileManager.default.moveItem(atPath: aside, toPath: ws.path("results/" + newest))
        try "# My project\n\nno markers\n".write(toFile: ws.path("README.md"), atomically: true, encoding: .utf8)
        #expect(throws: SiteGenError.self) { try generate(ws, site: true) }
        #expect(try ws.snapshot("site") == site)
        #expect(try ws.snapshot("leaderboard_data") == charts)
        #expect(try ws.read("README.md") == "# My project\n\nno markers\n")
        #expect(!FileManager.default.fileExists(atPath: ws.path("site/" + SiteWriter.stagingName)))
        // With the markers back, the same generation goes through and shows the new run.
        try "\(ReadmeMarkers.start)\n\(ReadmeMarkers.end)\n".write(toFile: ws.path("README.md"), atomically: true, encoding: .utf8)
        let report = try generate(ws, site: true)
        #expect(report.latestRunID == newest)
        #expect(try ws.read("site/index.html").contains(newest))
        #expect(!FileManager.default.fileExists(atPath: ws.path("site/" + SiteWriter.stagingName)))
    }

    /// `kill -9` leaves a run folder holding only a journal: it blocked every generation, and the
    /// message did not say `bench recover`. Now the run is left out, shown as unfinished, with
    /// the command; a provider's journal beside other providers' results is named too.
    @Test func anInterruptedRunIsShownAsUnfinishedAndDoesNotBlock() throws {
        let ws = try TestWorkspace(runs: 2)
        let runs = try ResultStore.runIDs(in: ws.path("results"))
        try ws.addRaw("{\"header\": true}\n", run: "2099-01-01T00-00-00Z", name: "alpha.journal.jsonl")
        try ws.addRaw("{\"header\": true}\n", run: runs[0], name: "late-provider.journal.jsonl")
        let report = try generate(ws, site: true)
        #expect(report.latestRunID == runs[1])
        #expect(report.unfinished == [
            UnfinishedRun(runID: runs[0], slugs: ["late-provider"], hasResults: true),
            UnfinishedRun(runID: "2099-01-01T00-00-00Z", slugs: ["alpha"], hasResults: false),
        ])
        #expect(report.unfinished[0].message.contains("bench recover"))
        for page in ["site/index.html", "site/runs.html"] {
            let html = try ws.read(page)
            #expect(html.contains("Unfinished run 2099-01-01T00-00-00Z:</strong> alpha stopped before finishing and was not finalised, so the run is not shown."))
            #expect(html.contains("Unfinished run \(runs[0]):</strong> late-provider stopped before finishing and was not finalised, so the run is shown without it."))
            #expect(html.contains("<code>bench recover --results &lt;results folder&gt;</code>"))
        }
        // Without the site, the README step reports them the same way.
        #expect(try generate(ws, site: false).unfinished.count == 2)
    }

    /// A base URL with user-info or a key in its query was shown on the run page and copied raw
    /// into the site: the file is refused, naming the field.
    @Test(arguments: ["https://user:pa55word@api.example.com/v1", "https://api.example.com/v1?api_key=abc123"])
    func credentialsInTheBaseURLAreRefused(_ url: String) throws {
        let ws = try TestWorkspace(runs: 1)
        let run = try #require(try ResultStore.runIDs(in: ws.path("results")).first)
        let name = try #require(try ResultStore.resultFileNames(inRun: ws.path("results/" + run)).first)
        var (file, _) = try ResultStore.read(path: ws.path("results/\(run)/\(name)"))
        file.provider.baseURL = url
        try FileManager.default.removeItem(atPath: ws.path("results/\(run)/\(name)"))
        try ws.add(file)
        do {
            try generate(ws, site: true)
            Issue.record("published \(url)")
        } catch {
            #expect("\(error)".contains("field 'provider.base_url'"), "\(error)")
            #expect(!"\(error)".contains("pa55word") && !"\(error)".contains("abc123"))
        }
        #expect(!FileManager.default.fileExists(atPath: ws.path("site/index.html")))
        // A query that is not a credential (Azure's api-version) is fine.
        file.provider.baseURL = "https://r.openai.azure.com/openai/deployments/x?api-version=2024-10-21"
        try ws.add(file)
        try generate(ws, site: true)
    }
}
