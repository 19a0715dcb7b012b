import Foundation
import ResultFormat
import Testing

@testable import SiteGen

/// A run measured against a real server: the README and the site say it is measured, on what
/// and when, and the run page compares the client's decode time per token with the server's.
@Suite struct MeasuredRunTests {
    static let runID = "2027-01-01T00-00-00Z"
    static let note = "llama-server, SmolLM2-135M-Instruct Q4_1, on one machine (2 cores)"

    /// The workspace's synthetic run again, as a later run marked measured, with server timings
    /// 1 ms per token below the client's ITL on every successful request.
    static func workspace() throws -> TestWorkspace {
        let ws = try TestWorkspace(runs: 1)
        let first = try #require(try ResultStore.runIDs(in: ws.path("results")).first)
        for var file in try ResultStore.loadRun(first, in: ws.path("results")).files {
            file.run.id = runID
            file.run.startedAt = "2027-01-01T00:00:00.000Z"
            file.run.endedAt = "2027-01-01T00:02:00.000Z"
            file.run.source = .measured
            file.run.note = note
            for i in file.requests.indices {
                let r = file.requests[i]
                guard r.succeeded, let ft = r.firstToken, r.outputTokens >= 2 else { continue }
                let itl = Double(r.end - ft) / 1000 / Double(r.outputTokens - 1)
                file.requests[i].serverTimings = ServerTimings(
                    promptTokens: 20, promptMs: 5, decodeTokens: r.outputTokens, decodeMs: (itl - 1) * Double(r.outputTokens - 1))
            }
            try ws.add(file)
        }
        return ws
    }

    @Test func readmeAndSiteSayMeasuredAndTheRunPageChecksTheServer() throws {
        let ws = try Self.workspace()
        try generate(ws, site: true)
        let readme = try ws.read("README.md")
        #expect(readme.contains("**measured** by `bench` against real endpoints on 2027-01-01"))
        #expect(readme.contains("All: " + Markdown.escapeInline(Self.note) + "."), "what every provider's note says, once")
        #expect(!readme.contains("not measurements of a real provider"), "the latest run is measured")
        let index = try ws.read("site/index.html")
        #expect(index.contains("measured by bench against real endpoints, 2027-01-01"))
        let page = try ws.read("site/runs/\(Self.runID).html")
        #expect(page.contains("Checked against the server&#39;s own timings") || page.contains("Checked against the server's own timings"))
        // Every compared request differs by exactly +1 ms.
        #expect(page.contains("<td class=\"num\">+1.00</td><td class=\"num\">1.00</td>"), "median +1.00, p99 1.00")
        let json = try ws.read("site/data/runs/\(Self.runID).json")
        #expect(json.contains("\"serverAgreement\""))
    }

    /// Runs without server timings show no such section.
    @Test func noTimingsNoSection() throws {
        let ws = try TestWorkspace(runs: 1)
        try generate(ws, site: true)
        let id = try #require(try ResultStore.runIDs(in: ws.path("results")).first)
        #expect(!(try ws.read("site/runs/\(id).html")).contains("server-agreement"))
    }
}
