import JSON
import Analysis
import Foundation
import ResultFormat
import SyntheticCorpus
import Testing
@testable import SiteGen

/// Issue 5's numbers on the site: intervals, ties, alerts, goodput and availability.
@Suite("Site statistics")
struct SiteStatisticsTests {
    /// `file` relabelled as run `r` (same requests), so a provider can stay exactly unchanged across runs.
    static func relabel(_ file: ResultFile, run r: Int) -> ResultFile {
        var f = file
        let id = SyntheticCorpus.runID(r)
        let iso = String(id.prefix(11)) + id.dropFirst(11).replacingOccurrences(of: "-", with: ":")
        f.run.id = id
        f.run.startedAt = iso
        f.run.endedAt = iso
        return f
    }

    /// Every successful request's time to first token multiplied by `factor` (later events shift with it).
    static func scaleTTFT(_ file: ResultFile, by factor: Double) -> ResultFile {
        var f = file
        for i in f.requests.indices {
            guard let first = f.requests[i].firstToken else { continue }
            let delta = Int64((Double(first - f.requests[i].sent) * (factor - 1)).rounded())
            f.requests[i].firstToken = first + delta
            f.requests[i].chunkTimes = f.requests[i].chunkTimes.map { $0 + delta }
            f.requests[i].end += delta
        }
        return f
    }

    /// Four runs of two providers with identical requests in every run, except that alpha's last
    /// run has TTFT × 1.3.
    static func regressionHistory(into results: String) throws {
        let corpus = SyntheticCorpus(profiles: Array(SyntheticCorpus.defaultProfiles.prefix(2)), requests: 300, maxTokens: 60, seed: 5)
        for r in 0..<4 {
            for p in 0..<2 {
                var f = relabel(corpus.file(run: 0, provider: p), run: r)
                if r == 3 && p == 0 { f = scaleTTFT(f, by: 1.3) }
                try ResultStore.write(f, in: results)
            }
        }
    }

    /// The regression red (#C0392B) as Cairo's SVG surface writes colours (percent of 255).
    static func hasRegressionColour(_ svg: String) -> Bool { svg.contains("75.29") }

    @Test("alerts.json lists an injected 30% TTFT regression, and nothing for an unchanged provider")
    func injectedRegression() throws {
        let root = try SiteFixture.temporaryDirectory("alerts")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.regressionHistory(into: root + "/results")
        let report = try SiteBuilder(options: SiteFixture.options(results: root + "/results", site: root + "/site")).build()
        let data = try #require(FileManager.default.contents(atPath: root + "/site/data/alerts.json"))
        let list = try JSONDecoder().decode(SiteData.AlertList.self, from: data)
        let last = SyntheticCorpus.runID(3)
        #expect(list.latestRunID == last)
        let ttft = list.alerts.filter { $0.providerSlug == "synthetic-alpha" && $0.metric == .ttft && $0.runID == last }
        #expect(!ttft.isEmpty)
        #expect(ttft.allSatisfy { $0.direction == .regression && abs($0.relativeChange - 0.3) < 0.05 })
        #expect(list.alerts.filter { $0.providerSlug == "synthetic-bravo" }.isEmpty)
        #expect(list.alerts == list.alerts.sorted(by: Alert.stableOrder))
        #expect(report.alerts == list.alerts)
        // The same alerts as the detector over every run's samples, decoded from the result files.
        let runs = try (0..<4).map { try ResultStore.loadRun(SyntheticCorpus.runID($0), in: root + "/results") }
        #expect(list.alerts == ChangeDetector.alerts(in: runs.flatMap { $0.files.map(RunSample.init(file:)) }))
        // Index: the regression is listed, emphasised, with the rule in words.
        let index = SiteFixture.read(root + "/site/index.html")
        #expect(index.contains("<li class=\"regression\">"))
        #expect(index.contains(AlertPolicy().ruleText.replacingOccurrences(of: "'", with: "&#39;").prefix(40)))
        // Provider page: the alert list and a red triangle on the TTFT trend chart.
        let page = SiteFixture.read(root + "/site/providers/synthetic-alpha.html")
        #expect(page.contains("Regression"))
        let chart = SiteFixture.read(root + "/site/charts/providers/synthetic-alpha/ttft.svg")
        let calm = SiteFixture.read(root + "/site/charts/providers/synthetic-bravo/ttft.svg")
        #expect(Self.hasRegressionColour(chart), "no regression marker in the chart")
        #expect(!Self.hasRegressionColour(calm))
        #expect(!SiteFixture.read(root + "/site/providers/synthetic-bravo.html").contains("<li class=\"regression\">"))
    }

