import Hummingbird

/// Which OpenAI API a request came in on.
enum CompletionAPI: Sendable {
    case chat  // /v1/chat/completions
    case text  // /v1/completions
}

/// Builds the bytes of one response: SSE events or a whole JSON completion.
///
/// The fixed parts of a chunk (id, created, model) are rendered once per request, so each chunk
/// costs one small allocation plus the words it carries.
struct CompletionEncoder: Sendable {
    let api: CompletionAPI
    let responseID: String
    let model: String
    let created: Int
    let wordOffset: Int
    private let head: [UInt8]          // `data: {"id":...,"model":...,` up to "choices"
    private let contentPrefix: [UInt8]
    private let contentSuffix: [UInt8]

    init(api: CompletionAPI, responseID: String, model: String, created: Int, wordOffset: Int) {
        self.api = api
        self.responseID = responseID
        self.model = model
        self.created = created
        self.wordOffset = wordOffset
        let object = api == .chat ? "chat.completion.chunk" : "text_completion"
        let head = "data: {\"id\":\(jsonString(responseID)),\"object\":\"\(object)\",\"created\":\(created),\"model\":\(jsonString(model)),"
        self.head = Array(head.utf8)
        switch api {
        case .chat:
            contentPrefix = Array((head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").utf8)
            contentSuffix = Array("\"},\"finish_reason\":null}]}\n\n".utf8)
        case .text:
            contentPrefix = Array((head + "\"choices\":[{\"text\":\"").utf8)
            contentSuffix = Array("\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}]}\n\n".utf8)
        }
    }

    // MARK: Streaming events

    /// The opening event that carries no token: the assistant role (chat) or empty text.
    func openingEvent() -> ByteBuffer {
        switch api {
        case .chat:
            return event("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}")
        case .text:
            return event("\"choices\":[{\"text\":\"\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}]}")
        }
    }

    /// A content event carrying tokens `first..<first+count`.
    func contentEvent(firstToken first: Int, count: Int) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(contentPrefix.count + contentSuffix.count + count * 12)
        buffer.writeBytes(contentPrefix)
        for index in first..<(first + count) { buffer.writeBytes(Self.word(wordOffset &+ index)) }
        buffer.writeBytes(contentSuffix)
        return buffer
    }

    /// The closing events: the finish reason, the usage report if asked for, and `[DONE]`.
    func closingEvents(finishReason: String, usage: (prompt: Int, completion: Int)?) -> ByteBuffer {
        var buffer = ByteBuffer()
        switch api {
        case .chat:
            appendEvent("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"\(finishReason)\"}]}", to: &buffer)
        case .text:
            appendEvent(
                "\"choices\":[{\"text\":\"\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"\(finishReason)\"}]}",
                to: &buffer)
        }
        if let usage {
            appendEvent("\"choices\":[],\(Self.usageJSON(usage))}", to: &buffer)
        }
        buffer.writeString("data: [DONE]\n\n")
        return buffer
    }

    /// An event whose data is truncated, invalid JSON (the malformed-event fault).
    func malformedEvent() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeBytes(head)
        buffer.writeString(api == .chat ? "\"choices\":[{\"index\":0,\"delta\":{\"content\":\n\n" : "\"choices\":[{\"text\":\n\n")
        return buffer
    }

    // MARK: Whole responses

    /// A non-streamed completion carrying `tokens` words.
    func completion(tokens: Int, finishReason: String, promptTokens: Int) -> ByteBuffer {
        var text = ByteBuffer()
        for index in 0..<tokens { text.writeBytes(Self.word(wordOffset &+ index)) }
        let content = text.readString(length: text.readableBytes) ?? ""
        let object = api == .chat ? "chat.completion" : "text_completion"
        let choice: String
        switch api {
        case .chat:
            choice = "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"\(content)\"},\"finish_reason\":\"\(finishReason)\"}"
        case .text:
            choice = "{\"text\":\"\(content)\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"\(finishReason)\"}"
        }
        let json = "{\"id\":\(jsonString(responseID)),\"object\":\"\(object)\",\"created\":\(created),\"model\":\(jsonString(model)),\"choices\":[\(choice)],\(Self.usageJSON((promptTokens, tokens)))}"
        return ByteBuffer(string: json)
    }

    /// The text a request of `tokens` words streams, for checking a client's reassembly.
    func text(tokens: Int) -> String {
        var result = ""
        for index in 0..<tokens { result += String(decoding: Self.word(wordOffset &+ index), as: UTF8.self) }
        return result
    }

    // MARK: Helpers

    private func event(_ tail: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        appendEvent(tail, to: &buffer)
        return buffer
    }

    /// Appends `data: ` + the shared head + `tail` + the blank line ending the event.
    private func appendEvent(_ tail: String, to buffer: inout ByteBuffer) {
        buffer.writeBytes(head)
        buffer.writeString(tail)
        buffer.writeString("\n\n")
    }

    private static func usageJSON(_ usage: (prompt: Int, completion: Int)) -> String {
        "\"usage\":{\"prompt_tokens\":\(usage.prompt),\"completion_tokens\":\(usage.completion),\"total_tokens\":\(usage.prompt + usage.completion)}"
    }

    /// Token `index` of the simulated text: one word with its leading space (no JSON escaping needed).
    static func word(_ index: Int) -> [UInt8] {
        words[Int(UInt(bitPattern: index) % UInt(words.count))]
    }

    private static let words: [[UInt8]] = [
        "the", "model", "streams", "a", "token", "at", "each", "step", "and", "latency", "is", "measured",
        "from", "request", "to", "first", "byte", "while", "throughput", "counts", "tokens", "per", "second",
        "under", "load", "with", "queueing", "when", "capacity", "runs", "out", "so", "every", "chunk",
        "arrives", "on", "time", "or", "late", "as", "the", "profile", "says", "benchmark", "simulated",
        "endpoint", "answers", "in", "kind", "words", "flow", "steadily", "until", "done",
    ].map { Array(" \($0)".utf8) }
}

/// `value` as a JSON string literal, quotes included.
func jsonString(_ value: String) -> String {
    var out = "\""
    out.reserveCapacity(value.utf8.count + 2)
    for scalar in value.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
