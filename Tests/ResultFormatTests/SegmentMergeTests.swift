import Foundation
import Randomness
import TestSupport
import Testing

@testable import ResultFormat

/// Reading a sharded run: the segment files of a provider merged into one file on one time base.
@Suite struct SegmentMergeTests {
    static let runID = "2026-12-05T10-00-00Z"
    /// Wall-clock anchors of segments 0...3: segment 2 started first, segment 1 last (by 41.5 ms).
    static let anchors: [Int64] = [1_764_928_800_012_000, 1_764_928_800_041_500, 1_764_928_800_000_000, 1_764_928_800_003_250]
    static let uncertainties: [Int64?] = [1_500, 800, 2_000, 650]

    /// A whole run on the reference time base (the earliest anchor): requests due every 50 ms,
    /// each sent by the machine of its segment (id mod 4), so late by that machine's late start;
    /// failures, reasoning tokens and chunk token counts included.
    static func whole(requests: Int = 61) -> ResultFile {
        var rng = SplitMix64(seed: 17)
        let reference = anchors.min()!
        let records = (0..<requests).map { id -> RequestRecord in
            let scheduled = Int64(id) * 50_000
            let sent = scheduled + anchors[id % 4] - reference + Int64(rng.next() % 900)
            if id % 13 == 5 {
                return RequestRecord(
                    id: id, scheduled: scheduled, sent: sent, firstToken: nil, end: sent + 20_000, outputTokens: 0, chunkTimes: [],
                    error: RequestError(kind: .httpServer, status: 503, message: "overloaded"))
            }
            var t = sent + 150_000 + Int64(rng.next() % 200_000)
            let first = t
            var chunks: [Int64] = []
            for _ in 0..<(3 + Int(rng.next() % 12)) {
                chunks.append(t)
                t += 5_000 + Int64(rng.next() % 40_000)
            }
            return RequestRecord(
                id: id, scheduled: scheduled, sent: sent, firstToken: first, firstVisibleToken: id % 3 == 0 ? chunks[1] : nil,
                end: chunks.last! + 1_000, outputTokens: chunks.count * 2, chunkTimes: chunks,
                chunkTokens: Array(repeating: 2, count: chunks.count))
        }
        return ResultFile(
            run: RunInfo(
                id: runID, startedAt: "2026-12-05T10:00:00Z", endedAt: "2026-12-05T10:00:05Z", benchVersion: "0.2.0",
                source: .simulated, note: "built-in simulator"),
            provider: ProviderInfo(name: "Sim Fast", slug: "sim-fast", api: "openai-chat", baseURL: "http://127.0.0.1:8000/v1", model: "fast"),
            workload: WorkloadInfo(
                fingerprint: "sha256:abc", arrival: "constant 20 req/s", requestCount: requests, seed: 42, promptSource: "builtin",
                temperature: 0.7, topP: 1, maxTokens: 64, timeoutSeconds: 60),
            tokenCount: .usage, requests: records)
    }

    /// Segment `index` of `count` of `whole`, as its own machine recorded it: its requests, with
    /// the measured times on its own clock (the reference base minus its late start).
    static func segment(_ index: Int, of count: Int = 4, from whole: ResultFile) -> ResultFile {
        var file = whole
        let shift = anchors[index] - anchors.prefix(count).min()!
        file.run.segment = SegmentInfo(
            index: index, count: count, host: "bench-\(index)", clockAnchorMicros: anchors[index],
            clockUncertaintyMicros: uncertainties[index])
        file.schemaVersion = ResultFile.segmentSchemaVersion
        file.requests = whole.requests.filter { $0.id % count == index }.map { r in
            var r = r
            r.sent -= shift
            r.firstToken = r.firstToken.map { $0 - shift }
            r.firstVisibleToken = r.firstVisibleToken.map { $0 - shift }
            r.end -= shift
            r.chunkTimes = r.chunkTimes.map { $0 - shift }
            return r
        }
        return file
    }

    static func folder() throws -> String { try TemporaryFolder.make("segment-merge") }

