/// One request as the bench saw it. All times are microseconds from the run start.
public struct RequestRecord: Sendable, Equatable {
    /// Position in the workload (0-based); the same id means the same prompt across providers.
    public var id: Int
    /// When the workload said the request was due.
    public var scheduled: Int64
    /// When it was handed to the HTTP connection.
    public var sent: Int64
    /// First event carrying generated text of any kind (reasoning or visible); `nil` if none came.
    public var firstToken: Int64?
    /// First event carrying visible answer text, when it differs from `firstToken` (reasoning models).
    public var firstVisibleToken: Int64?
    /// Receipt of the last event of the stream (or the failure).
    public var end: Int64
    /// Generated tokens, from the usage report or by counting events (see `ResultFile.tokenCount`).
    public var outputTokens: Int
    /// Receipt time of every token-bearing event, absolute (microseconds from run start), ascending.
    public var chunkTimes: [Int64]
    /// Tokens carried by each chunk where known; `nil` means one token per chunk was assumed.
    public var chunkTokens: [Int]?
    /// `nil` for a successful request.
    public var error: RequestError?
    /// The server's own account of the request's timing, when its stream carried one
    /// (llama.cpp's `timings`); format 2.1.
    public var serverTimings: ServerTimings?

    public var succeeded: Bool { error == nil }

    public init(
        id: Int, scheduled: Int64, sent: Int64, firstToken: Int64?, firstVisibleToken: Int64? = nil, end: Int64,
        outputTokens: Int, chunkTimes: [Int64], chunkTokens: [Int]? = nil, error: RequestError? = nil,
        serverTimings: ServerTimings? = nil
    ) {
        self.id = id
        self.scheduled = scheduled
        self.sent = sent
        self.firstToken = firstToken
        self.firstVisibleToken = firstVisibleToken
        self.end = end
        self.outputTokens = outputTokens
        self.chunkTimes = chunkTimes
        self.chunkTokens = chunkTokens
        self.error = error
        self.serverTimings = serverTimings
    }
}

/// What the server itself measured for one request, as it reported it in the stream
/// (llama.cpp's `timings`: `prompt_n`, `prompt_ms`, `predicted_n`, `predicted_ms`). The bench
/// compares its own decode time per token with `decodeMs / decodeTokens` to check itself.
public struct ServerTimings: Sendable, Equatable {
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

    /// The server's decode time per generated token, ms; nil without tokens.
    public var decodeMsPerToken: Double? { decodeTokens > 0 ? decodeMs / Double(decodeTokens) : nil }
}

/// Why a request failed.
public struct RequestError: Sendable, Equatable {
    public var kind: ErrorKind
    /// HTTP status where there was one.
    public var status: Int?
    /// A short, secret-free message.
    public var message: String
    /// `Retry-After` seconds from a 429, when the server sent one.
    public var retryAfterSeconds: Double?

    public init(kind: ErrorKind, status: Int? = nil, message: String, retryAfterSeconds: Double? = nil) {
        self.kind = kind
        self.status = status
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// Failure classes, coarse enough to compare providers (docs/metrics.md, "Failures").
public enum ErrorKind: String, Sendable, Equatable, CaseIterable, Comparable {
    /// 429 Too Many Requests.
    case rateLimited = "rate_limited"
    /// Any other 4xx.
    case httpClient = "http_4xx"
    /// 5xx.
    case httpServer = "http_5xx"
    /// The request timeout or a stall timeout elapsed.
    case timeout
    /// Connect, TLS or DNS failure before any response.
    case connect
    /// The connection was reset or closed mid-stream.
    case reset
    /// The stream ended without its end marker, or without the finish reason that says the
    /// answer is complete.
    case truncated
    /// The stream ended normally but carried no generated text (e.g. `finish_reason: stop` or
    /// `content_filter` before any token); format 2.1.
    case empty
    /// An event that could not be parsed, or an error event inside the stream.
    case malformed
    /// The run was interrupted before the request finished.
    case cancelled
    /// Anything else.
    case other

    public static func < (lhs: ErrorKind, rhs: ErrorKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The coarse availability class of issue "Numbers that hold up": throttling vs broken.
    public var availabilityClass: AvailabilityClass {
        switch self {
        case .rateLimited: return .rateLimiting
        case .httpServer: return .serverError
        case .timeout: return .timeout
        case .connect, .reset, .truncated: return .transport
        case .httpClient, .malformed, .cancelled, .empty, .other: return .other
        }
    }
}

/// Error kinds grouped so that a throttled provider is told apart from a broken one.
public enum AvailabilityClass: String, Sendable, CaseIterable {
    case rateLimiting = "rate limiting"
    case serverError = "server errors"
    case timeout = "timeouts"
    case transport = "transport"
    case other = "other"
}
