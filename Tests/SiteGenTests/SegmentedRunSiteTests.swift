import Analysis
import Foundation
import ResultFormat
import SyntheticCorpus
import Testing
@testable import SiteGen

/// Issue 17: a run measured by several load generators (segments), merged and shown on the site.
@Suite("Sharded runs on the site")
struct SegmentedRunSiteTests {
    static let corpus = SyntheticCorpus(profiles: Array(SyntheticCorpus.defaultProfiles.prefix(2)), requests: 60, maxTokens: 30, seed: 7)
    /// Wall-clock anchors of segments 0...3: segment 1 started first, segment 2 last (135.3 ms later).
    static let anchors: [Int64] = [1_767_312_000_020_000, 1_767_312_000_000_000, 1_767_312_000_135_300, 1_767_312_000_007_500]
    static let uncertainties: [Int64?] = [1_500, 800, 2_000, 650]

    /// Writes provider `p` of corpus run `r` as segment files of 4 machines (all but `skipping`),
    /// each holding its requests with their times as its own clock saw them. Returns what the
    /// merge must give: every request of a written segment, with its measured times moved by its
    /// machine's anchor minus the earliest written anchor.
    @discardableResult
    static func writeSegments(
        run r: Int, provider p: Int, into results: String, uncertainties: [Int64?] = uncertainties, skipping: Set<Int> = []
    ) throws -> ResultFile {
        let whole = corpus.file(run: r, provider: p)
        let written = (0..<4).filter { !skipping.contains($0) }
        let reference = written.map { anchors[$0] }.min()!
        for i in written {
            var file = whole
            file.run.segment = SegmentInfo(
                index: i, count: 4, host: "gen-\(i).bench", clockAnchorMicros: anchors[i], clockUncertaintyMicros: uncertainties[i])
            file.requests = whole.requests.filter { $0.id % 4 == i }
            try ResultStore.write(file, in: results)
        }
        var expected = whole
        expected.run.partial = written.count < 4
        expected.requests = whole.requests.filter { written.contains($0.id % 4) }.map { r in
            let shift = anchors[r.id % 4] - reference
            var r = r
            r.sent += shift
            r.firstToken = r.firstToken.map { $0 + shift }
            r.end += shift
            r.chunkTimes = r.chunkTimes.map { $0 + shift }
            return r
        }
        return expected
    }

    /// Peak total TPS by brute force (docs/metrics.md): every arrival pooled, one token per event
    /// (the corpus counts events), a sample every `step` µs from the first arrival to the last, the
    /// window [c − ⌊W/2⌋, c + W − ⌊W/2⌋] inclusive.
    static func bruteForcePeak(_ arrivals: [Int64], window: Int64 = 5_000_000, step: Int64 = 1_000_000) -> Double {
        guard let first = arrivals.min(), let last = arrivals.max() else { return 0 }
        var best = 0
        var c = first
        while c <= last {
            best = max(best, arrivals.filter { $0 >= c - window / 2 && $0 <= c + (window - window / 2) }.count)
            c += step
        }
        return Double(best) / (Double(window) / 1_000_000)
    }

    static func page(_ root: String, _ runIndex: Int) -> String {
        SiteGlanceTests.text(SiteFixture.read(root + "/site/" + SitePages.runPage(SyntheticCorpus.runID(runIndex))))
            .replacingOccurrences(of: "&#39;", with: "'")
    }

