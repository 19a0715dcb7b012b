import Analysis
import Foundation
import ResultFormat
import SyntheticCorpus
import Randomness
import Testing

@testable import SiteGen

@Suite struct LeaderboardTests {
    @Test func markdownEscapingKeepsTablesIntact() {
        let nasty = "a|b *bold* <img src=x>\nnext_line [link](x) `code` \\"
        let escaped = Markdown.escapeInline(nasty)
        #expect(!escaped.contains("\n"))
        #expect(!escaped.contains("<"))
        #expect(escaped.replacingOccurrences(of: "\\|", with: "").contains("|") == false)
        #expect(escaped == "a\\|b \\*bold\\* &lt;img src=x&gt; next\\_line \\[link\\](x) \\`code\\` \\\\")
    }

    @Test func hostileProviderNameDoesNotBreakTheReadme() throws {
        let ws = try TestWorkspace(runs: 1)
        var file = SyntheticCorpus(requests: 60, maxTokens: 40, seed: 99).file(run: 0, provider: 0)
        file.provider = ProviderInfo(name: "Evil | *Corp* <script>", slug: "evil", api: "openai-chat", baseURL: "http://x", model: "m")
        try ws.add(file)
        try generate(ws)
        let readme = try ws.read("README.md")
        #expect(readme.contains("Evil \\| \\*Corp\\* &lt;script&gt;"))
        #expect(!readme.contains("<script>"))
        // Every table row keeps the same number of unescaped cell separators as its header.
        for table in readme.components(separatedBy: "\n\n") where table.hasPrefix("| Provider") {
            let lines = table.split(separator: "\n")
            let cells = { (l: Substring) in l.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count }
            for line in lines { #expect(cells(line) == cells(lines[0]), "\(line)\n---\n\(table)") }
        }
    }

    @Test func winnerIsLowestMedianWithDeterministicTies() throws {
        let corpus = SyntheticCorpus(requests: 80, maxTokens: 40, seed: 5)
        var files = (0..<3).map { corpus.file(run: 0, provider: $0) }
        // Make providers 1 and 2 identical in every request: their tie must be broken by name.
        files[2].requests = files[1].requests
        let run = LoadedRun(id: files[0].run.id, relativePaths: [], files: files, byteCounts: [])
        let board = Leaderboard(run: run, summaries: files.map { ProviderRunSummary(file: $0) })
        let ttft = board.metrics.first { $0.metric == .ttft }!
        #expect(ttft.entries.filter(\.isWinner).count == 1)
        let medians = ttft.entries.map { $0.summary.ttft!.median }
        #expect(medians == medians.sorted())
        let tied = ttft.entries.filter { $0.summary.provider.slug == "synthetic-bravo" || $0.summary.provider.slug == "synthetic-charlie" }
        #expect(tied.map(\.summary.provider.slug) == ["synthetic-bravo", "synthetic-charlie"])
        let tps = board.throughput.entries.map(\.summary.peakTPS)
        #expect(tps == tps.sorted(by: >))
    }

    @Test func differentWorkloadsAreNotRankedTogether() throws {
        let corpus = SyntheticCorpus(requests: 40, maxTokens: 30, seed: 5)
        var files = (0..<3).map { corpus.file(run: 0, provider: $0) }
        files[2].workload.fingerprint = "sha256:other"
        let run = LoadedRun(id: files[0].run.id, relativePaths: [], files: files, byteCounts: [])
        let board = Leaderboard(run: run, summaries: files.map { ProviderRunSummary(file: $0) })
        #expect(board.ranked.count == 2)
        #expect(board.notComparable.map(\.provider.slug) == ["synthetic-charlie"])
    }

    @Test func niceScaleTicks() {
        let s = NiceScale(min: 0.12, max: 11.5)
        #expect(s.lower == 0)
        #expect(s.ticks == [0, 2, 4, 6, 8, 10, 12])
        #expect(s.label(4) == "4")
        let ms = NiceScale(min: 41.2, max: 52.9)
        #expect(ms.ticks.first! <= 41.2 && ms.ticks.last! >= 52.9)
        #expect(NiceScale(min: 0, max: 0.9).label(0.25) == "0.25" || NiceScale(min: 0, max: 0.9).step != 0.25)
        #expect(NumberFormat.fixed(-0.0001, decimals: 2) == "0.00")
        // The fast path agrees with printf on a spread of values, ties and near-ties included.
        var rng = SplitMix64(seed: 12345)
        var values: [Double] = [0, 0.125, 0.375, 2.5, -2.5, 1.005, 0.045, 999.9995, 1e9, -1e-9, 4_294_967.2955]
        for _ in 0..<20_000 {
            let u = rng.unit()
            values.append((u - 0.3) * pow(10, Double(rng.index(below: 13)) - 4))
        }
        // Milliseconds from whole microseconds, and exact halves: rounding ties at 1-3 decimals,
        // decided on the exact binary value.
        values += (0..<6_000).map { Double($0 * 7) / 1_000 } + (0..<2_000).map { -Double($0) / 200 } + (0..<500).map { Double($0) + 0.5 }
        for v in values {
            for d in 0...6 {
                var expected = String(format: "%.\(d)f", v)
                if expected.hasPrefix("-"), expected.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { expected.removeFirst() }
                #expect(NumberFormat.fixed(v, decimals: d) == expected, "\(v) with \(d) decimals")
            }
        }
    }
}

@Suite struct SignificanceInReadmeTests {
    @Test func tiedLeadersAreAllBoldedAndMarked() throws {
        // Two providers drawn from the same distribution cannot be told apart: both lead, tied.
        let corpus = SyntheticCorpus(requests: 120, maxTokens: 30, seed: 11)
        var files = (0..<3).map { corpus.file(run: 0, provider: $0) }
        files[1].requests = files[0].requests.map { r in var r = r; r.id += 0; return r }
        files[1].requests.reverse()
        let run = LoadedRun(id: files[0].run.id, relativePaths: [], files: files, byteCounts: [])
        let board = Leaderboard(run: run, summaries: files.map { ProviderRunSummary(file: $0) })
        let ttft = board.metrics.first { $0.metric == .ttft }!
        let winners = ttft.entries.filter(\.isWinner).map(\.summary.provider.slug)
        #expect(Set(winners) == ["synthetic-alpha", "synthetic-bravo"])
        #expect(ttft.entries.filter(\.isTiedLeader).count == 2)
        #expect(ttft.entries.allSatisfy { $0.medianCI != nil })
        let text = ReadmeRenderer.metricTable(ttft)
        #expect(text.contains("**synthetic-alpha (tied)**"))
        #expect(text.contains("**synthetic-bravo (tied)**"))
    }

