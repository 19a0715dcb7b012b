import JSON
import Foundation
import ResultFormat
import SyntheticCorpus
import Testing
@testable import SiteGen

@Suite("Site generation")
struct SiteGenerationTests {
    @Test("every page kind is generated, with data files, feed and raw copies")
    func pagesExist() throws {
        let root = try SiteFixture.temporaryDirectory("pages")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteFixture.writeResults(into: root + "/results", runs: 3)
        let report = try SiteBuilder(options: SiteFixture.options(results: root + "/results", site: root + "/site")).build()
        #expect(report.runs == 3)
        #expect(report.digestsComputed == 3)
        let files = Set(SiteFixture.files(under: root + "/site"))
        let ids = (0..<3).map(SyntheticCorpusID.id)
        for expected in [
            "index.html", "runs.html", "assets/style.css", "assets/sort.js", "data/runs.csv", "data/feed.xml",
            "runs/\(ids[2]).html", "compare/\(ids[1])--\(ids[2]).html", "providers/synthetic-alpha.html",
            "providers/script-alert-1-script.html", "charts/runs/\(ids[2])/TTFT.svg", "charts/providers/synthetic-alpha/ttft.svg",
            "data/runs/\(ids[0]).json", "data/providers/synthetic-alpha.json", "data/providers/synthetic-alpha.csv",
            "data/raw/\(ids[0])/synthetic-alpha.json.gz",
        ] {
            #expect(files.contains(expected), "missing \(expected)")
        }
        // The cache lives beside the site, not inside it.
        #expect(!files.contains { $0.hasPrefix(".") })
        #expect(FileManager.default.fileExists(atPath: root + "/.sitegen-cache/runs/\(ids[2]).json"))
        // Run page: every statistic family is there.
        let run = SiteFixture.read(root + "/site/runs/\(ids[2]).html")
        for heading in ["p99", "Inter-Token Latency", "Inter-Chunk Gaps", "End-to-End Latency", "Launch Lag", "self-check", "Error kinds", "sha256:", "Raw result files"] {
            #expect(run.contains(heading), "run page lacks \(heading)")
        }
        // The other-workload provider is not ranked, and the page says why.
        #expect(run.contains("ran a different workload"))
        let index = SiteFixture.read(root + "/site/index.html")
        #expect(index.contains("Changes since the previous run"))
        #expect(index.contains("not comparable"))
    }

    @Test("a hostile provider name shows as text everywhere")
    func escaping() throws {
        let root = try SiteFixture.temporaryDirectory("escape")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteFixture.writeResults(into: root + "/results", runs: 2)
        try SiteBuilder(options: SiteFixture.options(results: root + "/results", site: root + "/site")).build()
        var sawEscaped = false
        for f in SiteFixture.files(under: root + "/site") where f.hasSuffix(".html") || f.hasSuffix(".xml") || f.hasSuffix(".svg") {
            let text = SiteFixture.read(root + "/site/" + f)
            #expect(!text.contains("<script>alert"), "unescaped name in \(f)")
            #expect(!text.contains("<b>bad</b>"), "unescaped error message in \(f)")
            if text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") { sawEscaped = true }
        }
        #expect(sawEscaped)
        // The only <script> elements are the site's own enhancement script.
        let index = SiteFixture.read(root + "/site/index.html")
        #expect(index.components(separatedBy: "<script").count == 2)
    }

