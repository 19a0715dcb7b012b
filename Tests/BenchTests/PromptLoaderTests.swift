import Foundation
import Testing
@testable import Bench

@Suite struct PromptLoaderTests {
    func temp(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "bench-prompts-\(UUID().uuidString)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func jsonlPromptsAndMessages() throws {
        let path = try temp("""
            {"prompt": "hello"}

            {"messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}]}
            """)
        let p = try PromptLoader.load(.jsonl(path: path))
        #expect(p.count == 2)
        #expect(p[0] == Prompt(user: "hello"))
        #expect(p[1].messages.count == 2)
    }

    @Test func jsonlErrorNamesTheLine() throws {
        let path = try temp("{\"prompt\": \"a\"}\n{\"nope\": 1}\n")
        do {
            _ = try PromptLoader.load(.jsonl(path: path))
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "line 2")
            #expect(error.file == path)
        }
    }

    @Test func shareGPTAndArenaConversations() throws {
        let path = try temp("""
            [{"id": "a", "conversations": [{"from": "system", "value": "sys"}, {"from": "human", "value": "q1"}, {"from": "gpt", "value": "a1"}]},
             {"id": "b", "conversations": [{"from": "gpt", "value": "only a bot"}]},
             {"conversation_a": [{"role": "user", "content": "q2"}, {"role": "assistant", "content": "a2"}]}]
            """)
        let p = try PromptLoader.load(.conversations(path: path))
        #expect(p.count == 2)
        #expect(p[0].messages == [PromptMessage(role: "system", content: "sys"), PromptMessage(role: "user", content: "q1")])
        #expect(p[1] == Prompt(user: "q2"))
    }
}
