import JSON

/// Framing plus per-API event decoding in one: bytes of a streamed response body in, the
/// events that matter to the bench out.
///
/// SSE-based APIs (OpenAI chat and completions, Anthropic Messages) go through `SSEParser`;
/// Bedrock ConverseStream through `AWSEventStreamDecoder`. The JSON of each event is read with
/// a lazy scanner that extracts only the needed fields, so the per-token cost stays small.
public struct StreamDecoder: Sendable {
    public let api: APIKind
    private var sse = SSEParser()
    private var frames = AWSEventStreamDecoder()
    private(set) var interpreter: EventInterpreter

    public init(api: APIKind) {
        self.api = api
        self.interpreter = EventInterpreter(api: api)
    }

    /// True once the API's explicit end marker was decoded.
    public var sawEndMarker: Bool { interpreter.sawEnd }

    /// Decodes one read of the body.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(StreamProtocolError) -> [StreamDelta] {
        var out: [StreamDelta] = []
        try feed(bytes, into: &out)
        return out
    }

    /// Decodes one read of the body, appending to `out` (lets a caller reuse one array).
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, into out: inout [StreamDelta]) throws(StreamProtocolError) {
        // The interpreter is moved out for the parse (the closure cannot capture `self` while
        // `sse` is being mutated) and back after it: a swap, not a copy of its arrays.
        var interp = EventInterpreter(api: api)
        swap(&interp, &interpreter)
        defer { swap(&interp, &interpreter) }
        switch api {
        case .bedrockConverseStream:
            try frames.decode(bytes) { message throws(StreamProtocolError) in
                try interp.handle(message, into: &out)
            }
        case .openAIChat, .openAICompletions, .anthropicMessages:
            try sse.parse(bytes) { event throws(StreamProtocolError) in
                try interp.handle(event, into: &out)
            }
            // A line or event that never ends would otherwise grow until the request's timeout.
            if sse.bufferedBytes > Self.maxEventBytes {
                throw StreamProtocolError(.frameTooLarge, "an event-stream line or event longer than \(Self.maxEventBytes >> 20) MiB (the limit)")
            }
        }
    }

    /// The longest server-sent-event line or event (a chunk carries a token or a few; even one
    /// with every log-probability is far below this). Binary frames have their own limit,
    /// `AWSEventStreamDecoder.maxMessageLength`.
    public static let maxEventBytes = 1 << 20
    /// The most body bytes one response may have: about 500,000 tokens of OpenAI chunks.
    public static let maxResponseBytes = 128 << 20

    public mutating func feed(_ bytes: [UInt8]) throws(StreamProtocolError) -> [StreamDelta] {
        try bytes.withBytes { raw throws(StreamProtocolError) in try feed(raw) }
    }

    /// The end of the body. Throws if a binary frame is cut off. An unterminated SSE event is
    /// discarded (WHATWG rule). For Bedrock, a stream that reached `messageStop` but lost its
    /// trailing `metadata` event still counts as ended.
    public mutating func finish() throws(StreamProtocolError) -> [StreamDelta] {
        var out: [StreamDelta] = []
        switch api {
        case .bedrockConverseStream:
            try frames.finish()
            if interpreter.sawMessageStop, !interpreter.sawEnd {
                interpreter.sawEnd = true
                out.append(.end)
            }
        case .openAIChat, .openAICompletions, .anthropicMessages:
            // An event cut off by the end of the body is discarded (WHATWG); nothing to decode.
            _ = sse.finish()
        }
        return out
    }
}

/// The per-API meaning of events, and the little state it needs across events.
struct EventInterpreter: Sendable {
    let api: APIKind
    var sawEnd = false
    /// Bedrock: `messageStop` seen (the `metadata` event normally follows).
    var sawMessageStop = false
    /// Anthropic: input tokens from `message_start`, reported with the final usage.
    var inputTokens: Int?
    /// OpenAI: the shape of this stream's token events, once one was decoded (the fast path).
    var template: DeltaTemplate?
    /// Events decoded through `template` since it was learned.
    private(set) var templateHits = 0
    private var templatesLearned = 0

    init(api: APIKind) { self.api = api }

    // MARK: - SSE APIs

    mutating func handle(_ event: SSERawEvent, into out: inout [StreamDelta]) throws(StreamProtocolError) {
        switch api {
        case .openAIChat, .openAICompletions: try handleOpenAI(event, into: &out)
        case .anthropicMessages: try handleAnthropic(event, into: &out)
        case .bedrockConverseStream: break
        }
    }

