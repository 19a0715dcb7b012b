import ResultFormat
import Testing
@testable import Analysis

struct GoodputTests {
    @Test func countsRequestsMeetingEveryObjective() {
        var onBothEdges = TestData.request(id: 1, sent: 100_000, ttft: 1_000_000, tokens: 10, gap: 50_000)
        onBothEdges.end = onBothEdges.firstToken! + 9 * 50_000
        let requests = [
            TestData.request(id: 0, sent: 0, ttft: 400_000, tokens: 10, gap: 30_000),  // meets both
            onBothEdges,  // exactly on both edges: meets
            TestData.request(id: 2, sent: 200_000, ttft: 1_000_001, tokens: 10, gap: 10_000),  // TTFT over
            TestData.request(id: 3, sent: 300_000, ttft: 200_000, tokens: 10, gap: 60_000),  // ITL over
            TestData.request(id: 4, sent: 400_000, ttft: 900_000, tokens: 1, gap: 0),  // 1 token: TTFT only, meets
            TestData.failure(id: 5, sent: 500_000, kind: .rateLimited),  // a miss
        ]
        let g = Goodput(requests: requests)
        #expect(g.totalRequests == 6)
        #expect(g.meetingRequests == 3)
        #expect(g.failedRequests == 1 && g.overTTFT == 1 && g.overITL == 1)
        #expect(g.share == 0.5)
        // Duration: first scheduled (0) to last end.
        let lastEnd = requests.map(\.end).max()!
        #expect(g.durationSeconds == Double(lastEnd) / 1_000_000)
        #expect(abs(g.requestsPerSecond - 3 / g.durationSeconds) < 1e-12)
    }

    @Test func objectivesAreConfigurable() {
        let requests = [TestData.request(id: 0, sent: 0, ttft: 1_500_000, tokens: 5, gap: 80_000)]
        #expect(Goodput(requests: requests).meetingRequests == 0)
        let loose = ServiceLevelObjectives(ttftSeconds: 2, itlMilliseconds: 100)
        #expect(Goodput(requests: requests, objectives: loose).meetingRequests == 1)
        #expect(loose.ruleText.contains("at most 2 s") && loose.ruleText.contains("at most 100 ms"))
    }

    @Test func noRequests() {
        let g = Goodput(requests: [])
        #expect(g.share == 0 && g.requestsPerSecond == 0 && g.durationSeconds == 0)
    }
}

struct AvailabilityTests {
    @Test func splitsFailuresByClass() {
        var requests = (0..<90).map { TestData.request(id: $0, sent: Int64($0) * 1000, ttft: 1000, tokens: 3, gap: 10) }
        let kinds: [ErrorKind] = [.rateLimited, .rateLimited, .rateLimited, .httpServer, .timeout, .connect, .reset, .truncated, .malformed, .httpClient]
        for (i, k) in kinds.enumerated() { requests.append(TestData.failure(id: 90 + i, sent: 0, kind: k)) }
        let a = Availability(requests: requests)
        #expect(a.totalRequests == 100 && a.failedRequests == 10)
        #expect(a.errorRate == 0.1)
        #expect(a.errorRate(.rateLimiting) == 0.03)
        #expect(a.errorRate(.serverError) == 0.01)
        #expect(a.errorRate(.timeout) == 0.01)
        #expect(a.errorRate(.transport) == 0.03)
        #expect(a.errorRate(.other) == 0.02)
        #expect(a.occurringClasses == AvailabilityClass.allCases)
        var byKind: [ErrorKind: Int] = [:]
        for k in kinds { byKind[k, default: 0] += 1 }
        #expect(Availability(totalRequests: 100, failuresByKind: byKind) == a)
    }

    @Test func noFailures() {
        let a = Availability(requests: [TestData.request(id: 0, sent: 0, ttft: 5, tokens: 2, gap: 5)])
        #expect(a.errorRate == 0 && a.occurringClasses.isEmpty)
        #expect(Availability(requests: []).errorRate == 0)
    }
}
