import JSON

/// What one decoded stream event means to the bench.
public enum StreamDelta: Sendable, Equatable {
    /// Visible generated text (never empty).
    case text(String, tokens: Int?)
    /// Reasoning / thinking text (never empty).
    case reasoning(String, tokens: Int?)
    /// The server's usage report. Some servers send it more than once (cumulative); the last wins.
    case usage(outputTokens: Int, inputTokens: Int?)
    /// The API's explicit end marker: `[DONE]`, Anthropic `message_stop`, Bedrock `metadata`
    /// (the last event of a ConverseStream).
    case end
    /// An error reported inside the stream: a short message, free of secrets.
    case serverError(String)
    /// Why the answer ended, as the server says it (`finish_reason`, Anthropic's `stop_reason`,
    /// Bedrock's `stopReason`). A stream that ends without one was cut short.
    case finish(reason: String)
    /// The server's own timing of the request (llama.cpp's `timings`, on the last event).
    case serverTimings(ReportedTimings)
}

/// The server's own timing report for one request (llama.cpp's `timings`), as the stream carried
/// it; the bench stores it as the result file's `server_timings`.
public struct ReportedTimings: Sendable, Equatable {
    /// Prompt tokens the server processed (not counting tokens it reused from a cache).
    public var promptTokens: Int
    /// Time the server spent on the prompt, ms.
    public var promptMs: Double
    /// Tokens the server generated.
    public var decodeTokens: Int
    /// Time the server spent generating them, ms.
    public var decodeMs: Double

    public init(promptTokens: Int, promptMs: Double, decodeTokens: Int, decodeMs: Double) {
        self.promptTokens = promptTokens
        self.promptMs = promptMs
        self.decodeTokens = decodeTokens
        self.decodeMs = decodeMs
    }
}