    private mutating func handleOpenAI(_ event: SSERawEvent, into out: inout [StreamDelta]) throws(StreamProtocolError) {
        do {
            let raw = event.data
            if let template, event.type.isEmpty, let t = template.match(raw) {
                templateHits += 1
                if !t.isEmpty { out.append(template.delta(t)) }
                return
            }
            let data = trimmed(raw)
            if data.isEmpty { return }  // keep-alive `data:` lines
            if data.equals("[DONE]") {
                sawEnd = true
                out.append(.end)
                return
            }
            if event.typeIs("error"), data[0] != UInt8(ascii: "{") {
                out.append(.serverError(shortMessage(String(decoding: data, as: UTF8.self))))
                return
            }
            var s = JSONScanner(data)
            guard var object = try s.beginObject() else { throw s.fail("event data is null") }
            var chunk = OpenAIChunk()
            var probe = DeltaTemplate.Probe()
            while let key = try s.nextKey(&object) {
                if key.equals("choices") {
                    try Self.readChoices(&s, &probe, into: &chunk)
                } else if key.equals("usage") {
                    chunk.usage = try Self.readUsage(&s)
                } else if key.equals("error") {
                    chunk.error = try s.readErrorMessage()
                } else if key.equals("timings") {
                    chunk.timings = try s.readServerTimings()
                } else {
                    try s.skipValue()
                }
            }
            try s.end()
            let before = out.count
            // Servers that send both fields send the same text twice; count it once.
            if let r = chunk.reasoningContent ?? chunk.reasoning { out.append(.reasoning(r, tokens: nil)) }
            if let text = chunk.text { out.append(.text(text, tokens: nil)) }
            for t in chunk.moreTexts { out.append(.text(t, tokens: nil)) }
            if let (output, input) = chunk.usage { out.append(.usage(outputTokens: output, inputTokens: input)) }
            if let finishReason = chunk.finishReason { out.append(.finish(reason: finishReason)) }
            if let timings = chunk.timings { out.append(.serverTimings(timings)) }
            if let error = chunk.error {
                out.append(.serverError(error))
            } else if event.typeIs("error") {
                out.append(.serverError("error event"))
            }
            // Learn (again) unless templates keep being learned and never used (a server whose
            // events all differ): then the copies would be spent for nothing.
            if event.type.isEmpty, out.count == before + 1, templateHits > 0 || templatesLearned < 4,
                let learned = probe.template(of: data, delta: out[before])
            {
                template = learned
                templatesLearned += 1
                templateHits = 0
            }
        }
    }

    /// What one OpenAI chunk (chat or completions) carried, read field by field.
    private struct OpenAIChunk {
        var reasoningContent: String?
        var reasoning: String?
        /// The usual single choice's text, without an array allocation; further texts follow.
        var text: String?
        var moreTexts: [String] = []
        var usage: (Int, Int?)?
        var error: String?
        var finishReason: String?
        var timings: ReportedTimings?

        mutating func addText(_ t: String) {
            if text == nil { text = t } else { moreTexts.append(t) }
        }
    }

    /// `choices`: each choice's `delta` (chat: content, content parts, reasoning) or `text`
    /// (completions), and its finish reason.
    private static func readChoices(
        _ s: inout JSONScanner, _ probe: inout DeltaTemplate.Probe, into chunk: inout OpenAIChunk
    ) throws(StreamProtocolError) {
        guard var choices = try s.beginArray() else { return }
        while try s.nextElement(&choices) {
            guard var choice = try s.beginObject() else { continue }
            while let k = try s.nextKey(&choice) {
                if k.equals("delta") {
                    guard var delta = try s.beginObject() else { continue }
                    while let d = try s.nextKey(&delta) {
                        if d.equals("content") {
                            if try s.peekKind() == .array {
                                // Content parts (Mistral-style): text parts and thinking parts.
                                probe.disqualify()
                                try s.readContentParts(text: &chunk.moreTexts, reasoning: &chunk.reasoningContent)
                            } else if let t = try probe.readString(&s), !t.isEmpty {
                                chunk.addText(t)
                            }
                        } else if d.equals("reasoning_content") {
                            if let t = try probe.readString(&s), !t.isEmpty { chunk.reasoningContent = (chunk.reasoningContent ?? "") + t }
                        } else if d.equals("reasoning") {
                            if let t = try probe.readString(&s), !t.isEmpty { chunk.reasoning = (chunk.reasoning ?? "") + t }
                        } else {
                            try s.skipValue()
                        }
                    }
                } else if k.equals("text") {
                    if let t = try probe.readString(&s), !t.isEmpty { chunk.addText(t) }
                } else if k.equals("finish_reason") {
                    if let r = try s.readStringLenient(), !r.isEmpty { chunk.finishReason = r }
                } else {
                    try s.skipValue()
                }
            }
        }
    }