    @Test func aClearWinnerIsBoldedAlone() throws {
        let corpus = SyntheticCorpus(requests: 200, maxTokens: 30, seed: 11)
        let files = (0..<3).map { corpus.file(run: 0, provider: $0) }
        let run = LoadedRun(id: files[0].run.id, relativePaths: [], files: files, byteCounts: [])
        let board = Leaderboard(run: run, summaries: files.map { ProviderRunSummary(file: $0) })
        let ttft = board.metrics.first { $0.metric == .ttft }!
        #expect(ttft.entries.filter(\.isWinner).map(\.summary.provider.slug) == ["synthetic-alpha"])
        #expect(ttft.rule.contains("Mann"))
    }

    @Test func readmeShowsChangesGoodputAndIntervals() throws {
        let ws = try TestWorkspace(runs: 2, requests: 150, maxTokens: 40)
        try generate(ws)
        let readme = try ws.read("README.md")
        #expect(readme.contains("### Changes since the previous run"))
        #expect(readme.contains("### Goodput"))
        // The README keeps the headline columns; the full tables live on the site, linked.
        #expect(readme.contains("| Provider | Median | 95% CI | p95 | p99 | n |"))
        #expect(!readme.contains("| mean |") && !readme.contains("| p25 |"))
        #expect(readme.contains("Mann–Whitney U"))
        #expect(!readme.contains("&lt;"), "rule texts are Markdown, not HTML-escaped")
    }
}