    @Test("cached alert windows, with and without alerts, come back as they were computed")
    func alertWindowCacheRoundTrip() throws {
        let root = try SiteFixture.temporaryDirectory("alerts-cache")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.regressionHistory(into: root + "/results")
        let options = SiteFixture.options(results: root + "/results", site: root + "/site")
        let first = try SiteBuilder(options: options).build()
        #expect(!first.alerts.isEmpty)
        let again = try SiteBuilder(options: options).build()
        #expect(again.alertWindowsComputed == 0 && again.alertWindowsReused == first.alertWindowsComputed)
        #expect(again.alerts == first.alerts)
        // The file reads back to what Codable would read, and a file Codable wrote reads the same.
        let bytes = try #require(FileBytes.read(root + "/.sitegen-cache/alerts.json"))
        let entries = try #require(AlertWindowCache.decode(bytes))
        #expect(entries.values.contains { !$0.alerts.isEmpty } && entries.values.contains { $0.alerts.isEmpty })
        #expect(try JSONValueDecoder.decode([String: SiteAlerts.CacheEntry].self, from: bytes) == entries)
        #expect(AlertWindowCache.decode(try JSONValueEncoder.encode(entries)) == entries)
        #expect(AlertWindowCache.decode(Array("{\"w\": {\"key\": 1}}".utf8)) == nil, "a foreign file is recomputed")
    }

    @Test("alerts are reused from the cache: adding a run computes only that run's windows")
    func alertsIncremental() throws {
        let root = try SiteFixture.temporaryDirectory("alerts-inc")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteFixture.writeResults(into: root + "/results", runs: 4, hostile: false)
        let options = SiteFixture.options(results: root + "/results", site: root + "/site")
        let first = try SiteBuilder(options: options).build()
        #expect(first.alertWindowsComputed == 3 * 5)
        try SiteFixture.corpus.write(runs: 1, to: root + "/results", firstRun: 4)
        let second = try SiteBuilder(options: options).build()
        #expect(second.alertWindowsComputed == 5)
        #expect(second.alertWindowsReused == 15)
        // Without any cache the alerts are the same.
        let fresh = try SiteBuilder(options: SiteFixture.options(results: root + "/results", site: root + "/fresh/site")).build()
        #expect(fresh.alerts == second.alerts)
        #expect(fresh.alertWindowsComputed == 20)
    }

