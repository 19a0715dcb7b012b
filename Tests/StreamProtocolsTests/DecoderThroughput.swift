import Foundation
import Testing

@testable import StreamProtocols
import TestSupport

/// A manual measurement, not a test of speed: it runs only when STREAM_PROTOCOLS_BENCH is set,
/// prints the cost per streamed token and checks only that every token was decoded.
///     STREAM_PROTOCOLS_BENCH=1 swift test -c release --filter DecoderThroughput
@Suite(.enabled(if: ProcessInfo.processInfo.environment["STREAM_PROTOCOLS_BENCH"] != nil))
struct DecoderThroughput {
    static let tokens = 200_000

    /// One read per event (the worst case: every token arrives in its own network read).
    func measure(_ api: APIKind, reads: [[UInt8]]) -> Double {
        var best = Double.infinity
        for _ in 0..<5 {
            var decoder = StreamDecoder(api: api)
            var count = 0
            let start = ContinuousClock.now
            for read in reads {
                let deltas = try! decoder.feed(read)
                for d in deltas { if case .text = d { count += 1 } }
            }
            let elapsed = ContinuousClock.now - start
            #expect(count == reads.count - 2)
            let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            best = min(best, ns / Double(count))
        }
        return best
    }

    @Test func openAIChat() {
        var reads: [[UInt8]] = [Array(#"data: {"id":"chatcmpl-AbCdEf0123456789","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0123456789","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}"#.utf8) + [10, 10]]
        let words = ["Hello", " world", ",", " the", " quick", " brown", " fox", " jumps", " über", " 🌍"]
        for i in 0..<Self.tokens {
            reads.append(Array(#"data: {"id":"chatcmpl-AbCdEf0123456789","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0123456789","choices":[{"index":0,"delta":{"content":"\#(words[i % words.count])"},"logprobs":null,"finish_reason":null}],"usage":null}"#.utf8) + [10, 10])
        }
        reads.append(Array("data: {\"id\":\"x\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":\(Self.tokens)}}\n\ndata: [DONE]\n\n".utf8))
        let ns = measure(.openAIChat, reads: reads)
        print("StreamDecoder openai-chat: \(String(format: "%.0f", ns)) ns per token (one \(reads[1].count)-byte event per read)")
    }

    @Test func anthropic() {
        var reads: [[UInt8]] = [Array("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n".utf8)]
        for _ in 0..<Self.tokens {
            reads.append(Array("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" token\"}}\n\n".utf8))
        }
        reads.append(Array("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n".utf8))
        let ns = measure(.anthropicMessages, reads: reads)
        print("StreamDecoder anthropic-messages: \(String(format: "%.0f", ns)) ns per token")
    }

    @Test func bedrock() {
        func frame(_ type: String, _ json: String) -> [UInt8] {
            AWSEventStreamEncoder.encode(
                AWSEventStreamMessage(
                    headers: [":message-type": .string("event"), ":event-type": .string(type), ":content-type": .string("application/json")],
                    payload: Array(json.utf8)))
        }
        var reads = [frame("messageStart", #"{"role":"assistant","p":"abcd"}"#)]
        let delta = frame("contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"text":" token"},"p":"abcdefghijklmnopqrstu"}"#)
        for _ in 0..<Self.tokens { reads.append(delta) }
        reads.append(frame("metadata", #"{"usage":{"inputTokens":1,"outputTokens":1}}"#))
        let ns = measure(.bedrockConverseStream, reads: reads)
        print("StreamDecoder bedrock-converse-stream: \(String(format: "%.0f", ns)) ns per token")
    }
}
