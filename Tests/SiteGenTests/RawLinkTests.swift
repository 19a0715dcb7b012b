import Foundation
import ResultFormat
import SyntheticCorpus
import Testing
@testable import SiteGen

/// Raw result files are linked where they are (the results folder, or `--raw-base-url`) unless
/// `--copy-raw` asks for copies, and switching between the two leaves no stale copy behind.
@Suite("Raw file links")
struct RawLinkTests {
    /// The raw-file links of a run page, in page order.
    static func rawLinks(_ page: String) -> [String] {
        let html = SiteFixture.read(page)
        guard let section = html.range(of: "<section id=\"raw\">") else { return [] }
        var out: [String] = []
        var rest = html[section.upperBound...]
        while let start = rest.range(of: "href=\""), let end = rest[start.upperBound...].firstIndex(of: "\"") {
            let href = String(rest[start.upperBound..<end])
            if href.hasSuffix(".json.gz") || href.hasSuffix(".json") { out.append(href) }
            rest = rest[end...]
        }
        return out
    }

    /// The file a relative `href` on the page at `page` points to (as a browser resolves it,
    /// percent escapes decoded).
    static func resolve(_ href: String, fromPage page: String) -> String? {
        URL(string: href, relativeTo: URL(fileURLWithPath: page))?.absoluteURL.standardizedFileURL.path
    }

    static func options(_ root: String, results: String, site: String, _ policy: RawFilePolicy) -> SiteGenOptions {
        var o = SiteFixture.options(results: root + "/" + results, site: root + "/" + site)
        o.rawFiles = policy
        return o
    }

    @Test("by default each run page links the file in the results folder, wherever the two folders are; nothing is copied")
    func relativeLinksResolve() throws {
        let root = try SiteFixture.temporaryDirectory("raw-relative")
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A space and a non-ASCII letter in the results folder's name: the links must be encoded.
        let results = "data sets/résultats"
        try SiteFixture.writeResults(into: root + "/" + results, runs: 2, hostile: false)
        let o = Self.options(root, results: results, site: "out/deep/site", .linkResultsFolder)
        #expect(SiteGenOptions().rawFiles == .linkResultsFolder, "linking is the default")
        try SiteBuilder(options: o).build()
        let site = root + "/out/deep/site"
        #expect(!FileManager.default.fileExists(atPath: site + "/data/raw"))
        var checked = 0
        for id in (0..<2).map(SyntheticCorpusID.id) {
            let page = site + "/runs/\(id).html"
            let links = Self.rawLinks(page)
            let names = try ResultStore.resultFileNames(inRun: root + "/" + results + "/" + id)
            #expect(links.count == names.count)
            for (href, name) in zip(links, names) {
                #expect(href == "../../../../data%20sets/r%C3%A9sultats/\(id)/\(name)")
                let target = try #require(Self.resolve(href, fromPage: page))
                #expect(target == root + "/" + results + "/" + id + "/" + name)
                #expect(FileManager.default.contents(atPath: target) != nil)
                checked += 1
            }
        }
        #expect(checked == 10)
        #expect(SiteFixture.read(site + "/runs/\(SyntheticCorpusID.id(1)).html").contains("computed from (linked unchanged, in the results folder)"))
    }

    @Test("with a base URL the link is URL/<run-id>/<file>, a trailing slash dropped")
    func baseURL() throws {
        let root = try SiteFixture.temporaryDirectory("raw-url")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteFixture.writeResults(into: root + "/results", runs: 1, hostile: false)
        let base = "https://github.com/OWNER/REPO/raw/main/results"
        try SiteBuilder(options: Self.options(root, results: "results", site: "site", .linkBaseURL(base + "/"))).build()
        let id = SyntheticCorpusID.id(0)
        let links = Self.rawLinks(root + "/site/runs/\(id).html")
        let names = try ResultStore.resultFileNames(inRun: root + "/results/" + id)
        #expect(links == names.map { "\(base)/\(id)/\($0)" })
        #expect(SiteFixture.read(root + "/site/runs/\(id).html").contains("computed from (linked unchanged, at \(base))"))
        #expect(!FileManager.default.fileExists(atPath: root + "/site/data/raw"))
    }