    static func errorText(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func segmentsMergeIntoTheWholeRunShiftedByTheirAnchors() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let whole = Self.whole()
        let segments = (0..<4).map { Self.segment($0, from: whole) }
        for s in segments { try ResultStore.write(s, in: dir) }
        let run = try ResultStore.loadRun(Self.runID, in: dir)
        #expect(run.files.count == 1)
        let merged = run.files[0]
        // Every record equals the whole run's, on the reference (earliest) clock.
        #expect(merged.requests == whole.requests)
        #expect(merged.requests.map(\.id) == Array(0..<61))
        #expect(merged.run.segment == nil && !merged.run.partial)
        // Each segment's measured times moved by exactly its anchor minus the earliest; `scheduled` never.
        for s in segments {
            let shift = s.run.segment!.clockAnchorMicros - Self.anchors[2]
            for r in s.requests {
                let m = merged.requests[r.id]
                #expect(m.scheduled == r.scheduled)
                #expect(m.sent - r.sent == shift && m.end - r.end == shift)
                #expect(zip(m.chunkTimes, r.chunkTimes).allSatisfy { $0 - $1 == shift })
            }
        }
        let info = try #require(run.segments[0])
        #expect(info.count == 4 && info.missing.isEmpty && info.referenceIndex == 2)
        #expect(info.parts.map(\.info.host) == ["bench-0", "bench-1", "bench-2", "bench-3"])
        #expect(info.parts.map(\.shiftMicros) == [12_000, 41_500, 0, 3_250])
        #expect(info.parts.map(\.relativePath) == (0..<4).map { "\(Self.runID)/sim-fast.segment-\($0)-of-4.json.gz" })
        #expect(info.parts.map(\.requestCount) == [16, 15, 15, 15])
        #expect(run.relativePaths == [info.parts[0].relativePath])
        #expect(run.byteCounts[0] == info.parts.reduce(0) { $0 + $1.byteCount })
        #expect(info.startSkewMicros == 41_500)
        // Reference is segment 2 (2,000 µs); the worst other clock is segment 0 (1,500 µs).
        #expect(info.alignmentErrorMicros == 3_500)
        #expect(run.segments(of: "sim-fast") == info)
    }

    @Test func theAlignmentErrorIsUnknownWhenAClockDidNotSayItsError() {
        func part(_ i: Int, _ anchor: Int64, _ u: Int64?) -> MergedSegments.Part {
            MergedSegments.Part(
                info: SegmentInfo(index: i, count: 3, host: "h\(i)", clockAnchorMicros: anchor, clockUncertaintyMicros: u),
                relativePath: "r/x.segment-\(i)-of-3.json", byteCount: 1, requestCount: 1, partial: false, shiftMicros: anchor - 100)
        }
        let known = MergedSegments(
            count: 3, parts: [part(0, 100, 5_000), part(1, 900, 200), part(2, 400, 7_000)], missing: [], referenceAnchorMicros: 100,
            referenceIndex: 0)
        #expect(known.alignmentErrorMicros == 12_000)
        #expect(known.startSkewMicros == 800)
        var unknown = known
        unknown.parts[1].info.clockUncertaintyMicros = nil
        #expect(unknown.alignmentErrorMicros == nil)
        let alone = MergedSegments(count: 3, parts: [part(0, 100, 5_000)], missing: [], referenceAnchorMicros: 100, referenceIndex: 0)
        #expect(alone.alignmentErrorMicros == 0 && alone.startSkewMicros == 0)
    }

