import Testing

@testable import StreamProtocols
import TestSupport

func decode(_ api: APIKind, _ text: String, cuts: [Int] = []) throws(StreamProtocolError) -> (deltas: [StreamDelta], ended: Bool) {
    try decode(api, Array(text.utf8), cuts: cuts)
}

func decode(_ api: APIKind, _ bytes: [UInt8], cuts: [Int] = []) throws(StreamProtocolError) -> (deltas: [StreamDelta], ended: Bool) {
    var decoder = StreamDecoder(api: api)
    var out: [StreamDelta] = []
    var start = 0
    for cut in cuts + [bytes.count] where cut >= start {
        out += try decoder.feed(Array(bytes[start..<cut]))
        start = cut
    }
    out += try decoder.finish()
    return (out, decoder.sawEndMarker)
}

/// Joins consecutive text deltas (split points may not matter for the text, only for counts).
func texts(_ deltas: [StreamDelta]) -> String {
    deltas.compactMap { if case .text(let t, _) = $0 { return t } else { return nil } }.joined()
}

@Suite struct OpenAIChatDecoderTests {
    // Shaped like a real OpenAI stream with include_usage (ids shortened).
    let stream = """
        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":" \\"wörld\\" \\ud83c\\udf0d\\n"},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":null},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11,"prompt_tokens_details":{"cached_tokens":0}}}

        data: [DONE]


        """

    @Test func realisticStream() throws {
        let (deltas, ended) = try decode(.openAIChat, stream)
        #expect(
            deltas == [
                .text("Hello", tokens: nil), .text(" \"wörld\" 🌍\n", tokens: nil), .finish(reason: "stop"),
                .usage(outputTokens: 2, inputTokens: 9), .end,
            ])
        #expect(ended)
    }

    @Test func splitAtEveryByteGivesTheSameDeltas() throws {
        let bytes = Array(stream.utf8)
        let whole = try decode(.openAIChat, bytes).deltas
        for cut in stride(from: 0, through: bytes.count, by: 1) {
            #expect(try decode(.openAIChat, bytes, cuts: [cut]).deltas == whole, "cut \(cut)")
        }
    }

    @Test func reasoningFields() throws {
        let s = """
            data: {"choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Let me think"}}]}

            data: {"choices":[{"index":0,"delta":{"reasoning":"More"}}]}

            data: {"choices":[{"index":0,"delta":{"reasoning_content":"Same","reasoning":"Same"}}]}

            data: {"choices":[{"index":0,"delta":{"reasoning_content":"","content":"Answer"}}]}

            data: [DONE]


            """
        #expect(
            try decode(.openAIChat, s).deltas == [
                .reasoning("Let me think", tokens: nil), .reasoning("More", tokens: nil), .reasoning("Same", tokens: nil),
                .text("Answer", tokens: nil), .end,
            ])
    }

    @Test func roleOnlyEmptyAndMetadataChunksAreNotTokens() throws {
        let s = """
            : OPENROUTER PROCESSING

            data: {"choices":[{"delta":{"role":"assistant"}}]}

            data: {"choices":[{"delta":{"content":""}}]}

            data: {"choices":[{"delta":{"content":null,"tool_calls":[{"index":0}]}}]}

            data: {"choices":[]}

            data: {"choices":null,"usage":{"completion_tokens":0}}

            data:

            """
        let (deltas, ended) = try decode(.openAIChat, s)
        #expect(deltas == [.usage(outputTokens: 0, inputTokens: nil)])
        #expect(!ended)
    }

    @Test func errorPayloads() throws {
        let s = """
            data: {"choices":[{"delta":{"content":"partial"}}]}

            data: {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}

            event: error
            data: {"error":"upstream timeout"}

            event: error
            data: overloaded


            """
        #expect(
            try decode(.openAIChat, s).deltas == [
                .text("partial", tokens: nil),
                .serverError("server_error: The server had an error while processing your request."),
                .serverError("upstream timeout"), .serverError("overloaded"),
            ])
    }

    @Test func malformedJSONIsAnError() {
        for bad in ["data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}\n\n", "data: {\"a\":tru}\n\n", "data: nope\n\n", "data: {} x\n\n"] {
            #expect(throws: StreamProtocolError.self, "\(bad)") { try decode(.openAIChat, bad) }
            do {
                _ = try decode(.openAIChat, bad)
            } catch {
                #expect(error.kind == .malformedEvent)
            }
        }
    }

    @Test func streamWithoutDoneHasNoEndMarker() throws {
        let (deltas, ended) = try decode(.openAIChat, "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: [DONE]\n")
        #expect(deltas == [.text("a", tokens: nil)])  // the last event was never terminated
        #expect(!ended)
    }

    @Test func continuousUsageInEveryChunk() throws {
        // vLLM's continuous_usage_stats: text and usage in one chunk; text comes first.
        let s = "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}\n\n"
        #expect(try decode(.openAIChat, s).deltas == [.text("a", tokens: nil), .usage(outputTokens: 1, inputTokens: 3)])
    }
}

@Suite struct OpenAICompletionsDecoderTests {
    @Test func textField() throws {
        let s = """
            data: {"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[{"index":0,"text":"","logprobs":null,"finish_reason":null}]}

            data: {"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[{"index":0,"text":"Once","logprobs":null,"finish_reason":null}]}

            data: {"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[{"index":0,"text":" upon","logprobs":null,"finish_reason":"length"}],"usage":null}

            data: {"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}

            data: [DONE]


            """
        let (deltas, ended) = try decode(.openAICompletions, s)
        #expect(
            deltas == [
                .text("Once", tokens: nil), .text(" upon", tokens: nil), .finish(reason: "length"), .usage(outputTokens: 2, inputTokens: 5), .end,
            ])
        #expect(ended)
    }
}

