#if os(Linux)
import NIOCore

/// The `epoll` transport: HTTP/1.1 over plain TCP on one `EpollLoop` thread of its own, for
/// `http://` origins (`StreamingClient` sends `https://` ones through the `nio` transport).
///
/// The awaiting task resolves the origin (once per host and port, off the loop), hands the
/// exchange to the loop and suspends on a continuation that the loop resumes once, when the
/// exchange ends. Cancelling the task (Ctrl-C) fails the exchange and closes its connection.
final class EpollStreamingTransport: Sendable {
    private let loop: EpollLoop
    private let resolver = OriginResolver()
    let connectTimeoutMicros: Int64

    init(maxIdlePerOrigin: Int, connectTimeoutMicros: Int64 = 10_000_000) throws {
        loop = try EpollLoop(maxIdlePerOrigin: maxIdlePerOrigin)
        self.connectTimeoutMicros = connectTimeoutMicros
    }

    /// Stops the loop: idle connections are closed (nothing is in flight by then).
    func shutdown() {
        loop.submit(.stop)
    }

    /// Runs one request; returns the final capture and why it failed when that was not the
    /// response's content (the same errors as the `nio` transport, so `FailureClassifier` gives
    /// the same kinds and messages).
    func exchange(
        _ request: HTTP1Request, capture: StreamCapture, clock: RunClock, stallSeconds: Double,
        onTokens: @escaping @Sendable (Int) -> Void
    ) async -> (StreamCapture, (any Error)?) {
        let addresses: [SocketAddressBytes]
        do {
            addresses = try resolver.addresses(host: request.origin.host, port: request.origin.port)
        } catch {
            var c = capture
            c.finishedAt = clock.now()
            return (c, error)
        }
        let ex = EpollExchange(
            request: request, addresses: addresses, capture: capture, clock: clock, stallMicros: Int64(stallSeconds * 1_000_000),
            connectTimeoutMicros: connectTimeoutMicros, onTokens: onTokens)
        let loop = self.loop
        let outcome = await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<EpollOutcome, Never>) in
                ex.continuation = continuation
                if !loop.submit(.start(ex)) {
                    // The loop has stopped (the client was shut down): the loop never saw `ex`.
                    var c = ex.capture
                    c.finishedAt = clock.now()
                    ex.continuation = nil
                    continuation.resume(returning: EpollOutcome(capture: c, failure: CancellationError()))
                }
            }
        } onCancel: {
            loop.submit(.cancel(ex))
        }
        return (outcome.capture, outcome.failure)
    }
}
#endif
