import ResultFormat
import StreamProtocols

/// What one streamed response delivered, fed by either transport on its event loop: the status,
/// `Retry-After`, the decoded stream (`StreamState`), the start of an error body, and why it
/// stopped early. `StreamingClient` turns it into the request's record.
struct StreamCapture {
    var decoder: StreamDecoder
    /// When the request times out; a transport that launches the request itself (the `epoll`
    /// loop, at a scheduled time) sets it from the actual launch.
    var deadlineMicros: Int64
    var state = StreamState()
    var status: Int?
    var retryAfter: String?
    var errorBody: [UInt8] = []
    var decodeError: StreamProtocolError?
    var timedOut = false
    /// Body bytes received (any status): tells an empty 200 from a stream cut short.
    var bodyBytes = 0
    /// Time the response ended or failed.
    var finishedAt: Int64?
    /// Reused between reads so decoding a read allocates no array.
    private var deltas: [StreamDelta] = []

    /// - Parameter expectedChunks: room reserved for chunk times (the request's max_tokens, capped),
    ///   so appending one per token does not reallocate as the stream grows.
    init(decoder: StreamDecoder, deadlineMicros: Int64, expectedChunks: Int = 0) {
        self.decoder = decoder
        self.deadlineMicros = deadlineMicros
        let room = min(max(expectedChunks, 0), 4096)
        state.chunkTimes.reserveCapacity(room)
    }

    mutating func head(status: Int, retryAfter: String?) {
        self.status = status
        if status == 429 { self.retryAfter = retryAfter }
    }

    /// Body bytes that arrived at `t`. Returns the tokens they carried, or nil when the stream
    /// must stop (a decoding error, an error event, or the request deadline passed).
    mutating func body(_ raw: UnsafeRawBufferPointer, at t: Int64) -> Int? {
        var scratch: [StreamDelta] = []
        swap(&scratch, &deltas)
        defer { swap(&scratch, &deltas) }
        return body(raw, at: t, scratch: &scratch)
    }

    /// `body(_:at:)` decoding into `deltas`, an array the caller reuses across streams (the
    /// `epoll` loop keeps one for all of them: one array that stays in cache instead of one per
    /// stream).
    mutating func body(_ raw: UnsafeRawBufferPointer, at t: Int64, scratch deltas: inout [StreamDelta]) -> Int? {
        bodyBytes &+= raw.count
        guard bodyBytes <= StreamDecoder.maxResponseBytes else {
            decodeError = StreamProtocolError(.frameTooLarge, "the response is larger than \(StreamDecoder.maxResponseBytes >> 20) MiB (the limit for one response)")
            finishedAt = t
            return nil
        }
        guard status == 200 else {
            if errorBody.count < 1024 { errorBody += raw.prefix(1024 - errorBody.count) }
            return 0
        }
        deltas.removeAll(keepingCapacity: true)
        do {
            try decoder.feed(raw, into: &deltas)
        } catch {
            decodeError = error
            finishedAt = t
            return nil
        }
        let tokens = state.apply(deltas, at: t)
        if state.serverError != nil || t > deadlineMicros {
            if state.serverError == nil { timedOut = true }
            finishedAt = t
            return nil
        }
        return tokens
    }

    /// The body ended normally at `t`.
    mutating func finish(at t: Int64) {
        finishedAt = t
        if status == 200 {
            do { _ = state.apply(try decoder.finish(), at: t) } catch { decodeError = error }
        }
    }
}