@Suite struct AnthropicDecoderTests {
    // Shaped like Anthropic's documented streaming example.
    let stream = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me see."}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQB"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

        event: ping
        data: {"type": "ping"}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hello"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"!"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":1}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

        event: message_stop
        data: {"type":"message_stop"}


        """

    @Test func realisticStream() throws {
        let (deltas, ended) = try decode(.anthropicMessages, stream)
        #expect(
            deltas == [
                .reasoning("Let me see.", tokens: nil), .text("Hello", tokens: nil), .text("!", tokens: nil),
                .finish(reason: "end_turn"), .usage(outputTokens: 15, inputTokens: 25), .end,
            ])
        #expect(ended)
    }

    @Test func splitAtEveryByte() throws {
        let bytes = Array(stream.utf8)
        let whole = try decode(.anthropicMessages, bytes).deltas
        for cut in 0...bytes.count {
            #expect(try decode(.anthropicMessages, bytes, cuts: [cut]).deltas == whole, "cut \(cut)")
        }
    }

    @Test func errorEvent() throws {
        let s = """
            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

            event: error
            data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}


            """
        let (deltas, ended) = try decode(.anthropicMessages, s)
        #expect(deltas == [.text("Hi", tokens: nil), .serverError("overloaded_error: Overloaded")])
        #expect(!ended)
    }

    @Test func emptyTextDeltaIsNotAToken() throws {
        let s = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"\"}}\n\n"
        #expect(try decode(.anthropicMessages, s).deltas == [])
    }
}

@Suite struct BedrockDecoderTests {
    func frame(_ eventType: String, _ json: String) -> [UInt8] {
        AWSEventStreamEncoder.encode(
            AWSEventStreamMessage(
                headers: [
                    ":message-type": .string("event"), ":event-type": .string(eventType),
                    ":content-type": .string("application/json"),
                ],
                payload: Array(json.utf8)))
    }

    var stream: [UInt8] {
        frame("messageStart", #"{"p":"abcdefghijk","role":"assistant"}"#)
            + frame("contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"Hmm."}},"p":"abc"}"#)
            + frame("contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"reasoningContent":{"signature":"sig"}},"p":"abc"}"#)
            + frame("contentBlockStop", #"{"contentBlockIndex":0,"p":"abcd"}"#)
            + frame("contentBlockDelta", #"{"contentBlockIndex":1,"delta":{"text":"Hello"},"p":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW"}"#)
            + frame("contentBlockDelta", #"{"contentBlockIndex":1,"delta":{"text":""},"p":"ab"}"#)
            + frame("contentBlockDelta", #"{"contentBlockIndex":1,"delta":{"text":" there"},"p":"ab"}"#)
            + frame("contentBlockStop", #"{"contentBlockIndex":1,"p":"abcd"}"#)
            + frame("messageStop", #"{"p":"abcdefghijklmnopqrstuvwxyzABCDEF","stopReason":"end_turn"}"#)
            + frame("metadata", #"{"metrics":{"latencyMs":412},"p":"abcdefghijklm","usage":{"inputTokens":12,"outputTokens":7,"totalTokens":19}}"#)
    }

    @Test func realisticStream() throws {
        let (deltas, ended) = try decode(.bedrockConverseStream, stream)
        #expect(
            deltas == [
                .reasoning("Hmm.", tokens: nil), .text("Hello", tokens: nil), .text(" there", tokens: nil),
                .finish(reason: "end_turn"), .usage(outputTokens: 7, inputTokens: 12), .end,
            ])
        #expect(ended)
    }

    @Test func splitAtEveryByte() throws {
        let bytes = stream
        let whole = try decode(.bedrockConverseStream, bytes).deltas
        for cut in 0...bytes.count {
            #expect(try decode(.bedrockConverseStream, bytes, cuts: [cut]).deltas == whole, "cut \(cut)")
        }
    }

    @Test func exceptionsAndErrors() throws {
        let exception = AWSEventStreamEncoder.encode(
            AWSEventStreamMessage(
                headers: [
                    ":message-type": .string("exception"), ":exception-type": .string("throttlingException"),
                    ":content-type": .string("application/json"),
                ],
                payload: Array(#"{"message":"Too many requests, please wait before trying again."}"#.utf8)))
        let error = AWSEventStreamEncoder.encode(
            AWSEventStreamMessage(
                headers: [
                    ":message-type": .string("error"), ":error-code": .string("InternalFailure"),
                    ":error-message": .string("boom"),
                ],
                payload: []))
        let (deltas, ended) = try decode(.bedrockConverseStream, frame("contentBlockDelta", #"{"delta":{"text":"a"}}"#) + exception + error)
        #expect(
            deltas == [
                .text("a", tokens: nil), .serverError("throttlingException: Too many requests, please wait before trying again."),
                .serverError("InternalFailure: boom"),
            ])
        #expect(!ended)
    }

    @Test func messageStopWithoutMetadataStillEnds() throws {
        let (deltas, ended) = try decode(.bedrockConverseStream, frame("messageStop", #"{"stopReason":"max_tokens"}"#))
        #expect(deltas == [.finish(reason: "max_tokens"), .end])
        #expect(ended)
    }

    @Test func truncatedAndCorruptFrames() {
        let bytes = stream
        #expect(throws: StreamProtocolError.self) { try decode(.bedrockConverseStream, Array(bytes.dropLast(3))) }
        var bad = bytes
        bad[40] ^= 0xFF
        do {
            _ = try decode(.bedrockConverseStream, bad)
            Issue.record("no error")
        } catch {
            #expect(error.kind == .badCRC)
        }
    }
}
