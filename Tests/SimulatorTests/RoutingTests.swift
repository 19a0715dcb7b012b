import Foundation
import Simulator
import Testing

extension SimulatorSuite {
    @Suite struct RoutingTests {
        let profiles = [fixedProfile("alpha", tokens: 2), fixedProfile("beta", tokens: 3)]

        private func errorMessage(_ seen: Observed) -> String? {
            let object = try? JSONSerialization.jsonObject(with: Data(seen.body.utf8)) as? [String: Any]
            return (object?["error"] as? [String: Any])?["message"] as? String
        }

        @Test func routesByPathThenModelThenFirstProfile() async throws {
            try await withSimulator(profiles) { sim, client in
                let root = "http://127.0.0.1:\(sim.port)"
                #expect(sim.baseURL == root + "/v1")
                _ = try await client.send(root + "/beta/v1/chat/completions", body: TestClient.chatBody(model: "alpha"))
                _ = try await client.send(sim.baseURL(profile: "beta") + "/completions", body: "{\"prompt\":\"x\",\"stream\":true}")
                _ = try await client.send(sim.baseURL + "/chat/completions", body: TestClient.chatBody(model: "beta"))
                _ = try await client.send(sim.baseURL + "/chat/completions", body: TestClient.chatBody(model: "gpt-4o"))
                _ = try await client.send(sim.baseURL + "/chat/completions", body: TestClient.chatBody())
                #expect(sim.servedRequests().map(\.profile) == ["beta", "beta", "beta", "alpha", "alpha"])
            }
        }

        @Test func healthModelsAndErrors() async throws {
            try await withSimulator(profiles) { sim, client in
                let root = "http://127.0.0.1:\(sim.port)"
                let health = try await client.send(root + "/health", method: .GET)
                #expect(health.status == 200)

                let models = try await client.send(sim.baseURL + "/models", method: .GET)
                #expect(models.status == 200)
                #expect(models.body.contains("\"alpha\"") && models.body.contains("\"beta\""))

                let unknown = try await client.send(root + "/v2/whatever", body: "{}")
                #expect(unknown.status == 404)
                #expect(errorMessage(unknown) != nil)

                let unknownProfile = try await client.send(root + "/gamma/v1/chat/completions", body: TestClient.chatBody())
                #expect(unknownProfile.status == 404)
                #expect(errorMessage(unknownProfile)?.contains("gamma") == true)

                let badJSON = try await client.send(sim.baseURL + "/chat/completions", body: "{\"stream\": tru")
                #expect(badJSON.status == 400)
                #expect(errorMessage(badJSON) != nil)

                let emptyBody = try await client.send(sim.baseURL + "/chat/completions", body: "")
                #expect(emptyBody.status == 400)

                let wrongType = try await client.send(sim.baseURL + "/chat/completions", body: "{\"max_tokens\":\"many\"}")
                #expect(wrongType.status == 400)
                #expect(errorMessage(wrongType)?.contains("max_tokens") == true)

                let wrongMethod = try await client.send(sim.baseURL + "/chat/completions", method: .GET)
                #expect(wrongMethod.status == 405)

                // Nothing above reached a profile.
                #expect(sim.servedRequests().isEmpty)
            }
        }
    }
}
