import TestSupport
import Foundation
import ResultFormat
import Simulator
import Testing
@testable import Bench

/// `bench --segment I/N`: the share of the workload, its options from flags and environment, the
/// agreed start, the wall-clock anchor and the segment's files.
@Suite struct SegmentTests {
    static let poisson = WorkloadConfiguration(arrival: .poisson(rate: 20, duration: 30), seed: 11, maxTokens: 32)

    @Test(arguments: [1, 2, 3, 4, 7, 1024])
    func segmentsTogetherAreExactlyTheWholeWorkloadAndDisjoint(_ count: Int) throws {
        let whole = try Workload(Self.poisson)
        #expect(whole.requests.count > 500)
        var union: [PlannedRequest] = []
        var seen = Set<Int>()
        for index in 0..<count {
            let share = whole.restricted(to: try Segment(index: index, count: count))
            // Worked out apart from `contains`: index, index + N, index + 2N, ...
            #expect(share.requests.map(\.id) == Array(stride(from: index, to: whole.requests.count, by: count)))
            for r in share.requests { #expect(seen.insert(r.id).inserted, "request \(r.id) in two segments") }
            #expect(share.fingerprint == whole.fingerprint)
            #expect(share.info == whole.info, "the workload block describes the whole workload in every segment")
            #expect(share.wholeRequestCount == whole.requests.count)
            union += share.requests
        }
        // Same ids, due times, prompts and prompt positions as the unsegmented run.
        #expect(union.sorted { $0.id < $1.id } == whole.requests)
    }

    @Test func theFingerprintDoesNotDependOnTheSegment() throws {
        let whole = try Workload(Self.poisson)
        let rebuilt = try Workload(Self.poisson)
        #expect(whole.restricted(to: try Segment(index: 1, count: 3)).fingerprint == rebuilt.fingerprint)
        var other = Self.poisson
        other.seed = 12
        #expect(try Workload(other).fingerprint != whole.fingerprint)
    }

    @Test func segmentsParseAsIOverN() throws {
        #expect(try Segment.parse("2/4") == Segment(index: 2, count: 4))
        #expect(try Segment.parse("0/1") == Segment(index: 0, count: 1))
        #expect(try Segment.parse("1023/1024") == Segment(index: 1023, count: 1024))
        for bad in ["4/4", "5/4", "-1/4", "1/0", "0/1025", "a/b", "2", "2/4/8", "/4", "2/", "+1/4", "1.0/4", ""] {
            #expect(throws: ConfigurationError.self, "\(bad)") { try Segment.parse(bad) }
        }
        let error = #expect(throws: ConfigurationError.self) { try Segment.parse("4/4") }
        #expect(error?.description == "--segment: the segment index 4 is not between 0 and 3 (segments are numbered from 0)")
        #expect(Segment(index: 2, count: 4, unchecked: ()).description == "segment 2 of 4")
    }

    @Test func theFlagWinsOverTheEnvironmentAndEachEnvironmentFormWorks() throws {
        func resolve(_ flag: String? = nil, _ env: [String: String]) throws -> Segment? {
            try RunCoordination.resolve(segment: flag, runID: "r", startAt: nil, environment: env).segment
        }
        #expect(try resolve(nil, [:]) == nil)
        #expect(try resolve(nil, ["BENCH_SEGMENT": "1/3"]) == Segment(index: 1, count: 3))
        #expect(try resolve(nil, ["JOB_COMPLETION_INDEX": "2", "BENCH_SEGMENTS": "5"]) == Segment(index: 2, count: 5))
        #expect(try resolve("0/2", ["BENCH_SEGMENT": "1/3", "JOB_COMPLETION_INDEX": "2", "BENCH_SEGMENTS": "5"]) == Segment(index: 0, count: 2))
        #expect(try resolve(nil, ["BENCH_SEGMENT": "1/3", "JOB_COMPLETION_INDEX": "2", "BENCH_SEGMENTS": "5"]) == Segment(index: 1, count: 3))
        // An Indexed Job used for something else (no BENCH_SEGMENTS) does not cut the workload.
        #expect(try resolve(nil, ["JOB_COMPLETION_INDEX": "2"]) == nil)
        #expect(try resolve(nil, ["BENCH_SEGMENT": ""]) == nil)
        let missing = #expect(throws: ConfigurationError.self) { try resolve(nil, ["BENCH_SEGMENTS": "4"]) }
        #expect(missing?.field == "BENCH_SEGMENTS")
        let tooHigh = #expect(throws: ConfigurationError.self) { try resolve(nil, ["JOB_COMPLETION_INDEX": "4", "BENCH_SEGMENTS": "4"]) }
        #expect(tooHigh?.field == "JOB_COMPLETION_INDEX/BENCH_SEGMENTS")
        #expect(throws: ConfigurationError.self) { try resolve(nil, ["BENCH_SEGMENT": "x"]) }
    }

    @Test func runIDAndStartComeFromFlagsOrTheEnvironment() throws {
        let env = ["BENCH_RUN_ID": "from-env", "BENCH_START_AT": "2026-12-05T16:00:00Z"]
        let fromEnv = try RunCoordination.resolve(segment: nil, runID: nil, startAt: nil, environment: env)
        #expect(fromEnv.runID == "from-env")
        #expect(fromEnv.startAt == Date(timeIntervalSince1970: 1_796_486_400))  // date -d 2026-12-05T16:00:00Z +%s
        let fromFlags = try RunCoordination.resolve(segment: nil, runID: "flag", startAt: "2026-12-05T16:00:30.5Z", environment: env)
        #expect(fromFlags.runID == "flag")
        #expect(fromFlags.startAt == Date(timeIntervalSince1970: 1_796_486_430.5))
        #expect(try RunCoordination.resolve(segment: nil, runID: nil, startAt: "2026-12-05T17:00:00+01:00", environment: [:]).startAt
                == Date(timeIntervalSince1970: 1_796_486_400))
        for bad in ["2026-12-05 16:00", "tomorrow", "2026-12-05T16:00:00"] {
            #expect(throws: ConfigurationError.self, "\(bad)") {
                try RunCoordination.resolve(segment: nil, runID: nil, startAt: bad, environment: [:])
            }
        }
        for bad in ["../x", "a/b", ".hidden", "", "has space"] {
            #expect(throws: ConfigurationError.self, "\(bad)") {
                try RunCoordination.resolve(segment: nil, runID: bad.isEmpty ? "." : bad, startAt: nil, environment: [:])
            }
        }
    }

    @Test func aSegmentedRunNeedsARunIDOrAStartTime() throws {
        let segment = try Segment(index: 1, count: 4)
        let error = #expect(throws: ConfigurationError.self) { try RunCoordination(segment: segment).fixedRunID() }
        #expect(error?.message.contains("needs --run-id or --start-at") == true)
        #expect(error?.message.contains("same results/<run-id>/ folder") == true)
        #expect(try RunCoordination(segment: segment, runID: "r1").fixedRunID() == "r1")
        let start = Date(timeIntervalSince1970: 1_796_486_400)
        #expect(try RunCoordination(segment: segment, startAt: start).fixedRunID() == "2026-12-05T16-00-00Z")
        #expect(try RunCoordination(segment: segment, runID: "r1", startAt: start).fixedRunID() == "r1")
        #expect(try RunCoordination().fixedRunID() == nil)
    }

    @Test func aStartAFewSecondsAheadIsWaitedFor() async throws {
        let start = Date().addingTimeInterval(1.5)
        let late = try await StartTime.wait(until: start, console: Console(quiet: true))
        let now = Date()
        #expect(late == 0)
        #expect(now >= start, "returned \(start.timeIntervalSince(now)) s early")
        // Never early is the behaviour; how soon after it returns depends on the machine (a full
        // test run on 2 cores once resumed the sleeping task 37 s late), so only a hang fails here.
        #expect(now.timeIntervalSince(start) < 300, "returned \(now.timeIntervalSince(start)) s late")
    }

    @Test func aStartInThePastIsTakenAtOnceUpToFiveMinutesThenRefused() async throws {
        let recent = Date().addingTimeInterval(-30)
        let late = try await StartTime.wait(until: recent, console: Console(quiet: true))
        #expect(late >= 30 && late < 35)
        let stale = Date().addingTimeInterval(-301)
        let error = await #expect(throws: ConfigurationError.self) { try await StartTime.wait(until: stale, console: Console(quiet: true)) }
        #expect(error?.field == "--start-at")
        #expect(error?.message.contains("in the past (more than 5 minutes)") == true)
        #expect(throws: Never.self) { try StartTime.check(Date().addingTimeInterval(-299)) }
    }

    @Test func theClockUncertaintyIsUnknownOrNotNegative() {
        for _ in 0..<3 {
            if let e = WallClockAnchor.clockUncertaintyMicros() { #expect(e >= 0) }
        }
    }

    @Test func theAnchorIsTheWallClockAtTheZeroPlusTheOffsetVariable() throws {
        let before = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))
        let (clock, wall) = WallClockAnchor.start()
        let after = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.up))
        #expect(wall >= before - 1 && wall <= after + 1)
        #expect(clock.now() >= 0 && clock.now() < 1_000_000)
        let segment = try Segment(index: 3, count: 8)
        let plain = try WallClockAnchor.segmentInfo(segment, anchorMicros: wall, environment: ["HOSTNAME": "pod-3"])
        #expect(plain == SegmentInfo(
            index: 3, count: 8, host: "pod-3", clockAnchorMicros: wall, clockUncertaintyMicros: plain.clockUncertaintyMicros))
        let ahead = try WallClockAnchor.segmentInfo(segment, anchorMicros: wall, environment: ["BENCH_CLOCK_OFFSET_US": "250000"])
        #expect(ahead.clockAnchorMicros == wall + 250_000)
        let behind = try WallClockAnchor.segmentInfo(segment, anchorMicros: wall, environment: ["BENCH_CLOCK_OFFSET_US": "-7"])
        #expect(behind.clockAnchorMicros == wall - 7)
        #expect(!behind.host.isEmpty)
        #expect(throws: ConfigurationError.self) {
            try WallClockAnchor.segmentInfo(segment, anchorMicros: wall, environment: ["BENCH_CLOCK_OFFSET_US": "1.5"])
        }
        #expect(WallClockAnchor.hostName(environment: ["HOSTNAME": "pod\u{202E}-1\n"]) == "pod-1")
    }

    @Test func theSummaryLineNamesTheSegment() throws {
        #expect(RunSummary.segmentLine(try Segment(index: 2, count: 4), requests: 300, of: 1_200) == "segment 2 of 4: 300 of 1,200 requests")
        #expect(RunSummary.grouped(1_234_567) == "1,234,567")
        #expect(RunSummary.grouped(999) == "999")
    }

    @Test func aSegmentsJournalIsNamedForItAndRecoveredIntoItsSegmentFile() throws {
        let dir = try TemporaryFolder.make("bench-segment-journal")
        let runID = "2026-12-05T16-00-00Z"
        let runDir = dir + "/" + runID
        try FileManager.default.createDirectory(atPath: runDir, withIntermediateDirectories: true)
        var header = JournalTests.header(runID: runID)
        let info = SegmentInfo(index: 1, count: 4, host: "pod-1", clockAnchorMicros: 1_796_486_400_000_123, clockUncertaintyMicros: 500)
        header.run.segment = info
        let path = JournalWriter.path(runDirectory: runDir, slug: "p-one", segment: info)
        #expect(path == runDir + "/p-one.segment-1-of-4.journal.jsonl")
        let journal = try JournalWriter(path: path, header: header)
        try journal.append(JournalTests.record(1))
        try journal.append(JournalTests.record(5))
        journal.close()
        // Another segment's finished file does not finalise this one's journal.
        var other = header
        other.run.segment = SegmentInfo(index: 0, count: 4, host: "pod-0", clockAnchorMicros: 1_796_486_400_000_000)
        other.run.partial = false
        other.requests = [JournalTests.record(0)]
        try ResultStore.write(other, in: dir)
        let scan = try ResultStore.scanRuns(in: dir)
        #expect(scan.unfinished == [UnfinishedRun(runID: runID, slugs: ["p-one.segment-1-of-4"], hasResults: true)])

        let recovered = JournalRecovery.recoverAll(in: dir)
        #expect(recovered.count == 1)
        #expect(recovered.first?.resultPath == runDir + "/p-one.segment-1-of-4.json.gz")
        #expect(recovered.first?.keptBecause == nil)
        let (file, _) = try ResultStore.read(path: runDir + "/p-one.segment-1-of-4.json.gz")
        #expect(file.run.segment == info)
        #expect(file.run.partial)
        #expect(file.requests.map(\.id) == [1, 5])
        #expect(try ResultStore.scanRuns(in: dir).unfinished.isEmpty)
    }
}

