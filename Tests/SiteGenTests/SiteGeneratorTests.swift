import Foundation
import ResultFormat
import SyntheticCorpus
import Testing

@testable import SiteGen

/// Runs the generator in a temporary workspace with the README and charts only.
@discardableResult
func generate(_ ws: TestWorkspace, site: Bool = false, output: String? = nil, readme: Bool = true) throws(SiteGenError) -> SiteGenerator.Report {
    var o = SiteGenOptions()
    o.resultsDirectory = ws.path("results")
    o.readmePath = readme ? ws.path("README.md") : nil
    o.outputPath = output.map { ws.path($0) }
    o.chartsDirectory = ws.path("leaderboard_data")
    o.siteDirectory = site ? ws.path("site") : nil
    o.templatesDirectory = ws.path("Templates")
    return try SiteGenerator(options: o).run()
}

@Suite struct SiteGeneratorTests {
    @Test func rewritesOnlyTheMarkedSection() throws {
        let ws = try TestWorkspace()
        try generate(ws)
        let readme = try ws.read("README.md")
        #expect(readme.hasPrefix("# My project\n\nIntro prose.\n\n\(ReadmeMarkers.start)\n## LLM endpoint leaderboard"))
        #expect(readme.hasSuffix("\(ReadmeMarkers.end)\n\nClosing prose.\n"))
        #expect(!readme.contains("\nold\n"))
        // Each metric's definition, from the one registry, as text.
        #expect(readme.contains("- **TPOT** (ms): (end − sent) / output_tokens: the original Python pipeline's definition"))
        for heading in ["### Time To First Token (TTFT) (s)", "### Time Per Output Token (TPOT) (ms)",
                        "### Inter-Token Latency (ITL) (ms)", "### Peak total TPS (tokens/s)", "### Reliability", "### Workload"] {
            #expect(readme.contains(heading), "missing \(heading)")
        }
        #expect(readme.contains("![TTFT box plot"))
        #expect(readme.contains("(leaderboard_data/TTFT.png)"))
        #expect(readme.contains("**synthetic**, not measurements of a real provider"))
    }

    @Test func chartsArePNGsAtTwiceTheDensity() throws {
        let ws = try TestWorkspace()
        try generate(ws)
        for name in ["TTFT", "TPOT", "ITL"] {
            let png = try ws.bytes("leaderboard_data/\(name).png")
            #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            // IHDR width, big-endian at byte 16: 560 units (ChartStyle.readmeWidth) at 2x.
            let width = png[16...19].reduce(0) { $0 << 8 | Int($1) }
            #expect(width == 1120)
        }
    }

    @Test func twoGenerationsGiveIdenticalBytes() throws {
        let ws = try TestWorkspace()
        try generate(ws, output: "board.md")
        let first = try ws.snapshot("leaderboard_data"), firstReadme = try ws.bytes("README.md"), firstBoard = try ws.bytes("board.md")
        let second = try generate(ws, output: "board.md")
        #expect(second.writtenFiles.isEmpty, "same bytes, so nothing is rewritten: \(second.writtenFiles)")
        #expect(try ws.snapshot("leaderboard_data") == first)
        #expect(try ws.bytes("README.md") == firstReadme)
        #expect(try ws.bytes("board.md") == firstBoard)
    }

    @Test func resultsAreNeverModified() throws {
        let ws = try TestWorkspace()
        let before = try ws.snapshot("results")
        try generate(ws)
        #expect(try ws.snapshot("results") == before)
    }

    @Test func outputAloneLeavesTheReadmeUntouched() throws {
        let ws = try TestWorkspace()
        let before = try ws.read("README.md")
        try generate(ws, output: "out/board.md", readme: false)
        #expect(try ws.read("README.md") == before)
        let board = try ws.read("out/board.md")
        #expect(board.hasPrefix("## LLM endpoint leaderboard"))
        #expect(board.contains("(../leaderboard_data/TTFT.png)"), "chart links are relative to the output file")
    }

    @Test func readmeWithoutMarkersIsAnError() throws {
        let ws = try TestWorkspace()
        try "# No markers here\n".write(toFile: ws.path("README.md"), atomically: true, encoding: .utf8)
        #expect {
            try generate(ws)
        } throws: { e in
            guard let e = e as? SiteGenError else { return false }
            return e.step == .writeReadme && e.reason.contains("--output")
        }
    }

    @Test func theLatestRunIsShown() throws {
        let ws = try TestWorkspace(runs: 3)
        let report = try generate(ws)
        #expect(report.latestRunID == SyntheticCorpus.runID(2))
        #expect(try ws.read("README.md").contains("run `\(SyntheticCorpus.runID(2))`"))
    }
}