    /// `usage`: completion tokens (and prompt tokens), nil without a completion count.
    private static func readUsage(_ s: inout JSONScanner) throws(StreamProtocolError) -> (Int, Int?)? {
        guard var u = try s.beginObject() else { return nil }
        var output: Int?
        var input: Int?
        while let k = try s.nextKey(&u) {
            if k.equals("completion_tokens") {
                output = try s.readInt()
            } else if k.equals("prompt_tokens") {
                input = try s.readInt()
            } else {
                try s.skipValue()
            }
        }
        return output.map { ($0, input) }
    }

    private mutating func handleAnthropic(_ event: SSERawEvent, into out: inout [StreamDelta]) throws(StreamProtocolError) {
        do {
            let data = trimmed(event.data)
            if data.isEmpty { return }
            var s = JSONScanner(data)
            guard var object = try s.beginObject() else { throw s.fail("event data is null") }
            var type: String?
            var text: String?
            var thinking: String?
            var outputTokens: Int?
            var inputTokens: Int?
            var startInputTokens: Int?
            var stopReason: String?
            var error: String?
            while let key = try s.nextKey(&object) {
                if key.equals("type") {
                    type = try s.readString()
                } else if key.equals("delta") {
                    guard var delta = try s.beginObject() else { continue }
                    while let k = try s.nextKey(&delta) {
                        if k.equals("text") {
                            text = try s.readStringLenient()
                        } else if k.equals("thinking") {
                            thinking = try s.readStringLenient()
                        } else if k.equals("stop_reason") {
                            stopReason = try s.readStringLenient()
                        } else {
                            try s.skipValue()
                        }
                    }
                } else if key.equals("usage") {
                    guard var u = try s.beginObject() else { continue }
                    while let k = try s.nextKey(&u) {
                        if k.equals("output_tokens") {
                            outputTokens = try s.readInt()
                        } else if k.equals("input_tokens") {
                            inputTokens = try s.readInt()
                        } else {
                            try s.skipValue()
                        }
                    }
                } else if key.equals("message") {
                    // message_start: {"message": {..., "usage": {"input_tokens": N, ...}}}
                    guard var m = try s.beginObject() else { continue }
                    while let k = try s.nextKey(&m) {
                        if k.equals("usage"), var u = try s.beginObject() {
                            while let uk = try s.nextKey(&u) {
                                if uk.equals("input_tokens") { startInputTokens = try s.readInt() } else { try s.skipValue() }
                            }
                        } else if !k.equals("usage") {
                            try s.skipValue()
                        }
                    }
                } else if key.equals("error") {
                    error = try s.readErrorMessage()
                } else {
                    try s.skipValue()
                }
            }
            try s.end()
            let kind = type ?? (event.type.isEmpty ? "message" : String(decoding: event.type, as: UTF8.self))
            switch kind {
            case "content_block_delta":
                if let thinking, !thinking.isEmpty { out.append(.reasoning(thinking, tokens: nil)) }
                if let text, !text.isEmpty { out.append(.text(text, tokens: nil)) }
            case "message_start":
                self.inputTokens = startInputTokens
            case "message_delta":
                if let stopReason, !stopReason.isEmpty { out.append(.finish(reason: stopReason)) }
                if let outputTokens {
                    out.append(.usage(outputTokens: outputTokens, inputTokens: inputTokens ?? self.inputTokens))
                }
            case "message_stop":
                sawEnd = true
                out.append(.end)
            case "error":
                out.append(.serverError(error ?? "error event"))
            default:
                break  // ping, content_block_start/stop, unknown future events
            }
        }
    }

    // MARK: - Bedrock ConverseStream

