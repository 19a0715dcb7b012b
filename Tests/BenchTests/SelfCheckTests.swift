import Testing
import ResultFormat
@testable import Bench

/// The bench's check of its own timing, including the host's CPU steal.
@Suite struct SelfCheckTests {
    static func records(_ n: Int) -> [RequestRecord] {
        (0..<n).map { i in
            RequestRecord(id: i, scheduled: Int64(i) * 100_000, sent: Int64(i) * 100_000 + 200, firstToken: nil,
                          end: Int64(i) * 100_000 + 50_000, outputTokens: 0, chunkTimes: [])
        }
    }

    @Test func stealAboveFivePercentOfTheMachinesCPUTimeMakesTheRunSuspect() {
        // 20 s on 2 cores = 40 CPU-seconds; 5 % of that is 2 s.
        let high = SelfCheckBuilder.build(records: Self.records(50), cpuSeconds: 1, wallSeconds: 20, cores: 2, closedLoop: false,
                                          stealSeconds: 2.5)
        #expect(high.cpuStealSeconds == 2.5)
        #expect(high.isSuspect)
        #expect(high.warnings.first?.contains("took 2.5 s of its CPU time during the run (steal, 6.2 % of 2 cores over 20.0 s)") == true,
                "\(high.warnings)")
        let low = SelfCheckBuilder.build(records: Self.records(50), cpuSeconds: 1, wallSeconds: 20, cores: 2, closedLoop: false,
                                         stealSeconds: 1.5)
        #expect(low.cpuStealSeconds == 1.5 && !low.isSuspect, "\(low.warnings)")
        let unknown = SelfCheckBuilder.build(records: Self.records(50), cpuSeconds: 1, wallSeconds: 20, cores: 2, closedLoop: false)
        #expect(unknown.cpuStealSeconds == nil && !unknown.isSuspect)
    }

    /// Successful requests with the given chunk times (µs).
    static func streams(_ chunkTimes: [[Int64]]) -> [RequestRecord] {
        chunkTimes.enumerated().map { i, times in
            RequestRecord(id: i, scheduled: Int64(i) * 100_000, sent: Int64(i) * 100_000, firstToken: times.first,
                          end: (times.last ?? 0) + 10, outputTokens: times.count, chunkTimes: times)
        }
    }

    @Test func streamsDeliveredInOneBurstMakeTheRunSuspectFromHalfOfThem() {
        let burst: [Int64] = [50_000, 50_000, 50_000, 50_400, 51_000]  // five chunks within 1 ms: one read
        let paced: [Int64] = [50_000, 55_000, 60_000, 65_000, 70_000]
        func warnings(_ r: [RequestRecord]) -> [String] {
            SelfCheckBuilder.build(records: r, cpuSeconds: 0, wallSeconds: 1, cores: 2, closedLoop: true).warnings
                .filter { $0.contains("in one burst") }
        }
        let half = warnings(Self.streams([burst, paced, burst, paced]))
        #expect(half == [
            "2 of 4 streams delivered all their tokens in one burst: something between bench and the server (a proxy with "
                + "buffering on, e.g. nginx proxy_buffering) is buffering the stream; TTFT and ITL are not meaningful",
        ])
        #expect(warnings(Self.streams([burst, paced, paced])).isEmpty)  // 1 of 3: below half
        #expect(warnings(Self.streams([[0, 0, 0, 1_001], paced])).isEmpty)  // a span over 1 ms is not a burst
        // Streams of fewer than 4 chunks, and failed ones, are not counted.
        #expect(warnings(Self.streams([[7, 7, 7], [7, 7, 7], paced])).isEmpty)
        var failed = Self.streams([burst, burst, paced])
        failed[0].error = RequestError(kind: .reset, message: "cut")
        failed[1].error = RequestError(kind: .reset, message: "cut")
        #expect(warnings(failed).isEmpty)
        #expect(warnings(Self.streams([])).isEmpty)
        #expect(warnings(Self.streams([burst])).count == 1)
    }

    #if os(Linux)
    @Test func theMachinesStealCounterIsReadOnLinux() throws {
        let a = try #require(ResourceLimits.machineStealSeconds())
        let b = try #require(ResourceLimits.machineStealSeconds())
        #expect(a >= 0 && b >= a)
    }
    #endif
}
