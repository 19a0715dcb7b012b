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

    #if os(Linux)
    @Test func theMachinesStealCounterIsReadOnLinux() throws {
        let a = try #require(ResourceLimits.machineStealSeconds())
        let b = try #require(ResourceLimits.machineStealSeconds())
        #expect(a >= 0 && b >= a)
    }
    #endif
}
