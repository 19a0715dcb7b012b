import Foundation
import Simulator
import Testing

extension SimulatorSuite {
    @Suite struct ServedLogTests {
        @Test func logHasOneEntryPerRequestInMemoryAndOnDisk() async throws {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("sim-log-\(UUID().uuidString).jsonl").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let profiles = [fixedProfile("one", tokens: 4), fixedProfile("two", tokens: 6)]

            let memory = try await withSimulator(profiles, logPath: path) { sim, client -> [ServedRequestLog] in
                _ = try await client.send(sim.baseURL + "/chat/completions", body: TestClient.chatBody(model: "one"), requestID: "log-a")
                _ = try await client.send(sim.baseURL + "/chat/completions", body: TestClient.chatBody(model: "two"), requestID: "log-b")
                _ = try await client.send(sim.baseURL + "/chat/completions", body: TestClient.chatBody(model: "two"))
                return sim.servedRequests()
            }

            #expect(memory.map(\.requestID) == ["log-a", "log-b", "sim-1"])
            #expect(memory.map(\.profile) == ["one", "two", "two"])
            #expect(memory.map(\.outputTokens) == [4, 6, 6])
            #expect(memory.allSatisfy { $0.outcome == "ok" && $0.streamed && $0.timesAreOrdered })
            #expect(memory.allSatisfy { ($0.serverTTFTMicros ?? 0) >= 20_000 })

            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            let decoded = try lines.map { try JSONDecoder().decode(ServedRequestLog.self, from: Data($0.utf8)) }
            #expect(decoded == memory)
            #expect(lines.first?.contains("\"firstChunkWrittenNanos\"") == true)
        }

        @Test func shutdownCutsInFlightStreamsAndLogsThemAsCancelled() async throws {
            let slow = fixedProfile("slow", ttftMs: 10, interTokenMs: 200, tokens: 50)
            let simulator = try await SimulatedEndpoint.start(SimulatorConfiguration(profiles: [slow]))
            let client = TestClient()
            let url = simulator.baseURL + "/chat/completions"
            let inFlight = Task { try await client.send(url, body: TestClient.chatBody(), requestID: "cut") }
            try await Task.sleep(for: .milliseconds(150))
            await simulator.shutdown()
            let seen = try await inFlight.value
            #expect(!seen.events.contains("[DONE]"))
            #expect(simulator.servedRequests().map(\.outcome) == ["cancelled"])
            try await client.shutdown()
        }

        @Test func runServesUntilCancelled() async throws {
            let (ready, readySink) = AsyncStream<String>.makeStream()
            let server = Task {
                try await SimulatedEndpoint.run(SimulatorConfiguration(profiles: [fixedProfile("run")])) { simulator in
                    readySink.yield(simulator.baseURL)
                    readySink.finish()
                }
            }
            var iterator = ready.makeAsyncIterator()
            let baseURL = try #require(await iterator.next())
            let client = TestClient()
            let seen = try await client.send(baseURL + "/chat/completions", body: TestClient.chatBody(), requestID: "run-1")
            #expect(seen.events.last == "[DONE]")
            try await client.shutdown()
            server.cancel()
            try await server.value  // returns (no error) once cancelled
        }
    }
}