extension Segment {
    /// For tests that need a segment without `try`.
    init(index: Int, count: Int, unchecked: Void) {
        self = try! Segment(index: index, count: count)
    }
}

/// A segment run against the built-in simulator, in process.
@Suite(.serialized, .tags(.slow)) struct SegmentRunTests {
    static func configuration(simulator: RunningSimulator, results: String, coordination: RunCoordination) -> BenchConfiguration {
        BenchConfiguration(
            providers: ["fast", "steady"].map { profile in
                ProviderConfiguration(
                    name: "t-\(profile)", api: "openai-chat", baseURL: simulator.baseURL(profile: profile), model: "m",
                    source: .simulated, note: "test")
            },
            workload: WorkloadConfiguration(
                arrival: .constant(rate: 20, duration: 1), seed: 3, maxTokens: 8, timeoutSeconds: 30, stallTimeoutSeconds: 10),
            resultsDirectory: results, parallelProviders: true, coordination: coordination)
    }

    @Test func segmentsWriteTheirOwnFilesWithTheirSegmentIntoOneRunFolder() async throws {
        let sim = try await SimulatedEndpoint.start(SimulatorConfiguration(port: 0, seed: 7))
        defer { Task { await sim.shutdown() } }
        let results = try TemporaryFolder.make("bench-segment-run")
        let start = Date().addingTimeInterval(1.2)
        let whole = try Workload(Self.configuration(simulator: sim, results: results, coordination: RunCoordination()).workload)
        var ids: [String: [Int]] = [:]
        for index in [2, 0, 1] {
            let coordination = RunCoordination(segment: try Segment(index: index, count: 3), startAt: start)
            let config = Self.configuration(simulator: sim, results: results, coordination: coordination)
            let wallBefore = WallClockAnchor.wallMicros()
            let report = try await BenchRun.execute(
                config, console: Console(quiet: true),
                environment: ["HOSTNAME": "pod-\(index)", "BENCH_CLOCK_OFFSET_US": String(index * 1_000_000)], trapSignals: false)
            let wallAfter = WallClockAnchor.wallMicros()
            #expect(report.runID == Timestamps.runID(start))
            #expect(report.segment == Segment(index: index, count: 3, unchecked: ()))
            let share = whole.requests.filter { $0.id % 3 == index }.count  // 7, 7, 6 of 20
            #expect(report.summary.hasPrefix("segment \(index) of 3: \(share) of \(whole.requests.count) requests\n"))
            #expect(report.results.count == 2)
            for result in report.results {
                let file = result.file
                #expect(result.path == "\(results)/\(report.runID)/\(file.provider.slug).segment-\(index)-of-3.json.gz")
                let (onDisk, _) = try ResultStore.read(path: result.path)
                let segment = try #require(onDisk.run.segment)
                #expect(segment.index == index && segment.count == 3 && segment.host == "pod-\(index)")
                // The anchor is the wall clock at the zero (after the agreed start), plus the offset.
                let anchor = segment.clockAnchorMicros - Int64(index) * 1_000_000
                #expect(anchor >= wallBefore && anchor <= wallAfter)
                if index == 2 { #expect(anchor >= Int64((start.timeIntervalSince1970 * 1_000_000).rounded(.down))) }
                if let e = segment.clockUncertaintyMicros { #expect(e >= 0) }
                // Segment 2 ran first and waited for the start; 0 and 1 started after it, late.
                let late = onDisk.selfCheck?.warnings.contains { $0.hasPrefix("this segment started ") && $0.contains("after the run's start time") }
                #expect(late == (index != 2), "\(onDisk.selfCheck?.warnings ?? [])")
                #expect(onDisk.workload.fingerprint == whole.fingerprint)
                #expect(onDisk.workload.requestCount == whole.requests.count)
                #expect(onDisk.requests.filter { !$0.succeeded }.isEmpty, "\(onDisk.requests.compactMap(\.error))")
                #expect(onDisk.requests.map(\.scheduled) == whole.requests.filter { $0.id % 3 == index }.map(\.offsetMicros))
                ids[file.provider.slug, default: []] += onDisk.requests.map(\.id)
                #expect(!FileManager.default.fileExists(atPath: JournalWriter.path(
                    runDirectory: results + "/" + report.runID, slug: file.provider.slug, segment: segment)))
            }
        }
        for (slug, seen) in ids { #expect(seen.sorted() == Array(0..<whole.requests.count), "\(slug)") }

        // Running a segment again into the same run refuses before sending anything.
        let again = Self.configuration(
            simulator: sim, results: results, coordination: RunCoordination(segment: try Segment(index: 1, count: 3), runID: Timestamps.runID(start)))
        let error = await #expect(throws: ConfigurationError.self) {
            try await BenchRun.execute(again, console: Console(quiet: true), environment: [:], trapSignals: false)
        }
        #expect(error?.message.contains("t-fast.segment-1-of-3.json.gz exists already: segment 1 of 3 of t-fast") == true)
    }

    /// Pods split by provider and by segment at once: `--providers` picks, `--segment` cuts.
    @Test func providerSelectionWorksWithSegments() async throws {
        let sim = try await SimulatedEndpoint.start(SimulatorConfiguration(port: 0, seed: 7))
        defer { Task { await sim.shutdown() } }
        let results = try TemporaryFolder.make("bench-segment-run")
        var config = Self.configuration(
            simulator: sim, results: results, coordination: RunCoordination(segment: try Segment(index: 0, count: 2), runID: "split"))
        config = try config.selecting(["t-steady"])
        let report = try await BenchRun.execute(config, console: Console(quiet: true), environment: [:], trapSignals: false)
        #expect(report.results.map(\.path) == ["\(results)/split/t-steady.segment-0-of-2.json.gz"])
        #expect(report.results.first?.file.requests.map(\.id) == Array(stride(from: 0, to: 20, by: 2)))
        // The other provider's pod writes the same segment of its own provider into the same folder.
        config = try Self.configuration(
            simulator: sim, results: results, coordination: RunCoordination(segment: try Segment(index: 0, count: 2), runID: "split")
        ).selecting(["t-fast"])
        let other = try await BenchRun.execute(config, console: Console(quiet: true), environment: [:], trapSignals: false)
        #expect(other.results.map(\.path) == ["\(results)/split/t-fast.segment-0-of-2.json.gz"])
    }

    @Test func anUnsegmentedRunKeepsItsFileNameAndFormat() async throws {
        let sim = try await SimulatedEndpoint.start(SimulatorConfiguration(port: 0, seed: 7))
        defer { Task { await sim.shutdown() } }
        let results = try TemporaryFolder.make("bench-segment-run")
        let config = Self.configuration(simulator: sim, results: results, coordination: RunCoordination(runID: "fixed"))
        let report = try await BenchRun.execute(config, console: Console(quiet: true), environment: [:], trapSignals: false)
        #expect(report.runID == "fixed" && report.segment == nil)
        #expect(report.results.map(\.path).sorted() == ["\(results)/fixed/t-fast.json.gz", "\(results)/fixed/t-steady.json.gz"])
        let bytes = try Gzip.decompress(try FileBytes.read(results + "/fixed/t-fast.json.gz", limit: 1 << 30))
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"schema_version\": \"2.1\""))
        #expect(report.results.allSatisfy { $0.file.run.segment == nil })
    }
}