    @Test("run pages and data JSON carry the 95% intervals of the medians, goodput and the availability split")
    func intervalsShown() throws {
        let root = try SiteFixture.temporaryDirectory("ci")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteFixture.writeResults(into: root + "/results", runs: 2, hostile: false)
        try SiteBuilder(options: SiteFixture.options(results: root + "/results", site: root + "/site")).build()
        let id = SyntheticCorpus.runID(1)
        let json = try JSONDecoder().decode(RunDigest.self, from: try #require(FileManager.default.contents(atPath: root + "/site/data/runs/\(id).json")))
        // The README's rule: the same seeded bootstrap gives the same interval.
        let run = try ResultStore.loadRun(id, in: root + "/results")
        for (file, p) in zip(run.files, json.providers) {
            let summary = ProviderRunSummary(file: file, windowSeconds: SiteGenOptions().windowSeconds, stepSeconds: SiteGenOptions().stepSeconds)
            let expected = WinnerPolicy().bootstrap.medianInterval(of: .ttft, in: summary)
            #expect(p.ttftMedianCI == expected)
            let ci = try #require(p.ttftMedianCI)
            #expect(ci.lower <= p.ttft!.median && p.ttft!.median <= ci.upper)
            #expect(p.tpotMedianCI != nil && p.itlMedianCI != nil)
            #expect(p.goodput?.totalRequests == p.totalRequests)
            #expect(p.availability?.map(\.count).reduce(0, +) == p.failed)
        }
        let page = SiteFixture.read(root + "/site/runs/\(id).html")
        let alpha = try #require(json.provider("synthetic-alpha"))
        let ci = try #require(alpha.ttftMedianCI)
        #expect(page.contains(SiteFormat.number(ci.lower, 3) + "–" + SiteFormat.number(ci.upper, 3)))
        #expect(page.contains("95% CI"))
        #expect(page.contains("Goodput"))
        #expect(page.contains(ServiceLevelObjectives().ruleText.prefix(30)))
        #expect(page.contains("rate limiting"))
        let index = SiteFixture.read(root + "/site/index.html")
        #expect(index.contains(SiteFormat.number(ci.lower, 3) + "–" + SiteFormat.number(ci.upper, 3)))
        #expect(index.contains("id=\"goodput\""))
        let provider = SiteFixture.read(root + "/site/providers/synthetic-alpha.html")
        #expect(provider.contains(SiteFormat.number(ci.lower, 3) + "–" + SiteFormat.number(ci.upper, 3)))
        let csv = SiteFixture.read(root + "/site/data/providers/synthetic-alpha.csv")
        #expect(csv.contains("ttft_median_ci_low_s") && csv.contains("failed_rate_limiting"))
    }

    @Test("leaders the data cannot tell apart are all bolded and marked tied, with the rule")
    func tiedLeaders() throws {
        let root = try SiteFixture.temporaryDirectory("tied")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let corpus = SyntheticCorpus(requests: 60, maxTokens: 40, seed: 3)
        let a = corpus.file(run: 0, provider: 0)
        var twin = a
        twin.provider.name = "alpha twin"
        twin.provider.slug = "alpha-twin"
        try ResultStore.write(a, in: root + "/results")
        try ResultStore.write(twin, in: root + "/results")
        try ResultStore.write(corpus.file(run: 0, provider: 3), in: root + "/results")
        try SiteBuilder(options: SiteFixture.options(results: root + "/results", site: root + "/site")).build()
        let digest = try JSONDecoder().decode(
            RunDigest.self, from: try #require(FileManager.default.contents(atPath: root + "/site/data/runs/\(SyntheticCorpus.runID(0)).json")))
        let ttft = try #require(digest.rankings.first { $0.metric == "TTFT" })
        #expect(Set(ttft.tied ?? []) == ["alpha-twin", "synthetic-alpha"])
        #expect(Set(ttft.winners) == ["alpha-twin", "synthetic-alpha"])
        let index = SiteFixture.read(root + "/site/index.html")
        let section = try #require(index.components(separatedBy: "<section class=\"metric\" id=\"ttft\">").dropFirst().first?
            .components(separatedBy: "</section>").first)
        let winnerRows = section.components(separatedBy: "<tr class=\"winner\">").count - 1
        #expect(winnerRows == 2)
        #expect(section.components(separatedBy: "<span class=\"badge\">= tied</span>").count - 1 == 2)
        #expect(!section.contains("★ best</span>"))
        #expect(section.contains(ttft.rule.prefix(30).replacingOccurrences(of: "'", with: "&#39;")))
    }

    @Test("trend chart markers: a red upward triangle for a regression and its legend")
    func chartMarker() throws {
        let points = (0..<4).map { i in
            TrendChart.Point(label: "d\(i)", value: i == 3 ? 1.3 : 1, whiskerLow: 0.9, whiskerHigh: i == 3 ? 1.4 : 1.1, markers: i == 3 ? [.regression] : [])
        }
        let with = String(decoding: try TrendChart(title: "t", axisLabel: "s", whiskerLabel: "95% CI", points: points).svg(), as: UTF8.self)
        var plain = points
        plain[3].markers = []
        let without = String(decoding: try TrendChart(title: "t", axisLabel: "s", whiskerLabel: "95% CI", points: plain).svg(), as: UTF8.self)
        #expect(with != without)
        #expect(Self.hasRegressionColour(with) && !Self.hasRegressionColour(without))
    }
}