    @Test("names like ../../x never leave the site folder")
    func pathSafety() throws {
        #expect(throws: SitePath.UnsafeComponent.self) { try SitePath.join("runs", "../../x") }
        #expect(throws: SitePath.UnsafeComponent.self) { try SitePath.join("..") }
        #expect(throws: SitePath.UnsafeComponent.self) { try SitePath.join("a/b") }
        #expect(throws: SitePath.UnsafeComponent.self) { try SitePath.join("") }
        #expect(try SitePath.join("runs", "2026-01-01T00-00-00Z.html") == "runs/2026-01-01T00-00-00Z.html")

        let root = try SiteFixture.temporaryDirectory("paths")
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A display name of ../../x (valid slug derived from it) stays inside the site.
        try SiteFixture.writeResults(into: root + "/work/results", runs: 1)
        try SiteBuilder(options: SiteFixture.options(results: root + "/work/results", site: root + "/work/site")).build()
        let outside = SiteFixture.files(under: root).filter { !$0.hasPrefix("work/") }
        #expect(outside.isEmpty, "files outside the work folder: \(outside)")
        #expect(FileManager.default.fileExists(atPath: root + "/work/site/providers/x-other-workload.html"))

        // A file claiming the slug ../../x is rejected with its path named, and nothing is written.
        var bad = SiteFixture.corpus.file(run: 5, provider: 0)
        bad.provider.slug = "../../x"
        let runDir = root + "/bad/results/" + bad.run.id
        try FileManager.default.createDirectory(atPath: runDir, withIntermediateDirectories: true)
        try Data(ResultFileEncoder.encode(bad)).write(to: URL(fileURLWithPath: runDir + "/evil.json"))
        let error = #expect(throws: SiteGenError.self) {
            try SiteBuilder(options: SiteFixture.options(results: root + "/bad/results", site: root + "/bad/site")).build()
        }
        #expect(error?.description.contains("evil.json") == true)
        #expect(!FileManager.default.fileExists(atPath: root + "/bad/site/index.html"))
        #expect(!FileManager.default.fileExists(atPath: root + "/x.html") && !FileManager.default.fileExists(atPath: root + "/bad/x.html"))
    }

    @Test("two generations from the same results give the same bytes; a rerun writes nothing")
    func deterministic() throws {
        let root = try SiteFixture.temporaryDirectory("determinism")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteFixture.writeResults(into: root + "/results", runs: 3)
        try SiteBuilder(options: SiteFixture.options(results: root + "/results", site: root + "/a/site")).build()
        // Render something else first so Cairo's global id counters differ for the second site.
        _ = try BoxPlot(title: "warm-up", axisLabel: "x", rows: []).svg()
        try SiteBuilder(options: SiteFixture.options(results: root + "/results", site: root + "/b/site")).build()
        let a = SiteFixture.files(under: root + "/a/site"), b = SiteFixture.files(under: root + "/b/site")
        #expect(a == b)
        for f in a {
            let x = FileManager.default.contents(atPath: root + "/a/site/" + f)
            let y = FileManager.default.contents(atPath: root + "/b/site/" + f)
            #expect(x == y, "\(f) differs between two generations")
        }
        let again = try SiteBuilder(options: SiteFixture.options(results: root + "/results", site: root + "/a/site")).build()
        #expect(again.writtenFiles.isEmpty, "rerun rewrote \(again.writtenFiles)")
        #expect(again.digestsFromCache == 3)
    }

    @Test("render keys name the build, so a new build renders every page again")
    func renderKeysNameTheBuild() throws {
        #expect(CodeIdentity.current.count == 24 && CodeIdentity.current.allSatisfy(\.isHexDigit), "\(CodeIdentity.current)")
        #expect(SiteBuilder.renderVersion.hasSuffix(CodeIdentity.current))
        let root = try SiteFixture.temporaryDirectory("build-key")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteFixture.writeResults(into: root + "/results", runs: 2)
        let options = SiteFixture.options(results: root + "/results", site: root + "/site")
        try SiteBuilder(options: options).build()
        #expect(try SiteBuilder(options: options).build().skippedRenders > 0)
        // What another build would find: every stored key made with a different identity.
        let manifest = root + "/.sitegen-cache/pages.json"
        let keys = try JSONValueDecoder.decode([String: String].self, from: #require(FileBytes.read(manifest)))
        // (Raw result copies are keyed by their own hash, not by the build.)
        var foreign = keys
        for (path, key) in keys where !path.hasPrefix("data/raw/") { foreign[path] = "other-build-" + key }
        try AtomicFile.write(try SiteJSON.encode(foreign), to: manifest)
        let rebuilt = try SiteBuilder(options: options).build()
        #expect(rebuilt.skippedRenders == 0, "every page, chart and data file rendered again")
        #expect(rebuilt.writtenFiles.isEmpty, "same bytes, so nothing is rewritten")
    }

    @Test("adding a run recomputes one digest and rewrites only what depends on it")
    func incremental() throws {
        let root = try SiteFixture.temporaryDirectory("incremental")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteFixture.writeResults(into: root + "/results", runs: 4, hostile: false)
        let options = SiteFixture.options(results: root + "/results", site: root + "/site")
        try SiteBuilder(options: options).build()
        try SiteFixture.corpus.write(runs: 1, to: root + "/results", firstRun: 4)
        let report = try SiteBuilder(options: options).build()
        #expect(report.digestsComputed == 1)
        #expect(report.digestsFromCache == 4)
        let ids = (0..<5).map(SyntheticCorpusID.id)
        let written = Set(report.writtenFiles)
        #expect(written.contains("runs/\(ids[4]).html"))
        #expect(written.contains("compare/\(ids[3])--\(ids[4]).html"))
        #expect(written.contains("runs/\(ids[3]).html"), "the previous latest run gains a 'next' link")
        for old in 0..<3 {
            #expect(!written.contains("runs/\(ids[old]).html"))
            #expect(!written.contains("charts/runs/\(ids[old])/TTFT.svg"))
            #expect(!written.contains("data/raw/\(ids[old])/synthetic-alpha.json.gz"))
        }
        // A fresh generation of the same five runs gives the same bytes as the incremental one.
        try SiteBuilder(options: SiteFixture.options(results: root + "/results", site: root + "/fresh/site")).build()
        for f in SiteFixture.files(under: root + "/site") {
            #expect(FileManager.default.contents(atPath: root + "/site/" + f) == FileManager.default.contents(atPath: root + "/fresh/site/" + f), "\(f)")
        }
    }

    @Test("removing a run drops its cached digest and samples; adding it back digests it again")
    func pruning() throws {
        let root = try SiteFixture.temporaryDirectory("prune")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteFixture.writeResults(into: root + "/results", runs: 3, hostile: false)
        let options = SiteFixture.options(results: root + "/results", site: root + "/site")
        try SiteBuilder(options: options).build()
        let gone = SyntheticCorpusID.id(2)
        let cached = [root + "/site/../.sitegen-cache/runs/\(gone).json", root + "/site/../.sitegen-cache/samples/\(gone).json"]
        for path in cached { #expect(FileManager.default.fileExists(atPath: path), "\(path)") }
        try FileManager.default.moveItem(atPath: root + "/results/" + gone, toPath: root + "/aside")
        let without = try SiteBuilder(options: options).build()
        #expect(without.runs == 2)
        for path in cached { #expect(!FileManager.default.fileExists(atPath: path), "\(path) pruned") }
        // Its pages, charts and raw copies are gone, and so are the folders they leave empty.
        for folder in ["charts/runs/\(gone)", "data/raw/\(gone)"] {
            #expect(!FileManager.default.fileExists(atPath: root + "/site/" + folder), "\(folder) removed")
        }
        #expect(FileManager.default.fileExists(atPath: root + "/site/../.sitegen-cache/runs/\(SyntheticCorpusID.id(1)).json"))
        try FileManager.default.moveItem(atPath: root + "/aside", toPath: root + "/results/" + gone)
        let back = try SiteBuilder(options: options).build()
        #expect(back.digestsComputed == 1)
    }

    @Test("a changed result file invalidates its run's digest")
    func contentKey() throws {
        let root = try SiteFixture.temporaryDirectory("key")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteFixture.writeResults(into: root + "/results", runs: 2, hostile: false)
        let options = SiteFixture.options(results: root + "/results", site: root + "/site")
        try SiteBuilder(options: options).build()
        var changed = SiteFixture.corpus.file(run: 0, provider: 2)
        changed.provider.name = "synthetic-charlie renamed"
        try ResultStore.write(changed, in: root + "/results")
        let report = try SiteBuilder(options: options).build()
        #expect(report.digestsComputed == 1)
        #expect(SiteFixture.read(root + "/site/runs/\(SyntheticCorpusID.id(0)).html").contains("synthetic-charlie renamed"))
    }

    @Test("sitegen with --site builds the site and the README section together")
    func generatorCallsSite() throws {
        let root = try SiteFixture.temporaryDirectory("generator")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteFixture.writeResults(into: root + "/results", runs: 2, hostile: false)
        var o = SiteFixture.options(results: root + "/results", site: root + "/site")
        o.outputPath = root + "/leaderboard.md"
        o.chartsDirectory = root + "/charts"
        let report = try SiteGenerator(options: o).run()
        #expect(report.runsRead == 2)
        #expect(FileManager.default.fileExists(atPath: root + "/site/index.html"))
        #expect(FileManager.default.fileExists(atPath: root + "/leaderboard.md"))
    }
}

/// Run ids of the synthetic corpus.
enum SyntheticCorpusID {
    static func id(_ i: Int) -> String {
        SyntheticCorpus.runID(i)
    }
}
