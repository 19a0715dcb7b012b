import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import ResultFormat
import StreamProtocols

/// Receives one streamed response on its NIO event loop through AsyncHTTPClient's delegate API
/// (the `asynchttpclient` transport): each body part is timestamped in `didReceiveBodyPart` (the
/// first thing done with it) and decoded right there, so no body part has to hop to the Swift
/// cooperative pool. Only the finished request crosses over (through the task's future).
///
/// All callbacks run on the request's event loop, one at a time; `capture` is read by the
/// awaiting task only after the task's future has completed.
final class EventLoopStreamDelegate: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = Void

    /// Stops the stream early (an error event arrived, or the request timeout elapsed).
    struct Stop: Error {}

    let clock: RunClock.Stamper
    let onTokens: @Sendable (Int) -> Void
    var capture: StreamCapture

    init(decoder: StreamDecoder, clock: RunClock, deadlineMicros: Int64, onTokens: @escaping @Sendable (Int) -> Void) {
        self.capture = StreamCapture(decoder: decoder, deadlineMicros: deadlineMicros)
        self.clock = clock.stamper
        self.onTokens = onTokens
    }

    func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        capture.head(status: Int(head.status.code), retryAfter: head.headers.first(name: "retry-after"))
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        let t = clock.now()  // arrival time, before any decoding
        let tokens = buffer.withUnsafeReadableBytes { raw in capture.body(raw, at: t) }
        guard let tokens else { return task.eventLoop.makeFailedFuture(Stop()) }
        if tokens > 0 { onTokens(tokens) }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveError(task: HTTPClient.Task<Void>, _ error: any Error) {
        if capture.finishedAt == nil { capture.finishedAt = clock.now() }
    }

    func didFinishRequest(task: HTTPClient.Task<Void>) throws {
        capture.finish(at: clock.now())
    }
}