    mutating func handle(_ message: AWSEventStreamMessage, into out: inout [StreamDelta]) throws(StreamProtocolError) {
        let messageType = message.headers[":message-type"]?.stringValue ?? "event"
        switch messageType {
        case "event": break
        case "exception":
            let name = message.headers[":exception-type"]?.stringValue ?? "exception"
            let text = try message.payload.withBytes { raw throws(StreamProtocolError) in try Self.payloadMessage(raw) }
            out.append(.serverError(shortMessage(text.map { "\(name): \($0)" } ?? name)))
            return
        default:  // "error"
            let code = message.headers[":error-code"]?.stringValue ?? "error"
            let text = message.headers[":error-message"]?.stringValue
            out.append(.serverError(shortMessage(text.map { "\(code): \($0)" } ?? code)))
            return
        }
        guard let eventType = message.headers[":event-type"]?.stringValue else {
            throw StreamProtocolError(.malformedEvent, "event-stream event without an :event-type header")
        }
        switch eventType {
        case "contentBlockDelta":
            try message.payload.withBytes { raw throws(StreamProtocolError) in
                var s = JSONScanner(raw)
                guard var object = try s.beginObject() else { throw s.fail("payload is null") }
                var text: String?
                var reasoning: String?
                while let key = try s.nextKey(&object) {
                    guard key.equals("delta"), var delta = try s.beginObject() else {
                        if !key.equals("delta") { try s.skipValue() }
                        continue
                    }
                    while let k = try s.nextKey(&delta) {
                        if k.equals("text") {
                            text = try s.readStringLenient()
                        } else if k.equals("reasoningContent"), var rc = try s.beginObject() {
                            while let rk = try s.nextKey(&rc) {
                                if rk.equals("text") { reasoning = try s.readStringLenient() } else { try s.skipValue() }
                            }
                        } else if !k.equals("reasoningContent") {
                            try s.skipValue()
                        }
                    }
                }
                try s.end()
                if let reasoning, !reasoning.isEmpty { out.append(.reasoning(reasoning, tokens: nil)) }
                if let text, !text.isEmpty { out.append(.text(text, tokens: nil)) }
            }
        case "messageStop":
            sawMessageStop = true
            let reason = try message.payload.withBytes { raw throws(StreamProtocolError) in try Self.payloadString(raw, key: "stopReason") }
            if let reason, !reason.isEmpty { out.append(.finish(reason: reason)) }
        case "metadata":
            try message.payload.withBytes { raw throws(StreamProtocolError) in
                var s = JSONScanner(raw)
                guard var object = try s.beginObject() else { throw s.fail("payload is null") }
                var output: Int?
                var input: Int?
                while let key = try s.nextKey(&object) {
                    guard key.equals("usage"), var u = try s.beginObject() else {
                        if !key.equals("usage") { try s.skipValue() }
                        continue
                    }
                    while let k = try s.nextKey(&u) {
                        if k.equals("outputTokens") {
                            output = try s.readInt()
                        } else if k.equals("inputTokens") {
                            input = try s.readInt()
                        } else {
                            try s.skipValue()
                        }
                    }
                }
                try s.end()
                if let output { out.append(.usage(outputTokens: output, inputTokens: input)) }
            }
            sawEnd = true
            out.append(.end)
        default:
            break  // messageStart, contentBlockStart, contentBlockStop, future events
        }
    }

    /// A top-level string field of an event payload; nil when absent or not a string.
    private static func payloadString(_ raw: UnsafeRawBufferPointer, key wanted: StaticString) throws(StreamProtocolError) -> String? {
        let data = trimmed(raw)
        if data.isEmpty { return nil }
        var s = JSONScanner(data)
        guard var object = try s.beginObject() else { return nil }
        var value: String?
        while let key = try s.nextKey(&object) {
            if key.equals(wanted) {
                value = try s.readStringLenient()
            } else {
                try s.skipValue()
            }
        }
        return value
    }

    /// The `message` field of an exception payload.
    private static func payloadMessage(_ raw: UnsafeRawBufferPointer) throws(StreamProtocolError) -> String? {
        let data = trimmed(raw)
        if data.isEmpty { return nil }
        var s = JSONScanner(data)
        guard var object = try s.beginObject() else { return nil }
        var message: String?
        while let key = try s.nextKey(&object) {
            if key.equals("message") || key.equals("Message") {
                message = try s.readStringLenient()
            } else {
                try s.skipValue()
            }
        }
        return message
    }
}

