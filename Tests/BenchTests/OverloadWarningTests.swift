import Testing
import ResultFormat
@testable import Bench

/// The self-check's advice when one machine did not keep up: split the run into segments.
@Suite struct OverloadWarningTests {
    /// `n` requests 100 ms apart, each sent `lag` µs after it was due.
    static func records(_ n: Int, lag: Int64) -> [RequestRecord] {
        (0..<n).map { i in
            RequestRecord(id: i, scheduled: Int64(i) * 100_000, sent: Int64(i) * 100_000 + lag, firstToken: nil,
                          end: Int64(i) * 100_000 + lag + 50_000, outputTokens: 0, chunkTimes: [])
        }
    }

    static let advice = "this run needs more load generators: split it with --segment I/N (docs/distributed.md)"

    @Test func lateLaunchesSayToSplitTheRun() {
        let check = SelfCheckBuilder.build(records: Self.records(100, lag: 80_000), cpuSeconds: 1, wallSeconds: 10, cores: 2, closedLoop: false)
        #expect(check.launchLagP99Micros == 80_000)
        #expect(check.warnings == [
            "p99 launch lag 80.0 ms exceeds 50.0 ms: requests left late, the client may have been the bottleneck; " + Self.advice,
        ])
    }

    @Test func aSaturatedClientSaysToSplitTheRun() {
        // 18.1 CPU-seconds over 10 s on 2 cores: above 90 % of 20.
        let check = SelfCheckBuilder.build(records: Self.records(100, lag: 200), cpuSeconds: 18.1, wallSeconds: 10, cores: 2, closedLoop: false)
        #expect(check.warnings == ["client CPU 18.1 s over 10.0 s wall on 2 cores: the client was CPU-saturated; " + Self.advice])
        let below = SelfCheckBuilder.build(records: Self.records(100, lag: 200), cpuSeconds: 17.9, wallSeconds: 10, cores: 2, closedLoop: false)
        #expect(below.warnings.isEmpty)
    }

    @Test func bothSayItOnceAndAQuietRunNotAtAll() {
        let both = SelfCheckBuilder.build(records: Self.records(100, lag: 60_000), cpuSeconds: 19, wallSeconds: 10, cores: 2, closedLoop: false)
        #expect(both.warnings.count == 2)
        #expect(both.warnings.filter { $0.contains(Self.advice) }.count == 1)
        #expect(both.warnings.last?.hasSuffix(Self.advice) == true)
        #expect(both.warnings.first?.hasSuffix("the client may have been the bottleneck") == true)
        let quiet = SelfCheckBuilder.build(records: Self.records(100, lag: 50_000), cpuSeconds: 1, wallSeconds: 10, cores: 2, closedLoop: false)
        #expect(quiet.warnings.isEmpty, "a p99 of exactly 50 ms is not above the limit")
    }
}
