import Randomness
import Testing

@testable import StreamProtocols

/// The OpenAI decoder's template fast path (`DeltaTemplate`) against the strict decoder.
///
/// A fresh `StreamDecoder` has no template, so decoding each event on its own is the strict
/// decoder's answer; one decoder fed the whole stream (whole, cut at random points, byte by byte)
/// learns a template from the first token event and takes the fast path wherever an event fits
/// it. Both must give the same deltas, and the same error at the same event.
@Suite struct DeltaTemplateTests {
    /// Token values as they appear in the JSON (escaped or raw) that the strict decoder accepts.
    static let tokens: [[UInt8]] = [
        "\"Hello\"", "\" world\"", "\"\"", "\" \"", "\"über\"", "\"🌍\"", "\"日本語\"", "\"a\\\"b\"", "\"back\\\\slash\"",
        "\"line\\nbreak\"", "\"tab\\t\"", "\"\\/\"", "\"\\u00e9\"", "\"\\ud83c\\udf0d\"", "\"\\ud800\"", "\"\\udc00x\"",
        "\"\\u0000\"", "\"trailing\\\\\"", "\"a\",\"x\":\"b\"", "\"a\"  ", "null", "42", "\"}]}\"", "\"\\\"}]}\"",
        "\"{\\\"content\\\":\\\"x\\\"}\"",
    ].map { Array($0.utf8) } + [
        [0x22, 0xFF, 0xFE, 0x22],  // invalid UTF-8: repaired the same way by both
        [0x22, 0xC3, 0x22],  // a cut UTF-8 sequence
        [0x22, 0x7F, 0x22],
    ]

    /// Token values the strict decoder rejects (each ends a stream with an error).
    static let badTokens: [[UInt8]] = ["\"\\uZZZZ\"", "\"\\q\"", "\"unterminated", "\"\\"].map { Array($0.utf8) } + [
        [0x22, 0x01, 0x22]  // a raw control character
    ]

    /// Event JSON shapes around one token (`@` marks where it goes).
    static let shapes: [String] = [
        #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1717000000,"model":"m","choices":[{"index":0,"delta":{"content":@},"logprobs":null,"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1717000001,"model":"m","choices":[{"index":0,"delta":{"content":@},"logprobs":null,"finish_reason":null}]}"#,
        #"{"id":"cmpl-2","choices":[{"index":0,"delta":{"reasoning_content":@},"finish_reason":null}]}"#,
        #"{"id":"cmpl-2","choices":[{"index":0,"delta":{"reasoning":@},"finish_reason":null}]}"#,
        #"{"id":"cmpl-2","choices":[{"index":0,"delta":{"reasoning_content":"","reasoning":@}}]}"#,
        #"{"id":"cmpl-2","choices":[{"index":0,"delta":{"reasoning_content":"fixed","reasoning":@}}]}"#,
        #"{"id":"cmpl-3","choices":[{"text":@,"index":0,"logprobs":null,"finish_reason":null}]}"#,
        #"{"choices":[{"delta":{"content":"fixed","content":@}}]}"#,
        #"{"choices":[{"delta":{"content":@}},{"delta":{"content":"second"}}]}"#,
        #"{"choices":[{"delta":{"content":@}}],"usage":{"prompt_tokens":3,"completion_tokens":7}}"#,
        #"{"choices":[{"delta":{"content":@}}],"error":{"type":"server_error","message":"boom"}}"#,
        #"{"choices":[{"delta":{"content":@,"role":"assistant"}}]}"#,
        #" {"choices":[{"delta":{"content":@}}]} "#,
        #"{"choices":[{"delta":{"content":[{"type":"text","text":@}]}}]}"#,
    ]

    /// Shapes the strict decoder rejects whatever the token.
    static let badShapes: [String] = [
        #"{"choices":[{"delta":{"content":@}}]}x"#,
        #"{"choices":[{"delta":{"content":@}}]"#,
    ]

