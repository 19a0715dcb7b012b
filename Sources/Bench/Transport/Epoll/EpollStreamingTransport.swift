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

    /// The origin's addresses (looked up once per host and port).
    func addresses(of origin: HTTP1Request.Origin) throws(TransportError) -> [SocketAddressBytes] {
        try resolver.addresses(host: origin.host, port: origin.port)
    }

    /// Hands a batch of exchanges to the loop with one wake-up; each ends through its `onEnd`.
    /// False when the loop has stopped (the exchanges were not taken).
    func launch(_ exchanges: [EpollExchange]) -> Bool {
        loop.submit(starting: exchanges)
    }

    /// Cancels every request of `group`, now and when it reaches the loop.
    func cancel(_ group: EpollRunGroup) {
        group.markCancelled()
        loop.submit(.cancelGroup(group))
    }

    /// Closes the idle keep-alive connections; returns once they are closed.
    func closeIdleConnections() async {
        let loop = self.loop
        await withUnsafeContinuation { (done: UnsafeContinuation<Void, Never>) in
            if !loop.submit(.closeIdle(done)) { done.resume() }  // stopped: nothing is open
        }
    }

    /// Stops the loop: idle connections are closed (nothing is in flight by then).
    func shutdown() {
        loop.submit(.stop)
    }

    /// Runs one request at once; returns the final capture, why it failed when that was not the
    /// response's content (the same errors as the `nio` transport, so `FailureClassifier` gives
    /// the same kinds and messages), and when the loop launched it (`sent`). The request timeout
    /// counts from the launch. (Open-loop runs go through `EpollRequestBatches` instead.)
    func exchange(
        _ request: HTTP1Request, capture: StreamCapture, clock: RunClock, stallSeconds: Double, requestTimeoutMicros: Int64,
        onLaunch: (@Sendable () -> Void)? = nil, onTokens: @escaping @Sendable (Int) -> Void
    ) async -> (capture: StreamCapture, failure: (any Error)?, sent: Int64) {
        let addresses: [SocketAddressBytes]
        do {
            addresses = try resolver.addresses(host: request.origin.host, port: request.origin.port)
        } catch {
            onLaunch?()
            var c = capture
            let now = clock.now()
            c.finishedAt = now
            return (c, error, now)
        }
        let ex = EpollExchange(
            request: request, addresses: addresses, capture: capture, clock: clock, stallMicros: Int64(stallSeconds * 1_000_000),
            connectTimeoutMicros: connectTimeoutMicros, requestTimeoutMicros: requestTimeoutMicros, onLaunch: onLaunch,
            onTokens: onTokens)
        let loop = self.loop
        let outcome = await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<EpollOutcome, Never>) in
                ex.continuation = continuation
                if !loop.submit(.start(ex)) {
                    // The loop has stopped (the client was shut down): the loop never saw `ex`.
                    var c = ex.capture
                    c.finishedAt = clock.now()
                    ex.continuation = nil
                    continuation.resume(returning: EpollOutcome(capture: c, failure: CancellationError(), launchedAt: c.finishedAt))
                }
            }
        } onCancel: {
            loop.submit(.cancel(ex))
        }
        // Without a launch time the loop always launches (or fails) the request, so it has a time.
        return (outcome.capture, outcome.failure, outcome.launchedAt ?? outcome.capture.finishedAt ?? clock.now())
    }
}
#endif
