#if os(Linux)
import ResultFormat

/// One provider's open-loop requests on the `epoll` transport, without a Swift task per request.
///
/// The runner hands over the requests due within the next interval as one batch: each is
/// rendered into an `EpollExchange` here, the batch reaches the loop with one wake-up, and the
/// loop launches each request at its due time on its own timer. Each request's end comes back
/// through `onEvent`, on the loop's thread, to the one task that journals and collects them. Per
/// request this saves a task, its start and its resumption (two thread wake-ups): at thousands of
/// requests per second, a visible part of the client's CPU.
final class EpollRequestBatches: Sendable {
    enum Event: Sendable {
        /// The request at `index` ended on the loop (`launchedAt` nil: it was never launched).
        case ended(index: Int, EpollOutcome)
        /// A request that failed before it could be handed over (not renderable, no address).
        case failedBeforeLaunch(RequestOutcome)
    }

    private let client: StreamingClient
    private let transport: EpollStreamingTransport
    private let requests: RequestRenderer
    private let clock: RunClock
    private let group = EpollRunGroup()
    private let onLaunch: @Sendable () -> Void
    private let onTokens: @Sendable (Int) -> Void
    private let onEvent: @Sendable (Event) -> Void

    init(
        client: StreamingClient, transport: EpollStreamingTransport, requests: RequestRenderer, clock: RunClock,
        onLaunch: @escaping @Sendable () -> Void, onTokens: @escaping @Sendable (Int) -> Void,
        onEvent: @escaping @Sendable (Event) -> Void
    ) {
        self.client = client
        self.transport = transport
        self.requests = requests
        self.clock = clock
        self.onLaunch = onLaunch
        self.onTokens = onTokens
        self.onEvent = onEvent
    }

    /// Hands `all[range]` over, each request to be launched at its `offsetMicros`. Every request
    /// of the range produces exactly one event.
    func launch(_ range: Range<Int>, of all: [PlannedRequest]) {
        let workload = requests.workload
        let timeoutMicros = Int64(workload.timeoutSeconds * 1_000_000)
        let stallMicros = Int64(workload.stallTimeoutSeconds * 1_000_000)
        let onEvent = self.onEvent
        let onEnd: @Sendable (Int, EpollOutcome) -> Void = { index, outcome in onEvent(.ended(index: index, outcome)) }
        var batch: [EpollExchange] = []
        batch.reserveCapacity(range.count)
        for index in range {
            let planned = all[index]
            let due = planned.offsetMicros
            let capture = StreamCapture(
                decoder: requests.endpoint.makeDecoder(), deadlineMicros: due + timeoutMicros, expectedChunks: workload.maxTokens + 1)
            let wire: HTTP1Request
            let addresses: [SocketAddressBytes]
            do {
                wire = try requests.wire(planned)
                addresses = try transport.addresses(of: wire.origin)
            } catch {
                onLaunch()
                onEvent(.failedBeforeLaunch(client.failedBeforeLaunch(planned, scheduled: due, error: error, requests: requests, clock: clock)))
                continue
            }
            batch.append(EpollExchange(
                request: wire, addresses: addresses, capture: capture, clock: clock, stallMicros: stallMicros,
                connectTimeoutMicros: transport.connectTimeoutMicros, requestTimeoutMicros: timeoutMicros, launchAt: due,
                onLaunch: onLaunch, onTokens: onTokens, group: group, tag: index, onEnd: onEnd))
        }
        if !transport.launch(batch) {
            // The client was shut down: none of these was sent.
            for ex in batch { onEvent(.ended(index: ex.tag, EpollOutcome(capture: ex.capture, failure: CancellationError(), launchedAt: nil))) }
        }
    }

    /// Cancels the requests handed over (Ctrl-C): those not yet launched are never sent, those in
    /// flight end as cancelled, each with its event.
    func cancel() {
        transport.cancel(group)
    }
}
#endif