    @Test func aMissingSegmentMakesThePartialRunSayWhich() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let whole = Self.whole()
        for i in [0, 2] { try ResultStore.write(Self.segment(i, from: whole), in: dir) }
        let run = try ResultStore.loadRun(Self.runID, in: dir)
        let merged = run.files[0]
        #expect(merged.run.partial)
        #expect(merged.requests.map(\.id) == whole.requests.map(\.id).filter { $0 % 2 == 0 })
        let info = try #require(run.segments[0])
        // Counted directly: ids below 61 with id mod 4 = 1 and = 3.
        let expected = [1, 3].map { i in MergedSegments.Missing(index: i, requestCount: (0..<61).filter { $0 % 4 == i }.count) }
        #expect(info.missing == expected)
        #expect(info.missingRequestCount == 30)
        // The reference is still the earliest of the segments read (segment 2).
        #expect(merged.requests == whole.requests.filter { $0.id % 2 == 0 })
    }

    @Test func aPartialSegmentMakesTheMergedFilePartial() throws {
        let whole = Self.whole()
        var inputs = (0..<4).map { i in
            SegmentMerge.Input(path: "p\(i)", relativePath: "r/p\(i)", file: Self.segment(i, from: whole), byteCount: 10)
        }
        inputs[3].file.run.partial = true
        let (merged, info) = try SegmentMerge.merge(inputs)
        #expect(merged.run.partial && info.isPartial && info.missing.isEmpty)
    }

    @Test func selfChecksAddUpAndKeepEveryWarning() throws {
        let whole = Self.whole()
        var inputs = (0..<2).map { i in
            SegmentMerge.Input(path: "p\(i)", relativePath: "r/p\(i)", file: Self.segment(i, of: 2, from: whole), byteCount: 10)
        }
        inputs[0].file.selfCheck = SelfCheck(
            offeredRate: 10, achievedRate: 9.5, launchLagP50Micros: 300, launchLagP99Micros: 4_000, clientCPUSeconds: 2,
            wallSeconds: 60, cpuStealSeconds: 0.5, warnings: [])
        inputs[1].file.selfCheck = SelfCheck(
            offeredRate: 10, achievedRate: 8, launchLagP50Micros: 900, launchLagP99Micros: 2_000, clientCPUSeconds: 3,
            wallSeconds: 61, cpuStealSeconds: 0.25, warnings: ["launch lag p99 high"])
        let check = try #require(try SegmentMerge.merge(inputs).0.selfCheck)
        #expect(check.offeredRate == 20 && check.achievedRate == 17.5)
        #expect(check.launchLagP50Micros == 900 && check.launchLagP99Micros == 4_000)
        #expect(check.clientCPUSeconds == 5 && check.wallSeconds == 61 && check.cpuStealSeconds == 0.75)
        #expect(check.warnings == ["segment 1 (bench-1): launch lag p99 high"])
    }

    @Test func segmentsOfDifferentWorkloadsAreRefused() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let whole = Self.whole()
        for i in 0..<4 {
            var s = Self.segment(i, from: whole)
            if i == 3 { s.workload.fingerprint = "sha256:other" }
            try ResultStore.write(s, in: dir)
        }
        let text = Self.errorText { _ = try ResultStore.loadRun(Self.runID, in: dir) }
        #expect(text.contains("sim-fast.segment-3-of-4.json.gz: field 'workload.fingerprint'"), "\(text)")
        #expect(text.contains("sim-fast.segment-0-of-4.json.gz"), "names the other file: \(text)")
    }

    @Test func segmentsCutDifferentlyAreRefused() throws {
        let whole = Self.whole()
        let inputs = [
            SegmentMerge.Input(path: "a", relativePath: "r/a", file: Self.segment(0, of: 2, from: whole), byteCount: 1),
            SegmentMerge.Input(path: "b", relativePath: "r/b", file: Self.segment(1, of: 4, from: whole), byteCount: 1),
        ]
        let text = Self.errorText { _ = try SegmentMerge.merge(inputs) }
        #expect(text.contains("b: field 'run.segment.count': 4 segments differs from 2 in r/a"), "\(text)")
    }

    @Test func aRequestOfAnotherSegmentIsRefused() throws {
        var file = Self.segment(1, from: Self.whole())
        file.requests[2].id = 10
        let text = Self.errorText {
            _ = try SegmentMerge.merge([SegmentMerge.Input(path: "x", relativePath: "r/x", file: file, byteCount: 1)])
        }
        #expect(text.contains("x: field 'requests[2].id': request 10 does not belong to segment 1 of 4"), "\(text)")
    }

    @Test func aFileNameMustMatchItsSegment() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let whole = Self.whole()
        let path = try ResultStore.write(Self.segment(1, from: whole), in: dir)
        // Renamed to another segment's name.
        let renamed = dir + "/" + Self.runID + "/sim-fast.segment-2-of-4.json.gz"
        try FileManager.default.moveItem(atPath: path, toPath: renamed)
        var text = Self.errorText { _ = try ResultStore.loadRun(Self.runID, in: dir) }
        #expect(text.contains("sim-fast.segment-2-of-4.json.gz: field 'run.segment': the file records segment 1 of 4, but its name says segment 2 of 4"), "\(text)")
        // Renamed to the name of an unsegmented file.
        try FileManager.default.moveItem(atPath: renamed, toPath: dir + "/" + Self.runID + "/sim-fast.json.gz")
        text = Self.errorText { _ = try ResultStore.loadRun(Self.runID, in: dir) }
        #expect(text.contains("sim-fast.json.gz: field 'run.segment': the file records segment 1 of 4, but its name has no '.segment-1-of-4'"), "\(text)")
        // An unsegmented file under a segment's name.
        try FileManager.default.removeItem(atPath: dir + "/" + Self.runID + "/sim-fast.json.gz")
        try ResultStore.write(whole, in: dir)
        try FileManager.default.moveItem(
            atPath: dir + "/" + Self.runID + "/sim-fast.json.gz", toPath: dir + "/" + Self.runID + "/sim-fast.segment-0-of-4.json.gz")
        text = Self.errorText { _ = try ResultStore.loadRun(Self.runID, in: dir) }
        #expect(text.contains("field 'run.segment': the file name says segment 0 of 4, but the file records no segment"), "\(text)")
    }

    @Test func aSegmentTwiceIsRefused() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let whole = Self.whole()
        try ResultStore.write(Self.segment(0, from: whole), in: dir)
        try ResultStore.write(Self.segment(0, from: whole), in: dir, compressed: false)
        try ResultStore.write(Self.segment(1, from: whole), in: dir)
        let text = Self.errorText { _ = try ResultStore.loadRun(Self.runID, in: dir) }
        #expect(text.contains("field 'run.segment.index': segment 0 is also in \(Self.runID)/sim-fast.segment-0-of-4.json"), "\(text)")
    }

    @Test func aProviderHasOneFileOrSegmentsNotBoth() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let whole = Self.whole()
        try ResultStore.write(whole, in: dir)
        try ResultStore.write(Self.segment(2, from: whole), in: dir)
        let text = Self.errorText { _ = try ResultStore.loadRun(Self.runID, in: dir) }
        #expect(text.contains("sim-fast.segment-2-of-4.json.gz: field 'run.segment': provider 'sim-fast' also has the file of a run on one machine"), "\(text)")
        #expect(text.contains("/sim-fast.json.gz; a provider has either one file or segment files"), "\(text)")
    }

    @Test func aStartSoLateThatTimesPassTheLimitIsRefused() throws {
        let whole = Self.whole()
        var late = Self.segment(1, of: 2, from: whole)
        late.run.segment!.clockAnchorMicros += 3_600_000_000
        let inputs = [
            SegmentMerge.Input(path: "a", relativePath: "r/a", file: Self.segment(0, of: 2, from: whole), byteCount: 1),
            SegmentMerge.Input(path: "b", relativePath: "r/b", file: late, byteCount: 1),
        ]
        let text = Self.errorText { _ = try SegmentMerge.merge(inputs, limits: ResultLimits(maxRunMicros: 3_600_000_000)) }
        #expect(text.contains("b: field 'run.segment.clock_anchor_us'") && text.contains("past the limit of 1 h"), "\(text)")
        #expect(throws: Never.self) { _ = try SegmentMerge.merge(inputs) }
    }

    @Test func unsegmentedRunsLoadAsBefore() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let whole = Self.whole()
        try ResultStore.write(whole, in: dir)
        let run = try ResultStore.loadRun(Self.runID, in: dir)
        #expect(run.files == [whole] && run.segments == [nil])
        #expect(run.relativePaths == ["\(Self.runID)/sim-fast.json.gz"])
    }
}
