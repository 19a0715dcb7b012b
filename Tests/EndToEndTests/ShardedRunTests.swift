import Foundation
import ResultFormat
import Testing
import TestSupport

/// A run cut into 4 segments, run as 4 separate `bench` processes (each with its own wall-clock
/// error injected) against one simulator, then merged by `sitegen`: the merged run has exactly the
/// unsegmented run's requests and schedule, its statistics are within noise of an unsegmented run
/// on the same simulator, and each segment's clock error shows up where it should (as launch lag
/// relative to the earliest clock), not as lost or doubled requests.
@Suite(.serialized, .tags(.slow)) struct ShardedRunTests {
    typealias E2E = NewLeaderboardTests

    /// One row of `sitegen export`.
    struct Row {
        var requestID: Int
        var ok: Bool
        var sent: Double
        var launchLagMs: Double
        var ttft: Double?
        var itl: Double?
        var scheduled: Double { sent - launchLagMs / 1_000 }
    }

    static func rows(csv path: String) throws -> [Row] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "export has no \(name) column") }
        let (id, outcome, sent, lag, ttft, itl) = (
            try column("request_id"), try column("outcome"), try column("sent_s"), try column("launch_lag_ms"),
            try column("ttft_s"), try column("itl_ms"))
        return try lines.dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Row(
                requestID: try #require(Int(f[id])), ok: f[outcome] == "ok", sent: try #require(Double(f[sent])),
                launchLagMs: try #require(Double(f[lag])), ttft: Double(f[ttft]), itl: Double(f[itl]))
        }
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        let h = Double(s.count - 1) / 2
        return (s[Int(h.rounded(.down))] + s[Int(h.rounded(.up))]) / 2
    }

    @Test(.enabled(if: E2E.runnable, "build bench and sitegen first (swift build)"))
    func fourSegmentsMergeIntoTheUnsegmentedRun() async throws {
        let bin = try #require(E2E.binaries, "bench and sitegen are not built (swift build)")
        let bench = bin + "/bench", sitegen = bin + "/sitegen"
        let root = try TemporaryFolder.make("sharded-run")
        let (simulator, port) = try await E2E.startSimulator(bench, log: root + "/simulator.log")
        defer { simulator.terminate() }
        try """
            workload:
              seed: 7
              arrival: {kind: constant, rate: 20, duration_s: 6}
              max_tokens: 24
              timeout_s: 60
            providers:
              - name: Sim
                api: openai-chat
                base_url: http://127.0.0.1:\(port)/steady/v1
                model: m
                source: simulated
            """.write(toFile: root + "/bench.yaml", atomically: true, encoding: .utf8)

        // The same workload on one machine.
        let (singleStatus, singleOutput) = try await E2E.run(bench, ["--config", "bench.yaml", "--results", "single", "--quiet"], in: root)
        #expect(singleStatus == 0, "\(singleOutput)")

        // Four segments, each its own process, starting together, each clock off by its own amount.
        let offsets: [Int64] = [0, 20_000, -15_000, 5_000]
        let start = Date().addingTimeInterval(4)
        let formatter = ISO8601DateFormatter()
        let startAt = formatter.string(from: start)
        let runID = "sharded-test"
        var processes: [(Process, String)] = []
        for (i, offset) in offsets.enumerated() {
            let log = root + "/segment-\(i).log"
            let arguments = ["--config", "bench.yaml", "--results", "sharded", "--segment", "\(i)/4", "--start-at", startAt, "--run-id", runID, "--quiet"]
            let environment = ["BENCH_CLOCK_OFFSET_US": String(offset), "HOSTNAME": "loadgen-\(i)"]
            processes.append((try E2E.launch(bench, arguments, in: root, environment: environment, log: log), log))
        }
        for (p, log) in processes {
            await p.exited()
            #expect(p.terminationStatus == 0, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: "\(root)/sharded/\(runID)").filter { $0.hasSuffix(".json.gz") }.sorted()
        #expect(names == (0..<4).map { "sim.segment-\($0)-of-4.json.gz" })

        // Merged by sitegen: same request ids and schedule as the single run.
        for folder in ["single", "sharded"] {
            let (status, output) = try await E2E.run(sitegen, ["export", "--results", folder, "--output", "\(folder).csv"], in: root)
            #expect(status == 0, "\(output)")
        }
        let single = try Self.rows(csv: root + "/single.csv")
        let merged = try Self.rows(csv: root + "/sharded.csv")
        #expect(single.count == 120)
        #expect(merged.map(\.requestID) == single.map(\.requestID))
        for (m, s) in zip(merged, single) {
            #expect(abs(m.scheduled - s.scheduled) < 2e-6, "request \(m.requestID): scheduled \(m.scheduled) vs \(s.scheduled)")
        }
        #expect(merged.allSatisfy(\.ok) && single.allSatisfy(\.ok))

        // The merge puts each segment on the earliest clock: its requests' launch lag grows by exactly
        // its anchor's distance from the earliest anchor (each anchor carries the injected clock
        // error, plus however much later the process really started, which depends on the machine's
        // load; SegmentTests checks the injection itself).
        let segmentFiles = try (0..<4).map { i in try ResultStore.read(path: "\(root)/sharded/\(runID)/sim.segment-\(i)-of-4.json.gz").0 }
        let anchors = try segmentFiles.map { try #require($0.run.segment).clockAnchorMicros }
        let own = segmentFiles.map { $0.requests.map { Double($0.sent - $0.scheduled) / 1_000 } }
        for i in 0..<4 {
            let lags = merged.filter { $0.requestID % 4 == i }.map(\.launchLagMs)
            let expected = Self.median(own[i]) + Double(anchors[i] - anchors.min()!) / 1_000
            #expect(abs(Self.median(lags) - expected) < 0.01, "segment \(i): merged launch lag \(Self.median(lags)) ms, expected \(expected) ms")
        }

        // Statistics within noise of the single run (same simulator profile, same requests).
        for (name, pick) in [("TTFT", { (r: Row) in r.ttft }), ("ITL", { (r: Row) in r.itl })] as [(String, (Row) -> Double?)] {
            let a = Self.median(single.compactMap(pick)), b = Self.median(merged.compactMap(pick))
            #expect(abs(b - a) / a < 0.25, "\(name) median: single \(a), merged \(b)")
        }

        // The site shows the run as one run measured by 4 load generators.
        let (siteStatus, siteOutput) = try await E2E.run(
            sitegen, ["--results", "sharded", "--no-readme", "--output", "board.md", "--charts", "charts", "--site", "site"], in: root)
        #expect(siteStatus == 0, "\(siteOutput)")
        let runPage = try String(contentsOfFile: "\(root)/site/runs/\(runID).html", encoding: .utf8)
        for host in (0..<4).map({ "loadgen-\($0)" }) { #expect(runPage.contains(host), "run page lacks \(host)") }
    }
}