    /// Whole events (SSE lines included) that are not token events of a shape.
    static let others: [String] = [
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}\n\n",
        "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2}}\n\n",
        ": keep-alive comment\n\n",
        "data:\n\n",
        "event: error\ndata: {\"error\":{\"message\":\"overloaded\"}}\n\n",
        "event: error\ndata: plain text error\n\n",
        "data: [DONE]\n\n",
    ]

    /// One SSE event for `json`, in one of a few wire forms (all one event to the parser).
    static func event(_ json: [UInt8], form: Int) -> [UInt8] {
        switch form {
        case 0: return Array("data: ".utf8) + json + [10, 10]
        case 1: return Array("data:".utf8) + json + [13, 10, 13, 10]
        case 2: return Array("id: 5\ndata: ".utf8) + json + Array("\nretry: 10\n\n".utf8)
        case 3: return Array("data: ".utf8) + json + Array("\n: comment\n\n".utf8)
        default: return Array("event: message\ndata: ".utf8) + json + [10, 10]
        }
    }

    static func fill(_ shape: String, _ token: [UInt8]) -> [UInt8] {
        let s = Array(shape.utf8)
        let at = s.firstIndex(of: UInt8(ascii: "@"))!
        return Array(s[..<at]) + token + Array(s[(at + 1)...])
    }

    /// A random stream: mostly token events of a few shapes (so templates are learned, used and
    /// replaced), with other events mixed in.
    static func stream(_ g: inout SplitMix64) -> [[UInt8]] {
        let shapes = (0..<(1 + g.below(3))).map { _ in g.pick(Self.shapes) }
        return (0..<(5 + g.below(40))).map { _ -> [UInt8] in
            switch g.below(60) {
            case 0: return Array(g.pick(others).utf8)
            case 1: return event(fill(g.pick(shapes), g.pick(badTokens)), form: 0)
            case 2: return event(fill(g.pick(badShapes), g.pick(tokens)), form: 0)
            case 3..<6: return event(fill(g.pick(shapes), g.pick(tokens)), form: g.below(5))
            default: return event(fill(g.pick(shapes), g.pick(tokens)), form: 0)
            }
        }
    }

    enum Outcome: Equatable {
        case deltas([StreamDelta])
        case failed([StreamDelta], StreamProtocolError)
    }

    /// The strict answer: every event decoded by a fresh decoder, up to the first error.
    static func strict(_ events: [[UInt8]]) -> Outcome {
        var out: [StreamDelta] = []
        for e in events {
            var d = StreamDecoder(api: .openAIChat)
            do throws(StreamProtocolError) {
                out += try d.feed(e)
                out += try d.finish()
            } catch {
                return .failed(out, error)
            }
        }
        return .deltas(out)
    }

    /// One decoder over the whole stream, fed in reads ending at `cuts`.
    static func streamed(_ events: [[UInt8]], cuts: [Int]) -> Outcome {
        let bytes = events.flatMap { $0 }
        var d = StreamDecoder(api: .openAIChat)
        var out: [StreamDelta] = []
        var start = 0
        do throws(StreamProtocolError) {
            for cut in cuts + [bytes.count] where cut >= start {
                // `feed(_:into:)` keeps the deltas decoded before an error in the same read.
                try Array(bytes[start..<cut]).withBytes { raw throws(StreamProtocolError) in try d.feed(raw, into: &out) }
                start = cut
            }
            out += try d.finish()
        } catch {
            return .failed(out, error)
        }
        return .deltas(out)
    }

    @Test func fastPathGivesTheStrictDeltasAndErrors() {
        var g = SplitMix64(seed: 20_261_130)
        var fastHits = 0
        for round in 0..<600 {
            let events = Self.stream(&g)
            let expected = Self.strict(events)
            let total = events.reduce(0) { $0 + $1.count }
            var perEvent: [Int] = []  // one read per event, as the bench's streams arrive
            for e in events.dropLast() { perEvent.append((perEvent.last ?? 0) + e.count) }
            var cutSets: [[Int]] = [[], perEvent]
            for _ in 0..<3 { cutSets.append((0..<(1 + g.below(6))).map { _ in g.below(total + 1) }.sorted()) }
            for cuts in cutSets {
                let got = Self.streamed(events, cuts: cuts)
                if got != expected {
                    Issue.record("round \(round), cuts \(cuts): \(got) != \(expected)")
                    return
                }
            }
            // Count events the fast path took (one read per event), so the test shows it ran.
            var d = StreamDecoder(api: .openAIChat)
            var out: [StreamDelta] = []
            for e in events {
                let before = d.interpreterTemplateHits
                do {
                    out += try d.feed(e)
                } catch { break }
                fastHits += d.interpreterTemplateHits > before ? 1 : 0
            }
        }
        #expect(fastHits > 1_000)  // 1,850 with this seed
    }

    @Test func byteByByteStreamsAgree() {
        var g = SplitMix64(seed: 7)
        for round in 0..<40 {
            let events = Array(Self.stream(&g).prefix(8))
            let total = events.reduce(0) { $0 + $1.count }
            let got = Self.streamed(events, cuts: Array(0...total))
            let expected = Self.strict(events)
            #expect(got == expected, "round \(round)")
        }
    }

    @Test func learnedTemplateSplitsAroundTheToken() throws {
        var d = StreamDecoder(api: .openAIChat)
        let first = Self.event(Self.fill(Self.shapes[0], Array("\"Hi\"".utf8)), form: 0)
        let second = Self.event(Self.fill(Self.shapes[0], Array("\" there\\n\"".utf8)), form: 0)
        #expect(try d.feed(first) == [.text("Hi", tokens: nil)])
        #expect(d.interpreterTemplateHits == 0)
        #expect(try d.feed(second) == [.text(" there\n", tokens: nil)])
        #expect(d.interpreterTemplateHits == 1)
        let empty = Self.event(Self.fill(Self.shapes[0], Array("\"\"".utf8)), form: 0)
        #expect(try d.feed(empty) == [])
        #expect(d.interpreterTemplateHits == 2)
    }

    @Test func noTemplateFromEventsWhereMoreThanTheStringDecides() throws {
        // Two token strings, a usage report, content parts: each decoded strictly every time.
        for shape in [Self.shapes[7], Self.shapes[8], Self.shapes[9], Self.shapes[13]] {
            var d = StreamDecoder(api: .openAIChat)
            for word in ["\"a\"", "\"b\"", "\"c\""] {
                _ = try d.feed(Self.event(Self.fill(shape, Array(word.utf8)), form: 0))
            }
            #expect(d.interpreterTemplateHits == 0, "\(shape)")
        }
    }
}

extension StreamDecoder {
    /// Events the interpreter decoded through its template (for tests).
    var interpreterTemplateHits: Int { interpreter.templateHits }
}

/// Test draws on the project's seeded generator, so a failure can be replayed.
extension SplitMix64 {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
}