    @Test("the run page names the load generators, the start skew and the time base's error; every segment file is linked")
    func runPageOfAShardedRun() throws {
        let root = try SiteFixture.temporaryDirectory("sharded")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.corpus.write(runs: 1, to: root + "/results")
        for p in 0..<2 { try Self.writeSegments(run: 1, provider: p, into: root + "/results") }
        try SiteGlanceTests.generate(root: root)

        let page = Self.page(root, 1)
        #expect(page.contains("Every provider was measured by 4 load generators (segments): gen-0.bench, gen-1.bench, gen-2.bench, gen-3.bench."), "\(page)")
        // Skew: 135,300 µs between the first (segment 1) and last (segment 2) start. Error bound:
        // the reference's 800 µs plus the largest other uncertainty, segment 2's 2,000 µs.
        #expect(page.contains("Sharded run: every provider measured by 4 load generators (segments); start skew up to 135.3 ms, time base error within ±2.8 ms."), "\(page)")
        for name in ["synthetic-alpha", "synthetic-bravo"] {
            #expect(page.contains("\(name) 4 of 4 135.3 ms ±2.8 ms none"), "\(page)")
        }
        #expect(!page.contains("partial"))
        // Every segment file is in the raw-file table with its size, copied unchanged (these
        // tests' options copy the raw files).
        let html = SiteFixture.read(root + "/site/" + SitePages.runPage(SyntheticCorpus.runID(1)))
        for slug in ["synthetic-alpha", "synthetic-bravo"] {
            for i in 0..<4 {
                let name = "\(slug).segment-\(i)-of-4.json.gz"
                let relative = SyntheticCorpus.runID(1) + "/" + name
                let size = try #require(try FileManager.default.attributesOfItem(atPath: root + "/results/" + relative)[.size] as? Int)
                #expect(html.contains("<a href=\"../data/raw/\(relative)\">\(name)</a></td><td class=\"num\">\(size)</td>"), "\(name)")
                #expect(FileManager.default.contentsEqual(atPath: root + "/site/data/raw/" + relative, andPath: root + "/results/" + relative))
                #expect(page.contains("(gen-\(i).bench) \(name)"))
            }
        }
        // The run of one machine says nothing of load generators.
        let single = SiteFixture.read(root + "/site/" + SitePages.runPage(SyntheticCorpus.runID(0)))
        #expect(!single.contains("load-generators") && !single.contains("Sharded"))
        let readme = SiteFixture.read(root + "/README.md")
        #expect(readme.contains("sharded run: every provider measured by 4 load generators (segments); start skew up to 135.3 ms, time base error within ±2.8 ms."), "\(readme)")

        // The digests come back from the cache with the segments: a second site is the same.
        var o = SiteFixture.options(results: root + "/results", site: root + "/site2")
        o.readmePath = nil
        let report = try SiteGenerator(options: o).run()
        #expect(report.filesRead == 2 + 8, "each segment file counts")
        let path = SitePages.runPage(SyntheticCorpus.runID(1))
        #expect(SiteFixture.read(root + "/site2/" + path) == SiteFixture.read(root + "/site/" + path))
        let json = SitePages.runJSON(SyntheticCorpus.runID(1))
        #expect(SiteFixture.read(root + "/site2/" + json) == SiteFixture.read(root + "/site/" + json))
    }

    @Test("the merged records are the segments' on one time base, and peak total TPS pools every segment")
    func peakThroughputPoolsTheSegments() throws {
        let root = try SiteFixture.temporaryDirectory("sharded-tps")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let expected = try Self.writeSegments(run: 0, provider: 0, into: root + "/results")
        let run = try ResultStore.loadRun(SyntheticCorpus.runID(0), in: root + "/results")
        #expect(run.files[0].requests == expected.requests)
        // Independently, from the segment files as written: each arrival moved by its machine's late start.
        var arrivals: [Int64] = []
        for i in 0..<4 {
            let (file, _) = try ResultStore.read(path: root + "/results/\(SyntheticCorpus.runID(0))/synthetic-alpha.segment-\(i)-of-4.json.gz")
            arrivals += file.requests.flatMap(\.chunkTimes).map { $0 + Self.anchors[i] - Self.anchors[1] }
        }
        let peak = Self.bruteForcePeak(arrivals)
        #expect(peak > 0)
        let digests = try SiteBuilder(options: SiteFixture.options(results: root + "/results", site: root + "/site")).build().digests
        let provider = try #require(digests[0].provider("synthetic-alpha"))
        #expect(abs(provider.peakTPS - peak) < 1e-9, "\(provider.peakTPS) vs \(peak)")
        // One machine's share alone would be far below the pooled peak.
        let (alone, _) = try ResultStore.read(path: root + "/results/\(SyntheticCorpus.runID(0))/synthetic-alpha.segment-0-of-4.json.gz")
        #expect(Self.bruteForcePeak(alone.requests.flatMap(\.chunkTimes)) < peak)
        #expect(provider.segments?.files.map(\.shiftMicros) == Self.anchors.map { $0 - Self.anchors[1] })
        #expect(provider.totalRequests == 60)
    }

