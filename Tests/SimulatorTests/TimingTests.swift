import Foundation
import Simulator
import Testing

extension SimulatorSuite {
    /// Timing against the injected profile. Tolerances are generous (this runs on a loaded 2-core
    /// machine): lower bounds are tight (the server must never be early), upper bounds allow
    /// scheduling delays of up to ~200 ms.
    @Suite struct TimingTests {
        @Test func ttftAndInterTokenIntervalsFollowTheProfile() async throws {
            // TTFT 200 ms exactly (sigma 0), then 9 gaps of 20 ms.
            let profile = fixedProfile("timed", ttftMs: 200, interTokenMs: 20, tokens: 10)
            try await withSimulator([profile]) { sim, client in
                let seen = try await client.send(
                    sim.baseURL + "/chat/completions", body: TestClient.chatBody(), requestID: "timed-1")
                let content = seen.contentIndices
                try #require(content.count == 10)

                // The role-only chunk comes at once: a client counting it as first token is caught.
                #expect(seen.msSinceSent(0) < 190, "role chunk at \(seen.msSinceSent(0)) ms")

                let ttft = seen.msSinceSent(content[0])
                #expect(ttft >= 190 && ttft <= 400, "client TTFT \(ttft) ms, profile 200 ms")

                // Token k is due 200 + 20·k ms after the request; it may arrive late (by up to
                // 250 ms here), never early. Per-arrival bounds, because a client delay on one
                // chunk shortens the next gap, so single gaps are not a fair measure.
                for (k, index) in content.enumerated() {
                    let due = 200 + 20 * Double(k)
                    let arrived = seen.msSinceSent(index)
                    #expect(arrived >= due - 1 && arrived <= due + 250, "token \(k) arrived at \(arrived) ms, due \(due) ms")
                }
                let span = Double(seen.eventNanos[content.last!] - seen.eventNanos[content[0]]) / 1e6
                #expect(span <= 400, "first-to-last content span \(span) ms, profile 180 ms")

                // The server's own TTFT is what the profile says, and the client's is never below it.
                let log = try #require(sim.servedRequests().first { $0.requestID == "timed-1" })
                let serverTTFT = try #require(log.serverTTFTMicros)
                #expect(serverTTFT >= 199_000 && serverTTFT <= 300_000, "server TTFT \(serverTTFT) µs")
                let clientTTFTMicros = Int64(seen.eventNanos[content[0]] - seen.sentNanos) / 1_000
                #expect(clientTTFTMicros >= serverTTFT)
                #expect(clientTTFTMicros - serverTTFT < 100_000)
                #expect(log.timesAreOrdered)
            }
        }

        @Test func capacityQueuesRequestsBeyondItInWaves() async throws {
            // Capacity 2; each generation takes 100 ms + 4 × 20 ms = 180 ms. Six at once run in three
            // waves: two start at once, two wait ~180 ms, two wait ~360 ms.
            let profile = fixedProfile("narrow", ttftMs: 100, interTokenMs: 20, tokens: 5, capacity: 2)
            try await withSimulator([profile]) { sim, client in
                let observed = try await withThrowingTaskGroup(of: Observed.self) { group in
                    for index in 0..<6 {
                        group.addTask {
                            try await client.send(
                                sim.baseURL + "/chat/completions", body: TestClient.chatBody(), requestID: "q\(index)")
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(observed.allSatisfy { $0.events.last == "[DONE]" })

                // Waits count from each request's own arrival, which may trail the first by a few ms.
                let logs = sim.servedRequests()
                let waits = logs.compactMap { $0.queueWaitMicros }.sorted().map { Double($0) / 1000 }
                try #require(waits.count == 6)
                #expect(waits[1] < 80, "first wave waited \(waits) ms")
                #expect(waits[2] >= 120 && waits[3] < 400, "second wave waited \(waits) ms")
                #expect(waits[4] >= 300, "third wave waited \(waits) ms")
                // A queued request starts only once an earlier one has ended (FIFO handover).
                let starts = logs.compactMap(\.generationStartNanos).sorted()
                let ends = logs.map(\.endNanos).sorted()
                #expect(starts[2] >= ends[0] && starts[4] >= ends[2])

                let ttfts = observed.map { $0.msSinceSent($0.contentIndices[0]) }.sorted()
                #expect(ttfts[0] >= 95 && ttfts[1] < 250, "client TTFTs \(ttfts)")
                #expect(ttfts[4] >= 400, "client TTFTs \(ttfts)")

                // Never more than `capacity` generating at once.
                let spans = logs.map { ($0.generationStartNanos!, $0.endNanos) }
                for (start, _) in spans {
                    let overlapping = spans.filter { $0.0 <= start && start < $0.1 }.count
                    #expect(overlapping <= 2)
                }
            }
        }
    }
}

extension ServedRequestLog {
    /// received <= generation start <= first chunk <= end.
    var timesAreOrdered: Bool {
        guard let start = generationStartNanos, let first = firstChunkWrittenNanos else { return false }
        return receivedNanos <= start && start <= first && first <= endNanos
    }
}