    @Test("path segments are percent-encoded byte by byte, slashes kept")
    func encoding() {
        #expect(RawFileLinks.encode(path: "2026-01-01T00-00-00Z/acme_v1.2~x.json.gz") == "2026-01-01T00-00-00Z/acme_v1.2~x.json.gz")
        #expect(RawFileLinks.encode(path: "a b/ü%#?.json") == "a%20b/%C3%BC%25%23%3F.json")
        #expect(RawFileLinks.encode(path: "../x") == "../x")
        let links = RawFileLinks(policy: .linkBaseURL("https://h/r//"), siteDirectory: "site", resultsDirectory: "results")
        #expect(links.href("run 1/a.json.gz", root: "../") == "https://h/r/run%201/a.json.gz")
        let copies = RawFileLinks(policy: .copy, siteDirectory: "site", resultsDirectory: "results")
        #expect(copies.href("run/a.json.gz", root: "../") == "../data/raw/run/a.json.gz")
        let beside = RawFileLinks(policy: .linkResultsFolder, siteDirectory: "/w/site", resultsDirectory: "/w/results")
        #expect(beside.href("run/a.json.gz", root: "../") == "../../results/run/a.json.gz")
        #expect(beside.href("run/a.json.gz", root: "") == "../results/run/a.json.gz")
    }

    @Test("a base URL that is not plain http(s) is refused before anything is read", arguments: [
        "github.com/o/r/raw/main/results", "ftp://host/results", "https://host/results?x=1", "https://host/a b", "https://host/r#top", "",
    ])
    func badBaseURL(_ url: String) {
        var o = SiteGenOptions()
        o.rawFiles = .linkBaseURL(url)
        #expect(o.problem?.contains("--raw-base-url") == true)
        o.rawFiles = .linkBaseURL("https://github.com/OWNER/REPO/raw/main/results")
        #expect(o.problem == nil)
    }

    @Test("switching from copies to links sweeps the copies; switching back restores the same bytes as a fresh copying site")
    func switchingModes() throws {
        let root = try SiteFixture.temporaryDirectory("raw-switch")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteFixture.writeResults(into: root + "/results", runs: 2, hostile: false)
        let id = SyntheticCorpusID.id(1)
        let copyOptions = Self.options(root, results: "results", site: "site", .copy)
        try SiteBuilder(options: copyOptions).build()
        let copied = SiteFixture.files(under: root + "/site").filter { $0.hasPrefix("data/raw/") }
        #expect(copied.count == 10)
        #expect(SiteFixture.read(root + "/site/runs/\(id).html").contains("computed from (copied unchanged)"))
        #expect(Self.rawLinks(root + "/site/runs/\(id).html").allSatisfy { $0.hasPrefix("../data/raw/\(id)/") })

        let linked = try SiteBuilder(options: Self.options(root, results: "results", site: "site", .linkResultsFolder)).build()
        #expect(!FileManager.default.fileExists(atPath: root + "/site/data/raw"), "copies and their folders swept")
        #expect(linked.writtenFiles.contains("runs/\(id).html"), "the run page's links changed, so it was rendered again")
        #expect(Self.rawLinks(root + "/site/runs/\(id).html").allSatisfy { $0.hasPrefix("../../results/\(id)/") })
        let keys = try String(contentsOfFile: root + "/.sitegen-cache/pages.json", encoding: .utf8)
        #expect(!keys.contains("data/raw/"), "no render key is kept for a file no longer produced")

        try SiteBuilder(options: copyOptions).build()
        try SiteBuilder(options: Self.options(root, results: "results", site: "fresh/site", .copy)).build()
        let again = SiteFixture.files(under: root + "/site"), fresh = SiteFixture.files(under: root + "/fresh/site")
        #expect(again == fresh)
        for f in again {
            #expect(FileManager.default.contents(atPath: root + "/site/" + f) == FileManager.default.contents(atPath: root + "/fresh/site/" + f), "\(f)")
        }
    }
}
