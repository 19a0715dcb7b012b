import Foundation
import Simulator
import Testing

extension SimulatorSuite {
    @Suite struct DeterminismTests {
        let profile = SimulationProfile(
            name: "rand", ttftMedianMs: 300, ttftSigma: 0.4, interTokenMs: 20, interTokenJitter: 0.3,
            tokensPerChunk: 2, outputTokensMin: 50, outputTokensMax: 400, capacity: 10,
            faults: FaultModes(errorRate: 0.1, rateLimitRate: 0.1, disconnectRate: 0.1, stallRate: 0.1, malformedRate: 0.1))

        @Test func samePlanForSameSeedAndRequestID() {
            for id in ["a", "req-17", "ünïcode-id", ""] {
                #expect(profile.plan(seed: 1, requestID: id, maxTokens: nil) == profile.plan(seed: 1, requestID: id, maxTokens: nil))
            }
        }

        @Test func plansDifferAcrossRequestIDsAndSeeds() {
            let byID = Set((0..<50).map { profile.plan(seed: 1, requestID: "r\($0)", maxTokens: nil).outputTokens })
            #expect(byID.count > 25)
            let bySeed = Set((0..<50).map { profile.plan(seed: UInt64($0), requestID: "r", maxTokens: nil).outputTokens })
            #expect(bySeed.count > 25)
        }

        @Test func maxTokensOnlyCapsTheLength() {
            for index in 0..<100 {
                let free = profile.plan(seed: 3, requestID: "m\(index)", maxTokens: nil)
                let capped = profile.plan(seed: 3, requestID: "m\(index)", maxTokens: 60)
                #expect(capped.outputTokens == min(60, free.outputTokens))
                #expect(capped.ttftMs == free.ttftMs)
                #expect(capped.chunkIntervalsMs == Array(free.chunkIntervalsMs.prefix(capped.chunkIntervalsMs.count)))
                #expect(capped.finishReason == (free.outputTokens > 60 ? "length" : "stop"))
                #expect(capped.chunkTokens.reduce(0, +) == capped.outputTokens)
                #expect(free.outputTokens >= 50 && free.outputTokens <= 400)
            }
        }

        @Test func drawsFollowTheProfileDistributions() {
            let plans = (0..<4000).map { profile.plan(seed: 11, requestID: "d\($0)", maxTokens: nil) }
            // Lognormal TTFT: the median is the profile median (±5%).
            let ttfts = plans.map(\.ttftMs).sorted()
            #expect(abs(ttfts[ttfts.count / 2] - 300) < 15, "median TTFT \(ttfts[ttfts.count / 2])")
            // Chunk intervals keep the profile mean: 2 tokens × 20 ms (±3%).
            let intervals = plans.flatMap(\.chunkIntervalsMs)
            let mean = intervals.reduce(0, +) / Double(intervals.count)
            #expect(abs(mean - 40) < 1.2, "mean chunk interval \(mean)")
            // Each fault mode takes its 10% slice (±2.5 points).
            var counts: [String: Int] = [:]
            for plan in plans { counts[plan.plannedOutcome.hasPrefix("error-") ? "error" : plan.plannedOutcome, default: 0] += 1 }
            for outcome in ["error", "rate-limited", "disconnect", "stall", "malformed"] {
                let share = Double(counts[outcome] ?? 0) / Double(plans.count)
                #expect(abs(share - 0.1) < 0.025, "\(outcome) share \(share)")
            }
            #expect(abs(Double(counts["ok"] ?? 0) / Double(plans.count) - 0.5) < 0.03)
        }

        @Test func sameRequestIDGetsTheSameAnswerOverHTTP() async throws {
            let jittery = SimulationProfile(
                name: "jit", ttftMedianMs: 10, ttftSigma: 0.5, interTokenMs: 1, interTokenJitter: 0.5,
                tokensPerChunk: 1, outputTokensMin: 5, outputTokensMax: 60)
            func tokens(_ seen: Observed) -> Int? {
                seen.events.indices.compactMap { (seen.json($0)?["usage"] as? [String: Int])?["completion_tokens"] }.first
            }
            try await withSimulator([jittery], seed: 99) { sim, client in
                let url = sim.baseURL + "/chat/completions"
                var counts: [Int] = []
                for id in ["same", "same", "other-1", "other-2", "other-3"] {
                    let seen = try await client.send(url, body: TestClient.chatBody(), requestID: id)
                    counts.append(try #require(tokens(seen)))
                }
                #expect(counts[0] == counts[1])
                #expect(Set(counts).count >= 3)
                let expected = jittery.plan(seed: 99, requestID: "same", maxTokens: nil).outputTokens
                #expect(counts[0] == expected)

                // The `user` field names the request when there is no X-Request-Id header.
                let byUser = try await client.send(url, body: TestClient.chatBody(user: "same"))
                #expect(tokens(byUser) == counts[0])
                #expect(sim.servedRequests().last?.requestID == "same")
            }
            // Another server with the same seed answers the same way.
            try await withSimulator([jittery], seed: 99) { sim, client in
                let seen = try await client.send(sim.baseURL + "/chat/completions", body: TestClient.chatBody(), requestID: "same")
                #expect(tokens(seen) == jittery.plan(seed: 99, requestID: "same", maxTokens: nil).outputTokens)
            }
        }
    }
}
