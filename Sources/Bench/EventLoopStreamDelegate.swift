import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import ResultFormat
import StreamProtocols

/// Receives one streamed response on its NIO event loop: each body part is timestamped in
/// `didReceiveBodyPart` (the first thing done with it) and decoded right there, so no body part
/// has to hop to the Swift cooperative pool. Only the finished request crosses over (through the
/// task's future), which keeps both the per-token CPU cost and the scheduling delay in the
/// measured times low.
///
/// All callbacks run on the request's event loop, one at a time; the fields are read by the
/// awaiting task only after the task's future has completed.
final class EventLoopStreamDelegate: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = Void

    /// Stops the stream early (an error event arrived, or the request timeout elapsed).
    struct Stop: Error {}

    let clock: RunClock
    let deadlineMicros: Int64
    let onTokens: @Sendable (Int) -> Void
    var decoder: StreamDecoder
    var state = StreamState()
    var status: Int?
    var retryAfter: String?
    var errorBody: [UInt8] = []
    var decodeError: StreamProtocolError?
    var timedOut = false
    /// Time the response ended or failed.
    var finishedAt: Int64?

    init(decoder: StreamDecoder, clock: RunClock, deadlineMicros: Int64, onTokens: @escaping @Sendable (Int) -> Void) {
        self.decoder = decoder
        self.clock = clock
        self.deadlineMicros = deadlineMicros
        self.onTokens = onTokens
    }

    func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        status = Int(head.status.code)
        if head.status.code == 429 { retryAfter = head.headers.first(name: "retry-after") }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        let t = clock.now()  // arrival time, before any decoding
        guard status == 200 else {
            if errorBody.count < 1024 { errorBody += buffer.readableBytesView.prefix(1024 - errorBody.count) }
            return task.eventLoop.makeSucceededVoidFuture()
        }
        do {
            let deltas = try buffer.withUnsafeReadableBytes { raw throws(StreamProtocolError) in try decoder.feed(raw) }
            let tokens = state.apply(deltas, at: t)
            if tokens > 0 { onTokens(tokens) }
        } catch {
            decodeError = error
            finishedAt = t
            return task.eventLoop.makeFailedFuture(Stop())
        }
        if state.serverError != nil {
            finishedAt = t
            return task.eventLoop.makeFailedFuture(Stop())
        }
        if t > deadlineMicros {
            timedOut = true
            finishedAt = t
            return task.eventLoop.makeFailedFuture(Stop())
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveError(task: HTTPClient.Task<Void>, _ error: any Error) {
        if finishedAt == nil { finishedAt = clock.now() }
    }

    func didFinishRequest(task: HTTPClient.Task<Void>) throws {
        let t = clock.now()
        finishedAt = t
        if status == 200 {
            do { _ = state.apply(try decoder.finish(), at: t) } catch { decodeError = error }
        }
    }
}
