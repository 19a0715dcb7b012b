import TestSupport
import Foundation
import ResultFormat
import SyntheticCorpus
@testable import SiteGen

/// Small result corpora and helpers shared by the site tests.
enum SiteFixture {
    /// The repository's `Templates/` folder (the tests render with the real templates).
    static var templatesDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Templates").path
    }

    static func temporaryDirectory(_ name: String) throws -> String {
        try TemporaryFolder.make("site-tests-\(name)")
    }

    static let corpus = SyntheticCorpus(requests: 40, maxTokens: 24, seed: 99)

    /// `runs` synthetic runs; the last run gets a hostile provider name and, when asked, a
    /// provider with a different workload fingerprint.
    static func writeResults(into dir: String, runs: Int, firstRun: Int = 0, hostile: Bool = true) throws {
        try corpus.write(runs: runs, to: dir, firstRun: firstRun)
        guard hostile else { return }
        let last = firstRun + runs - 1
        var evil = corpus.file(run: last, provider: 0)
        evil.provider.name = "<script>alert(1)</script>"
        evil.provider.slug = Slug.make(from: evil.provider.name)
        evil.requests[0].error = RequestError(kind: .httpServer, status: 503, message: "<b>bad</b> & \"quoted\"")
        try ResultStore.write(evil, in: dir)
        var other = corpus.file(run: last, provider: 1)
        other.provider.name = "../../x other workload"
        other.provider.slug = Slug.make(from: other.provider.name)
        other.workload.fingerprint = "sha256:another-workload"
        try ResultStore.write(other, in: dir)
    }

    static func options(results: String, site: String) -> SiteGenOptions {
        var o = SiteGenOptions()
        o.resultsDirectory = results
        o.siteDirectory = site
        o.readmePath = nil
        // Beside the site, never the default `leaderboard_data` of the working directory (the
        // package root under `swift test`, whose committed charts a test once overwrote).
        o.chartsDirectory = site + "-charts"
        o.templatesDirectory = templatesDirectory
        o.rawFiles = .copy  // these tests were written for, and check, the copies (RawLinkTests covers linking)
        return o
    }

    /// Every file under `dir`, relative paths, sorted.
    static func files(under dir: String) -> [String] {
        var out: [String] = []
        let e = FileManager.default.enumerator(atPath: dir)
        while let rel = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + rel, isDirectory: &isDir), !isDir.boolValue { out.append(rel) }
        }
        return out.sorted()
    }

    static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
