import Analysis
import Foundation
import ResultFormat
import SyntheticCorpus
import Testing
@testable import SiteGen

/// Issue 16's pages: the index's summary, change tables that tell change from noise, the first
/// run, provenance, feed, favicon and the README's reduced tables.
@Suite("Site at a glance")
struct SiteGlanceTests {
    /// Generates a site (and README) from `results` into `root`; returns the generator's report.
    @discardableResult
    static func generate(root: String, baseURL: String? = nil) throws -> SiteGenerator.Report {
        var o = SiteFixture.options(results: root + "/results", site: root + "/site")
        try "# x\n\n<!-- leaderboard:start -->\n<!-- leaderboard:end -->\n".write(toFile: root + "/README.md", atomically: true, encoding: .utf8)
        o.readmePath = root + "/README.md"
        o.chartsDirectory = root + "/charts"
        o.baseURL = baseURL
        return try SiteGenerator(options: o).run()
    }

    /// The text of `html` with tags removed and whitespace collapsed, for reading like a person.
    static func text(_ html: String) -> String {
        var out = "", inTag = false
        for c in html {
            if c == "<" { inTag = true; out += " " } else if c == ">" { inTag = false } else if !inTag { out.append(c) }
        }
        return out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The summary card of `id` on the index, as text.
    static func card(_ index: String, _ id: String) throws -> String {
        let start = try #require(index.range(of: "<h3><a href=\"#\(id)\">"))
        let end = try #require(index.range(of: "</article>", range: start.upperBound..<index.endIndex))
        return text(String(index[start.lowerBound..<end.lowerBound]))
    }

    @Test("the summary names each metric's leader with its interval, and says whether the lead is clear")
    func summaryLeaders() throws {
        let root = try SiteFixture.temporaryDirectory("glance")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteStatisticsTests.regressionHistory(into: root + "/results")
        try Self.generate(root: root)
        let index = SiteFixture.read(root + "/site/index.html")
        // The summary comes before the alerts, notices and tables.
        let summaryAt = try #require(index.range(of: "id=\"summary\"")).lowerBound
        #expect(summaryAt < (index.range(of: "id=\"alerts\"")?.lowerBound ?? index.endIndex))
        #expect(summaryAt < (index.range(of: "Where these numbers come from")?.lowerBound ?? index.endIndex))

        // Independently: decode the latest run's files and take the lowest median of each metric.
        let run = SyntheticCorpus.runID(3)
        let files = try ResultStore.loadRun(run, in: root + "/results").files
        let summaries = files.map { ProviderRunSummary(file: $0) }
        for metric in LeaderboardMetric.allCases {
            let medians = summaries.compactMap { s in metric.summary(s).map { (s, $0.median) } }
            let (best, median) = try #require(medians.min { $0.1 < $1.1 })
            let others = medians.filter { $0.0.provider.slug != best.provider.slug }.map(\.1)
            let card = try Self.card(index, metric.rawValue.lowercased())
            #expect(card.contains(best.provider.name), "\(metric): \(card)")
            #expect(card.contains(NumberFormat.fixed(median, decimals: metric.decimals) + " " + metric.unit), "\(metric): \(card)")
            let ci = try #require(WinnerPolicy().bootstrap.medianInterval(of: metric, in: best))
            #expect(ci.lower <= median && median <= ci.upper)
            let interval = "95% CI " + NumberFormat.fixed(ci.lower, decimals: metric.decimals) + "–"
                + NumberFormat.fixed(ci.upper, decimals: metric.decimals) + " " + metric.unit
            #expect(card.contains(interval), "\(metric): \(card) lacks \(interval)")
            // Clear only when the rule found the leader significantly better; the runner-up's
            // interval may not overlap the leader's median by much, a clear lead needs a gap.
            let clear = card.contains("Clear lead"), tie = card.contains("= Tie")
            #expect(clear != tie, "\(metric): \(card)")
            if clear, let second = others.min() { #expect(second > median) }
        }
        let tps = try Self.card(index, "tps")
        let peak = try #require(summaries.max { $0.peakTPS < $1.peakTPS })
        #expect(tps.contains(peak.provider.name))
        #expect(tps.contains(NumberFormat.fixed(peak.peakTPS, decimals: 1) + " tokens/s"))
        // The all-providers trend charts exist and are linked.
        for id in ["ttft", "tpot", "itl", "tps"] {
            #expect(index.contains("src=\"charts/trends/\(id).svg\""))
            #expect(FileManager.default.fileExists(atPath: root + "/site/charts/trends/\(id).svg"))
        }
    }

    @Test("a change is called worse only when significant or beyond noise; noise is never worse")
    func noiseIsNeverWorse() throws {
        let root = try SiteFixture.temporaryDirectory("noise")
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Alpha's last run has TTFT × 1.3 (significant); bravo's is × 1.002 (noise).
        try SiteStatisticsTests.regressionHistory(into: root + "/results")
        let corpus = SyntheticCorpus(profiles: Array(SyntheticCorpus.defaultProfiles.prefix(2)), requests: 300, maxTokens: 60, seed: 5)
        try ResultStore.write(SiteStatisticsTests.scaleTTFT(SiteStatisticsTests.relabel(corpus.file(run: 0, provider: 1), run: 3), by: 1.002), in: root + "/results")
        let report = try Self.generate(root: root)
        let runs = report.runsRead
        #expect(runs == 4)
        let digests = try SiteBuilder(options: SiteFixture.options(results: root + "/results", site: root + "/site2")).build().digests
        let old = digests[2], new = digests[3]
        let changes = SiteChanges(alerts: [], policy: AlertPolicy())
        for slug in ["synthetic-alpha", "synthetic-bravo"] {
            let o = try #require(old.provider(slug)), n = try #require(new.provider(slug))
            let ttft = SiteChanges.metrics[0]
            let a = o.ttft!.median, b = n.ttft!.median
            let overlap = !(o.ttftMedianCI!.upper < n.ttftMedianCI!.lower || n.ttftMedianCI!.upper < o.ttftMedianCI!.lower)
            let row = changes.row(ttft, slug: slug, old: o, new: n)
            if slug == "synthetic-bravo" {
                #expect(b > a && (b - a) / a < 0.01, "bravo's TTFT moved a little: \(a) → \(b)")
                #expect(overlap)
                #expect(row["trend"] as? String == "noise")
                #expect(row["direction"] as? String == "within noise")
            } else {
                #expect(!overlap, "alpha's 30 % shift is beyond the intervals")
                #expect(row["trend"] as? String == "worse")
            }
        }
        // The index shows alpha's change and hides bravo's noise; no row of the index says worse
        // for a figure the rule calls noise, and no change of 0 is "worse".
        let index = SiteFixture.read(root + "/site/index.html")
        let changesSection = String(index[try #require(index.range(of: "id=\"changes\"")).lowerBound...])
        #expect(changesSection.contains("Changes for <a href=\"providers/synthetic-alpha.html\">"))
        #expect(!changesSection.contains("Changes for <a href=\"providers/synthetic-bravo.html\">"))
        #expect(Self.text(changesSection).contains("No change beyond noise for synthetic-bravo"))
        // The comparison page lists every figure, bravo's as "within noise", never "worse".
        let compare = SiteFixture.read(root + "/site/" + SitePages.comparePage(old.runID, new.runID))
        let bravoAt = try #require(compare.range(of: "Changes for <a href=\"../providers/synthetic-bravo.html\">"))
        let bravo = String(compare[bravoAt.lowerBound...])
        let bravoTable = String(bravo[..<(bravo.range(of: "</table>")?.lowerBound ?? bravo.endIndex)])
        #expect(bravoTable.contains("within noise"))
        #expect(!bravoTable.contains("trend-worse"))
    }

    @Test("the first run says there is nothing to compare with, not 'no significant change'")
    func firstRun() throws {
        let root = try SiteFixture.temporaryDirectory("first")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteFixture.writeResults(into: root + "/results", runs: 1, hostile: false)
        try Self.generate(root: root)
        let id = SyntheticCorpus.runID(0)
        for page in ["index.html", "runs/\(id).html", "providers/synthetic-alpha.html"] {
            let html = SiteFixture.read(root + "/site/" + page)
            #expect(!html.contains("No significant change"), "\(page)")
            #expect(html.contains("to compare"), "\(page)")
        }
        let readme = SiteFixture.read(root + "/README.md")
        #expect(!readme.contains("No significant change"))
        #expect(readme.contains("No earlier run of the same workload to compare with yet."))
        #expect(!SiteFixture.read(root + "/site/index.html").contains("id=\"changes\""))
    }

    @Test("provenance says 'not a real provider' once, provider pages too; the bench version is not doubled")
    func provenanceOnce() throws {
        let root = try SiteFixture.temporaryDirectory("provenance")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = SyntheticCorpus(requests: 30, maxTokens: 20, seed: 3)
        for p in 0..<5 {
            var f = corpus.file(run: 0, provider: p)
            f.run.source = .simulated
            f.run.note = "built-in simulator, profile p\(p), in-process"
            f.run.benchVersion = "bench 0.1.0 (transport epoll)"
            try ResultStore.write(f, in: root + "/results")
        }
        let report = try Self.generate(root: root)
        #expect(report.filesRead == 5)
        let id = SyntheticCorpus.runID(0)
        for page in ["index.html", "runs/\(id).html"] {
            let text = Self.text(SiteFixture.read(root + "/site/" + page))
            #expect(text.components(separatedBy: "not a measurement of a real provider").count == 2, "\(page): said once")
            #expect(text.components(separatedBy: "built-in simulator").count == 2, "\(page): the shared note once")
            #expect(text.contains("p3"))
        }
        let run = Self.text(SiteFixture.read(root + "/site/runs/\(id).html"))
        #expect(run.contains("bench 0.1.0 (transport epoll)"))
        #expect(!run.contains("bench bench"))
        let provider = Self.text(SiteFixture.read(root + "/site/providers/synthetic-alpha.html"))
        #expect(provider.contains("Where these numbers come from"))
        #expect(provider.contains("not a measurement of a real provider"))
    }

    @Test("sitegen counts every result file it read, not only the latest run's")
    func filesReadCountsEveryRun() throws {
        let root = try SiteFixture.temporaryDirectory("count")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteFixture.writeResults(into: root + "/results", runs: 2, hostile: false)
        let perRun = try FileManager.default.contentsOfDirectory(atPath: root + "/results/" + SyntheticCorpus.runID(0)).count
        let report = try Self.generate(root: root)
        #expect(report.runsRead == 2)
        #expect(report.filesRead == 2 * perRun)
    }

    @Test("the feed's links are absolute with --base-url, relative without; it has rel=self; every page links the favicon")
    func feedAndFavicon() throws {
        let root = try SiteFixture.temporaryDirectory("feed")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteFixture.writeResults(into: root + "/results", runs: 2, hostile: false)
        try Self.generate(root: root, baseURL: "https://example.org/board")
        let feed = SiteFixture.read(root + "/site/data/feed.xml")
        #expect(feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/board/data/feed.xml\"/>"))
        #expect(feed.contains("href=\"https://example.org/board/index.html\""))
        #expect(feed.contains("href=\"https://example.org/board/runs/\(SyntheticCorpus.runID(1)).html\""))
        let hrefs = feed.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(hrefs.count == 4)
        #expect(hrefs.allSatisfy { $0.hasPrefix("https://example.org/board/") })
        let readme = SiteFixture.read(root + "/README.md")
        #expect(readme.contains("](https://example.org/board)"))

        try Self.generate(root: root)
        let relative = SiteFixture.read(root + "/site/data/feed.xml")
        #expect(relative.contains("rel=\"self\""))
        #expect(!relative.contains("https://"))
        #expect(relative.contains("href=\"../runs/\(SyntheticCorpus.runID(1)).html\""))
        #expect(SiteFixture.read(root + "/README.md").contains("](site/index.html)"))

        #expect(FileManager.default.fileExists(atPath: root + "/site/assets/favicon.svg"))
        for page in SiteFixture.files(under: root + "/site") where page.hasSuffix(".html") {
            let depth = page.split(separator: "/").count - 1
            let href = String(repeating: "../", count: depth) + "assets/favicon.svg"
            #expect(SiteFixture.read(root + "/site/" + page).contains("<link rel=\"icon\" type=\"image/svg+xml\" href=\"\(href)\">"), "\(page)")
        }
    }

    @Test("--base-url must be an http(s) URL")
    func baseURLChecked() {
        var o = SiteGenOptions()
        o.baseURL = "javascript:alert(1)"
        #expect(o.problem != nil)
        o.baseURL = "https://owner.github.io/repo/"
        #expect(o.problem == nil)
    }
}
