import JSON
import Testing

@testable import StreamProtocols

/// The finish reason (a stream without one was cut short) and the server's own timings, in the
/// shapes real servers send them.
@Suite struct FinishAndTimingsTests {
    /// Shaped like llama.cpp's `llama-server` chat stream with `stream_options.include_usage`:
    /// a role-only first chunk, tokens, a finish chunk, then a usage-only chunk with empty
    /// `choices` that carries the server's `timings`.
    static let llamaChat = """
        data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1764900000,"id":"chatcmpl-x","model":"smollm2","system_fingerprint":"b1-x","object":"chat.completion.chunk"}

        data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Hi"}}],"created":1764900000,"id":"chatcmpl-x","model":"smollm2","system_fingerprint":"b1-x","object":"chat.completion.chunk"}

        data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":" there"}}],"created":1764900000,"id":"chatcmpl-x","model":"smollm2","system_fingerprint":"b1-x","object":"chat.completion.chunk"}

        data: {"choices":[{"finish_reason":"length","index":0,"delta":{}}],"created":1764900000,"id":"chatcmpl-x","model":"smollm2","system_fingerprint":"b1-x","object":"chat.completion.chunk"}

        data: {"choices":[],"created":1764900000,"id":"chatcmpl-x","model":"smollm2","system_fingerprint":"b1-x","object":"chat.completion.chunk","usage":{"completion_tokens":2,"prompt_tokens":31,"total_tokens":33},"timings":{"cache_n":0,"prompt_n":31,"prompt_ms":40.5,"prompt_per_token_ms":1.3,"prompt_per_second":765.4,"predicted_n":2,"predicted_ms":21.25,"predicted_per_token_ms":10.625,"predicted_per_second":94.1}}

        data: [DONE]


        """

    @Test func llamaChatStream() throws {
        let (deltas, ended) = try decode(.openAIChat, Self.llamaChat)
        #expect(ended)
        #expect(texts(deltas) == "Hi there")
        #expect(deltas.filter { if case .text = $0 { return true } else { return false } }.count == 2, "the role-only chunk is not a token")
        #expect(deltas.contains(.finish(reason: "length")))
        #expect(deltas.contains(.usage(outputTokens: 2, inputTokens: 31)))
        #expect(deltas.contains(.serverTimings(ReportedTimings(promptTokens: 31, promptMs: 40.5, decodeTokens: 2, decodeMs: 21.25))))
    }

    /// The same bytes cut at every position decode to the same deltas.
    @Test func llamaChatStreamSplitAnywhere() throws {
        let whole = try decode(.openAIChat, Self.llamaChat).deltas
        let n = Self.llamaChat.utf8.count
        for cut in stride(from: 1, to: n, by: 7) {
            #expect(try decode(.openAIChat, Self.llamaChat, cuts: [cut]).deltas == whole, "cut at \(cut)")
        }
    }

    /// A stream that reaches `[DONE]` with no finish reason in any chunk (a server that ends
    /// streams early under load) carries no `.finish`: the client records it as truncated.
    @Test func doneWithoutFinishReason() throws {
        let body = """
            data: {"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}

            data: {"choices":[{"index":0,"delta":{"content":"b"},"finish_reason":null}]}

            data: [DONE]


            """
        let (deltas, ended) = try decode(.openAIChat, body)
        #expect(ended)
        #expect(!deltas.contains { if case .finish = $0 { return true } else { return false } })
    }

    @Test func completionsFinishReason() throws {
        let body = """
            data: {"choices":[{"text":"x","index":0,"logprobs":null,"finish_reason":null}]}

            data: {"choices":[{"text":"","index":0,"logprobs":null,"finish_reason":"stop"}],"timings":{"prompt_n":5,"prompt_ms":3,"predicted_n":1,"predicted_ms":7}}

            data: [DONE]


            """
        let (deltas, _) = try decode(.openAICompletions, body)
        #expect(deltas.contains(.finish(reason: "stop")))
        #expect(deltas.contains(.serverTimings(ReportedTimings(promptTokens: 5, promptMs: 3, decodeTokens: 1, decodeMs: 7))))
    }

    /// An empty completion: a finish reason and no text at all.
    @Test func emptyCompletion() throws {
        let body = """
            data: {"choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}

            data: {"choices":[{"index":0,"delta":{},"finish_reason":"content_filter"}]}

            data: {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":0}}

            data: [DONE]


            """
        let (deltas, ended) = try decode(.openAIChat, body)
        #expect(ended)
        #expect(texts(deltas).isEmpty)
        #expect(deltas.contains(.finish(reason: "content_filter")))
    }

    @Test func anthropicStopReason() throws {
        let body = """
            event: message_start
            data: {"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[],"usage":{"input_tokens":12,"output_tokens":1}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":1}}

            event: message_stop
            data: {"type":"message_stop"}


            """
        let (deltas, ended) = try decode(.anthropicMessages, body)
        #expect(ended)
        #expect(deltas.contains(.finish(reason: "end_turn")))
        #expect(deltas.contains(.usage(outputTokens: 1, inputTokens: 12)))
    }

    /// Timings that are not an object, lack the decode figures, or count more tokens than a result
    /// file holds (2^31-1: sitegen would refuse the file) are ignored, not an error.
    @Test func malformedTimingsAreIgnored() throws {
        let body = """
            data: {"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":"stop"}],"timings":"soon"}

            data: {"choices":[],"timings":{"prompt_n":3}}

            data: {"choices":[],"timings":{"prompt_n":3,"prompt_ms":1,"predicted_n":9223372036854775807,"predicted_ms":2}}

            data: [DONE]


            """
        let (deltas, _) = try decode(.openAIChat, body)
        #expect(!deltas.contains { if case .serverTimings = $0 { return true } else { return false } })
        #expect(texts(deltas) == "a")
    }
}
