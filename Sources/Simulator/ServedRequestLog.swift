/// The server's own account of one request, so a client's measured TTFT can be checked
/// against what the server actually did. Times are `MonotonicClock` nanoseconds.
public struct ServedRequestLog: Sendable, Codable, Equatable {
    /// From the `X-Request-Id` header, else the body's `user` field, else generated (`sim-N`).
    public var requestID: String
    /// Name of the profile that served the request.
    public var profile: String
    /// When the request head and the whole body had been received.
    public var receivedNanos: UInt64
    /// When a generation slot was granted (after any queueing); nil for rejected requests.
    public var generationStartNanos: UInt64?
    /// When the first token-bearing chunk had been handed to the connection (for a non-streamed
    /// request: the whole response body); nil if none was.
    public var firstChunkWrittenNanos: UInt64?
    /// When the response ended (last write, close, or rejection).
    public var endNanos: UInt64
    /// Output tokens sent (for a disconnect, only those sent before the close).
    public var outputTokens: Int
    /// "ok", "error-500", "error-503", "rate-limited", "disconnect", "stall", "malformed";
    /// "client-closed" when the client went away, "cancelled" when the server shut down.
    public var outcome: String
    /// Whether the response was streamed.
    public var streamed: Bool

    public init(
        requestID: String, profile: String, receivedNanos: UInt64, generationStartNanos: UInt64? = nil,
        firstChunkWrittenNanos: UInt64?, endNanos: UInt64, outputTokens: Int, outcome: String, streamed: Bool = true
    ) {
        self.requestID = requestID
        self.profile = profile
        self.receivedNanos = receivedNanos
        self.generationStartNanos = generationStartNanos
        self.firstChunkWrittenNanos = firstChunkWrittenNanos
        self.endNanos = endNanos
        self.outputTokens = outputTokens
        self.outcome = outcome
        self.streamed = streamed
    }

    /// Server-side time to first token: first chunk written minus request received, microseconds.
    public var serverTTFTMicros: Int64? {
        guard let first = firstChunkWrittenNanos else { return nil }
        return (Int64(bitPattern: first) - Int64(bitPattern: receivedNanos)) / 1_000
    }

    /// Time spent waiting for a generation slot, microseconds.
    public var queueWaitMicros: Int64? {
        guard let start = generationStartNanos else { return nil }
        return (Int64(bitPattern: start) - Int64(bitPattern: receivedNanos)) / 1_000
    }
}
