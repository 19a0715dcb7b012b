import Foundation
import Simulator
import Testing

extension SimulatorSuite {
    @Suite struct StreamFormatTests {
        @Test func chatStreamHasRoleChunkContentFinishUsageAndDone() async throws {
            let profile = fixedProfile("fmt", tokensPerChunk: 3, tokens: 10)
            try await withSimulator([profile]) { sim, client in
                let seen = try await client.send(
                    sim.baseURL + "/chat/completions", body: TestClient.chatBody(model: "fmt"), requestID: "fmt-1")
                #expect(seen.status == 200)
                #expect(seen.headers["content-type"]?.hasPrefix("text/event-stream") == true)
                #expect(seen.headers["x-request-id"] == "fmt-1")
                #expect(seen.bodyError == nil)

                // role-only, 4 content chunks (3+3+3+1 words), finish, usage, [DONE]
                try #require(seen.events.count == 8)
                let role = try #require(seen.json(0))
                let roleChoice = try #require((role["choices"] as? [[String: Any]])?.first)
                #expect(roleChoice["delta"] as? [String: String] == ["role": "assistant"])
                #expect(roleChoice["finish_reason"] is NSNull)

                #expect(seen.contentIndices == [1, 2, 3, 4])
                let words = seen.contentIndices.map { index -> Int in
                    let choice = (seen.json(index)?["choices"] as? [[String: Any]])?.first
                    let content = (choice?["delta"] as? [String: Any])?["content"] as? String ?? ""
                    return content.split(separator: " ").count
                }
                #expect(words == [3, 3, 3, 1])

                let finish = try #require((seen.json(5)?["choices"] as? [[String: Any]])?.first)
                #expect(finish["finish_reason"] as? String == "stop")

                let usageEvent = try #require(seen.json(6))
                #expect((usageEvent["choices"] as? [Any])?.isEmpty == true)
                let usage = try #require(usageEvent["usage"] as? [String: Int])
                #expect(usage["completion_tokens"] == 10)
                #expect(usage["prompt_tokens"] == 3)
                #expect(usage["total_tokens"] == 13)
                #expect(seen.events[7] == "[DONE]")

                // Every JSON event carries the same id, model, created, object.
                let ids = Set((0..<7).compactMap { seen.json($0)?["id"] as? String })
                #expect(ids.count == 1)
                #expect(ids.first?.hasPrefix("chatcmpl-") == true)
                #expect((0..<7).allSatisfy { seen.json($0)?["model"] as? String == "fmt" })
                #expect((0..<7).allSatisfy { seen.json($0)?["object"] as? String == "chat.completion.chunk" })
                #expect(Set((0..<7).compactMap { seen.json($0)?["created"] as? Int }).count == 1)
            }
        }

        @Test func maxTokensCapsOutputAndReportsLength() async throws {
            try await withSimulator([fixedProfile("cap", tokens: 10)]) { sim, client in
                let seen = try await client.send(
                    sim.baseURL + "/chat/completions", body: TestClient.chatBody(maxTokens: 4), requestID: "cap-1")
                #expect(seen.contentIndices.count == 4)
                let finish = (seen.json(5)?["choices"] as? [[String: Any]])?.first
                #expect(finish?["finish_reason"] as? String == "length")
                #expect((seen.json(6)?["usage"] as? [String: Int])?["completion_tokens"] == 4)
            }
        }

        @Test func withoutIncludeUsageThereIsNoUsageChunk() async throws {
            try await withSimulator([fixedProfile("nousage", tokens: 3)]) { sim, client in
                let seen = try await client.send(
                    sim.baseURL + "/chat/completions", body: TestClient.chatBody(includeUsage: false))
                #expect(seen.events.count == 6)  // role, 3 content, finish, [DONE]
                #expect(seen.events.last == "[DONE]")
                #expect(!seen.events.contains { $0.contains("\"usage\"") })
            }
        }

        @Test func textCompletionsStream() async throws {
            try await withSimulator([fixedProfile("txt", tokens: 5)]) { sim, client in
                let body = "{\"prompt\":\"once upon a time\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"
                let seen = try await client.send(sim.baseURL + "/completions", body: body)
                #expect(seen.status == 200)
                try #require(seen.events.count == 9)  // opening, 5 content, finish, usage, [DONE]
                let opening = try #require((seen.json(0)?["choices"] as? [[String: Any]])?.first)
                #expect(opening["text"] as? String == "")
                #expect(seen.json(0)?["object"] as? String == "text_completion")
                #expect((seen.json(0)?["id"] as? String)?.hasPrefix("cmpl-") == true)
                #expect(seen.contentIndices == [1, 2, 3, 4, 5])
                #expect((seen.json(7)?["usage"] as? [String: Int])?["prompt_tokens"] == 4)
                #expect((seen.json(7)?["usage"] as? [String: Int])?["completion_tokens"] == 5)
                #expect(seen.events[8] == "[DONE]")
            }
        }

        @Test func nonStreamingRequestGetsOneJSONCompletion() async throws {
            try await withSimulator([fixedProfile("whole", tokens: 6)]) { sim, client in
                let seen = try await client.send(
                    sim.baseURL + "/chat/completions", body: TestClient.chatBody(stream: false), requestID: "whole-1")
                #expect(seen.status == 200)
                #expect(seen.headers["content-type"] == "application/json")
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(seen.body.utf8)) as? [String: Any])
                #expect(object["object"] as? String == "chat.completion")
                #expect(object["model"] as? String == "whole")
                #expect((object["id"] as? String)?.hasPrefix("chatcmpl-") == true)
                #expect(object["created"] is Int)
                let choice = try #require((object["choices"] as? [[String: Any]])?.first)
                let message = try #require(choice["message"] as? [String: Any])
                #expect(message["role"] as? String == "assistant")
                #expect((message["content"] as? String)?.split(separator: " ").count == 6)
                #expect(choice["finish_reason"] as? String == "stop")
                #expect((object["usage"] as? [String: Int])?["completion_tokens"] == 6)

                let log = try #require(sim.servedRequests().first)
                #expect(log.streamed == false)
                #expect(log.outcome == "ok")
                #expect(log.outputTokens == 6)
            }
        }
    }
}
