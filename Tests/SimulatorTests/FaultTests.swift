import Foundation
import Simulator
import Testing

extension SimulatorSuite {
    /// Each fault mode at rate 1, so every request shows it.
    @Suite struct FaultTests {
        @Test func serverErrorIs500Or503BeforeStreaming() async throws {
            let profile = fixedProfile("err", faults: FaultModes(errorRate: 1))
            try await withSimulator([profile]) { sim, client in
                var statuses = Set<Int>()
                for index in 0..<12 {
                    let seen = try await client.send(sim.baseURL + "/chat/completions", body: TestClient.chatBody(), requestID: "e\(index)")
                    #expect(seen.status == 500 || seen.status == 503)
                    statuses.insert(seen.status)
                    let object = try JSONSerialization.jsonObject(with: Data(seen.body.utf8)) as? [String: Any]
                    #expect(object?["error"] is [String: Any])
                }
                #expect(statuses == [500, 503])
                let logs = sim.servedRequests()
                #expect(logs.count == 12)
                #expect(logs.allSatisfy { ($0.outcome == "error-500" || $0.outcome == "error-503") && $0.firstChunkWrittenNanos == nil })
            }
        }

        @Test func rateLimitIs429WithRetryAfter() async throws {
            let profile = fixedProfile("rl", faults: FaultModes(rateLimitRate: 1, retryAfterSeconds: 3))
            try await withSimulator([profile]) { sim, client in
                let seen = try await client.send(sim.baseURL + "/chat/completions", body: TestClient.chatBody(), requestID: "rl-1")
                #expect(seen.status == 429)
                #expect(seen.headers["retry-after"] == "3")
                #expect(seen.body.contains("rate_limit_exceeded"))
                #expect(sim.servedRequests().map(\.outcome) == ["rate-limited"])
            }
        }

        @Test func disconnectClosesTheConnectionMidStreamWithoutDone() async throws {
            let profile = fixedProfile("dc", interTokenMs: 20, tokens: 10, faults: FaultModes(disconnectRate: 1))
            try await withSimulator([profile]) { sim, client in
                let seen = try await client.send(sim.baseURL + "/chat/completions", body: TestClient.chatBody(), requestID: "dc-1")
                #expect(seen.status == 200)
                #expect(seen.bodyError != nil)
                #expect(!seen.events.contains("[DONE]"))
                let plan = profile.plan(seed: 7, requestID: "dc-1", maxTokens: nil)
                guard case .disconnect(let after) = plan.fault else {
                    Issue.record("plan has no disconnect: \(plan.fault)")
                    return
                }
                // The server sent `after` chunks, then closed one interval later; a client may
                // drop a chunk that arrived together with the close, so it sees at most that many.
                #expect((1...after).contains(seen.contentIndices.count), "saw \(seen.contentIndices.count) of \(after)")
                #expect(after >= 1 && after < 10)
                let log = try #require(sim.servedRequests().first)
                #expect(log.outcome == "disconnect")
                #expect(log.outputTokens == after)
            }
        }

        @Test func stallPausesTheStreamThenFinishes() async throws {
            let profile = fixedProfile("stall", interTokenMs: 5, tokens: 8, faults: FaultModes(stallRate: 1, stallSeconds: 0.3))
            try await withSimulator([profile]) { sim, client in
                let seen = try await client.send(sim.baseURL + "/chat/completions", body: TestClient.chatBody(), requestID: "st-1")
                #expect(seen.events.last == "[DONE]")
                let content = seen.contentIndices
                #expect(content.count == 8)
                let gaps = zip(content.dropFirst(), content).map { Double(seen.eventNanos[$0] - seen.eventNanos[$1]) / 1e6 }
                // 20 ms TTFT + 300 ms stall + 7 × 5 ms: the whole answer cannot come sooner.
                let total = seen.msSinceSent(seen.events.count - 1)
                #expect(total >= 350, "stream took \(total) ms")
                // One gap holds the stall (a client-side delay could hide part of it, hence 200).
                #expect(gaps.filter { $0 >= 200 }.count == 1, "gaps \(gaps)")
                #expect(sim.servedRequests().map(\.outcome) == ["stall"])
            }
        }

        @Test func malformedStreamCarriesOneInvalidJSONEvent() async throws {
            let profile = fixedProfile("bad", tokens: 6, faults: FaultModes(malformedRate: 1))
            try await withSimulator([profile]) { sim, client in
                let seen = try await client.send(sim.baseURL + "/chat/completions", body: TestClient.chatBody(), requestID: "bad-1")
                #expect(seen.events.last == "[DONE]")
                let invalid = seen.events.dropLast().indices.filter { seen.json($0) == nil }
                #expect(invalid.count == 1)
                #expect(seen.contentIndices.count == 6)
                #expect(sim.servedRequests().map(\.outcome) == ["malformed"])
            }
        }

        @Test func faultsInANonStreamedRequest() async throws {
            let profiles = [
                fixedProfile("bad", tokens: 6, faults: FaultModes(malformedRate: 1)),
                fixedProfile("dc", tokens: 6, faults: FaultModes(disconnectRate: 1)),
            ]
            try await withSimulator(profiles) { sim, client in
                let bad = try await client.send(sim.baseURL + "/chat/completions", body: TestClient.chatBody(model: "bad", stream: false))
                #expect(bad.status == 200)
                #expect((try? JSONSerialization.jsonObject(with: Data(bad.body.utf8))) == nil)
                let dc = try await client.send(sim.baseURL + "/chat/completions", body: TestClient.chatBody(model: "dc", stream: false))
                #expect(dc.bodyError != nil)
                #expect(Set(sim.servedRequests().map(\.outcome)) == ["malformed", "disconnect"])
            }
        }
    }
}
