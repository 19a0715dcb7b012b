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

    public var succeeded: Bool { error == nil }

    public init(
        id: Int, scheduled: Int64, sent: Int64, firstToken: Int64?, firstVisibleToken: Int64? = nil, end: Int64,
        outputTokens: Int, chunkTimes: [Int64], chunkTokens: [Int]? = nil, error: RequestError? = nil
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
    }
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

/// Failure classes, coarse enough to compare providers (METRICS.md "error rate").
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
    /// The stream ended without its end marker.
    case truncated
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
        case .httpClient, .malformed, .cancelled, .other: return .other
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