    @Test("a missing segment makes the run partial, and the page and README say which and how many requests")
    func missingSegmentIsNamed() throws {
        let root = try SiteFixture.temporaryDirectory("sharded-missing")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.writeSegments(run: 0, provider: 0, into: root + "/results", skipping: [1])
        try Self.writeSegments(run: 0, provider: 1, into: root + "/results")
        try SiteGlanceTests.generate(root: root)
        let left = (0..<60).filter { $0 % 4 == 1 }.count
        let page = Self.page(root, 0)
        #expect(page.contains("synthetic-alpha is partial: segment 1 of 4 is missing, so \(left) of 60 requests of the workload are not in its figures."), "\(page)")
        #expect(page.contains("synthetic-alpha 3 of 4"))
        #expect(page.contains("segment 1 of 4: \(left) of 60 requests not measured"), "\(page)")
        #expect(page.contains("synthetic-alpha was measured by 4 load generators (segments): gen-0.bench, gen-2.bench, gen-3.bench (the file of one is missing)."), "\(page)")
        #expect(!page.contains("synthetic-bravo is partial"))
        // Without segment 1 (the earliest), the reference is segment 3: skew 135.3 − 7.5 ms.
        #expect(page.contains("synthetic-alpha 3 of 4 127.8 ms"), "\(page)")
        let readme = SiteFixture.read(root + "/README.md")
        #expect(readme.contains("synthetic-alpha is missing segment 1 of 4 (\(left) of 60 requests)"), "\(readme)")
        #expect(!readme.contains("interrupted before the end"), "a missing segment is not an interruption")
    }

    @Test("hosts that ran several segments are named once, and a thousand segments do not list a thousand hosts")
    func hostLists() {
        func digest(_ hosts: [String], count: Int) -> SegmentsDigest {
            SegmentsDigest(
                count: count, referenceIndex: 0, startSkewMicros: 0, alignmentErrorMicros: 0,
                files: hosts.enumerated().map { i, h in
                    SegmentFileDigest(
                        index: i, host: h, clockAnchorMicros: 0, clockUncertaintyMicros: nil, shiftMicros: 0, requests: 1, partial: false,
                        rawFile: "r/x.segment-\(i)-of-\(count).json", rawBytes: 1, rawSHA256: "")
                },
                missing: (hosts.count..<count).map { MissingSegment(index: $0, requests: 1) })
        }
        #expect(SegmentWording.measuredBy(digest(["vm", "vm", "other", "vm"], count: 4)) == "measured by 4 load generators (segments): vm ×3, other")
        let many = SegmentWording.hosts(digest((0..<1000).map { "pod-\($0)" }, count: 1024))
        #expect(many == (0..<16).map { "pod-\($0)" }.joined(separator: ", ") + " and 984 more (the files of 24 are missing)")
        #expect(SegmentWording.measuredBy(digest(["solo"], count: 1)) == "measured by 1 load generator (segment): solo")
    }

    @Test("the time base's error is unknown when a machine did not report its clock's error")
    func unknownClockError() throws {
        let root = try SiteFixture.temporaryDirectory("sharded-unknown")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.writeSegments(run: 0, provider: 0, into: root + "/results", uncertainties: [1_500, 800, nil, 650])
        try SiteGlanceTests.generate(root: root)
        let page = Self.page(root, 0)
        #expect(page.contains("synthetic-alpha 4 of 4 135.3 ms unknown: the machines did not report their clocks' error none"), "\(page)")
        #expect(page.contains("time base error unknown (a machine did not report its clock's error)"), "\(page)")
        #expect(SiteFixture.read(root + "/README.md").contains("time base error unknown"))
    }
}