extension JSONScanner {
    /// An array of content parts: `{"type":"text","text":…}` parts are appended to `text`;
    /// `{"type":"thinking","thinking":…}` parts (a string or an array of text parts) to `reasoning`.
    mutating func readContentParts(text: inout [String], reasoning: inout String?) throws(StreamProtocolError) {
        guard var parts = try beginArray() else { return }
        while try nextElement(&parts) {
            guard try peekKind() == .object, var part = try beginObject() else {
                if let t = try readStringLenient(), !t.isEmpty { text.append(t) }
                continue
            }
            var partText: String?
            var thinking = ""
            while let k = try nextKey(&part) {
                if k.equals("text") {
                    partText = try readStringLenient()
                } else if k.equals("thinking") {
                    if try peekKind() == .array {
                        var inner: [String] = []
                        var ignored: String?
                        try readContentParts(text: &inner, reasoning: &ignored)
                        thinking += inner.joined()
                    } else if let t = try readStringLenient() {
                        thinking += t
                    }
                } else {
                    try skipValue()
                }
            }
            if let partText, !partText.isEmpty { text.append(partText) }
            if !thinking.isEmpty { reasoning = (reasoning ?? "") + thinking }
        }
    }

    /// llama.cpp's `timings` object: `prompt_n`, `prompt_ms`, `predicted_n`, `predicted_ms`
    /// (other keys skipped); nil when it is not an object or lacks the decode figures.
    mutating func readServerTimings() throws(StreamProtocolError) -> ReportedTimings? {
        guard try peekKind() == .object, var o = try beginObject() else {
            try skipValue()
            return nil
        }
        var promptN: Int?, predictedN: Int?
        var promptMs: Double?, predictedMs: Double?
        while let k = try nextKey(&o) {
            if k.equals("prompt_n") {
                promptN = try readInt()
            } else if k.equals("prompt_ms") {
                promptMs = try readNumber()
            } else if k.equals("predicted_n") {
                predictedN = try readInt()
            } else if k.equals("predicted_ms") {
                predictedMs = try readNumber()
            } else {
                try skipValue()
            }
        }
        // Counts outside what a result file holds (0...2^31-1) make the report unusable, not the
        // file: it is left out rather than written where sitegen would refuse it.
        guard let predictedN, let predictedMs, (0...Int(Int32.max)).contains(predictedN), predictedMs.isFinite, predictedMs >= 0
        else { return nil }
        let pMs = promptMs.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil } ?? 0
        let pN = promptN.flatMap { (0...Int(Int32.max)).contains($0) ? $0 : nil } ?? 0
        return ReportedTimings(promptTokens: pN, promptMs: pMs, decodeTokens: predictedN, decodeMs: predictedMs)
    }

    /// A string, or nil for `null` or a non-string value (skipped): servers are not always
    /// strict about field types, and a wrong type must not lose the rest of the stream.
    mutating func readStringLenient() throws(StreamProtocolError) -> String? {
        if try peekKind() == .string { return try readString() }
        try skipValue()
        return nil
    }

    /// An `error` value: an object with `type`/`code` and `message`, or a plain string.
    mutating func readErrorMessage() throws(StreamProtocolError) -> String {
        switch try peekKind() {
        case .string:
            return shortMessage(try readString() ?? "")
        case .object:
            var o = try beginObject()!
            var type: String?
            var message: String?
            while let k = try nextKey(&o) {
                if k.equals("message") {
                    message = try readStringLenient()
                } else if k.equals("type") || (k.equals("code") && type == nil) {
                    if try peekKind() == .number { type = try readInt().map(String.init) } else { type = try readStringLenient() }
                } else {
                    try skipValue()
                }
            }
            let parts = [type, message].compactMap { $0 }.filter { !$0.isEmpty }
            return shortMessage(parts.isEmpty ? "error" : parts.joined(separator: ": "))
        default:
            try skipValue()
            return "error"
        }
    }
}

/// Whitespace-trimmed view of event data.
func trimmed(_ raw: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
    var a = 0
    var b = raw.count
    func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    while a < b, isSpace(raw[a]) { a += 1 }
    while b > a, isSpace(raw[b - 1]) { b -= 1 }
    return UnsafeRawBufferPointer(rebasing: raw[a..<b])
}

/// A server's error text made safe to record: single line, at most 200 characters.
func shortMessage(_ s: String) -> String {
    var out = String(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
    if out.count > 200 { out = String(out.prefix(199)) + "…" }
    return out
}
