import Foundation
import ResultFormat
import SyntheticCorpus
import Testing

@testable import SiteGen

/// Bad result files stop generation with an error naming the file and the field, and
/// nothing is written; an all-failed provider is shown, not dropped.
@Suite struct BadInputTests {
    func expectFailure(_ ws: TestWorkspace, mentioning parts: [String]) {
        let readmeBefore = try? ws.read("README.md")
        do {
            try generate(ws)
            Issue.record("expected sitegen to fail")
        } catch {
            let text = error.description
            for p in parts { #expect(text.contains(p), "error should mention \(p): \(text)") }
            #expect(error.step == .loadResults)
        }
        #expect((try? ws.read("README.md")) == readmeBefore, "README must not change when input is bad")
        #expect(!FileManager.default.fileExists(atPath: ws.path("leaderboard_data")))
    }

    func validText() -> String {
        String(decoding: ResultFileEncoder.encode(SyntheticCorpus(requests: 5, maxTokens: 60).file(run: 5, provider: 0)), as: UTF8.self)
    }

    @Test func malformedJSON() throws {
        let ws = try TestWorkspace()
        try ws.addRaw("{\"schema\": \"llm-leaderboard-result\", oops}", run: SyntheticCorpus.runID(1), name: "broken.json")
        expectFailure(ws, mentioning: ["broken.json", "malformed JSON", "line 1"])
    }

    @Test func truncatedFile() throws {
        let ws = try TestWorkspace()
        let text = validText()
        try ws.addRaw(String(text.prefix(text.count * 2 / 3)), run: SyntheticCorpus.runID(1), name: "cut.json")
        expectFailure(ws, mentioning: ["cut.json", "truncated"])
    }

    @Test func unknownSchemaVersion() throws {
        let ws = try TestWorkspace()
        try ws.addRaw(validText().replacingOccurrences(of: "\"schema_version\": \"\(ResultFile.currentSchemaVersion)\"", with: "\"schema_version\": \"3.1\""),
                      run: SyntheticCorpus.runID(1), name: "future.json")
        expectFailure(ws, mentioning: ["future.json", "schema_version 3.1 is not supported"])
    }

    @Test func missingField() throws {
        let ws = try TestWorkspace()
        try ws.addRaw(validText().replacingOccurrences(of: "\"end\": ", with: "\"ending\": "), run: SyntheticCorpus.runID(1), name: "noend.json")
        expectFailure(ws, mentioning: ["noend.json", "missing field 'requests[0].end'"])
    }

    @Test func negativeTime() throws {
        let ws = try TestWorkspace()
        try ws.addRaw(validText().replacingOccurrences(of: "\"scheduled\": 0,", with: "\"scheduled\": -5,"), run: SyntheticCorpus.runID(1), name: "neg.json")
        expectFailure(ws, mentioning: ["neg.json", "requests[0].scheduled", "negative"])
    }

    @Test func firstTokenBeforeSent() throws {
        let ws = try TestWorkspace()
        var file = SyntheticCorpus(requests: 5, maxTokens: 60).file(run: 1, provider: 0)
        let text = String(decoding: ResultFileEncoder.encode(file), as: UTF8.self)
        file.requests[0].firstToken = 0
        let sent = file.requests[0].sent
        let bad = text.replacingOccurrences(of: "\"first_token\": \(file.requests[0].chunkTimes[0])", with: "\"first_token\": \(sent - 1)")
        try ws.addRaw(bad, run: SyntheticCorpus.runID(1), name: "early.json")
        expectFailure(ws, mentioning: ["early.json", "requests[0].first_token", "before sent"])
    }

    @Test func emptyRunFolder() throws {
        let ws = try TestWorkspace()
        try FileManager.default.createDirectory(atPath: ws.path("results/2027-01-01T00-00-00Z"), withIntermediateDirectories: true)
        expectFailure(ws, mentioning: ["2027-01-01T00-00-00Z", "holds no result files"])
    }

    @Test func noRunsAtAll() throws {
        let ws = try TestWorkspace(runs: 0)
        #expect(throws: SiteGenError.self) { try generate(ws) }
    }

    @Test func duplicateSlugInARun() throws {
        let ws = try TestWorkspace()
        let text = validText().replacingOccurrences(of: SyntheticCorpus.runID(5), with: SyntheticCorpus.runID(1))
        // The same slug twice: a plain file beside the run's gzip one.
        try ws.addRaw(text, run: SyntheticCorpus.runID(1), name: "synthetic-alpha.json")
        expectFailure(ws, mentioning: ["synthetic-alpha.json", "slug 'synthetic-alpha' is also used by"])
    }

    /// A file must be named after its slug (a copy under another name once posed as a provider).
    @Test func slugThatDiffersFromTheFileName() throws {
        let ws = try TestWorkspace()
        let text = validText().replacingOccurrences(of: SyntheticCorpus.runID(5), with: SyntheticCorpus.runID(1))
        try ws.addRaw(text, run: SyntheticCorpus.runID(1), name: "copy-of-alpha.json")
        expectFailure(ws, mentioning: ["copy-of-alpha.json", "field 'provider.slug'", "does not match the file name"])
    }

    @Test func notAResultFile() throws {
        let ws = try TestWorkspace()
        try ws.addRaw("{\"name\": \"my-package\", \"version\": \"1.0.0\"}", run: SyntheticCorpus.runID(1), name: "package.json")
        expectFailure(ws, mentioning: ["package.json", "not a result file"])
    }

    @Test func allErrorsAreReportedTogether() throws {
        let ws = try TestWorkspace()
        try ws.addRaw("{", run: SyntheticCorpus.runID(0), name: "a.json")
        try ws.addRaw("[]", run: SyntheticCorpus.runID(1), name: "b.json")
        expectFailure(ws, mentioning: ["a.json", "b.json"])
    }

    @Test func providerWhoseRequestsAllFailedGetsAVisibleRow() throws {
        let ws = try TestWorkspace(runs: 1)
        var file = SyntheticCorpus(requests: 60, maxTokens: 40, seed: 99).file(run: 0, provider: 1)
        file.provider = ProviderInfo(name: "Always Down", slug: "always-down", api: "openai-chat", baseURL: "http://x", model: "m")
        for i in file.requests.indices {
            file.requests[i].error = RequestError(kind: .httpServer, status: 503, message: "HTTP 503")
            file.requests[i].chunkTimes = []
            file.requests[i].firstToken = nil
            file.requests[i].outputTokens = 0
        }
        try ws.add(file)
        try generate(ws)
        let readme = try ws.read("README.md")
        #expect(readme.contains("| Always Down | _all 60 requests failed_ |"))
        #expect(readme.contains("| Always Down | 60 | 0 | 60 | 100.0 % |"))
        #expect(!readme.contains("**Always Down**"))
    }
}
