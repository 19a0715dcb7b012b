import Foundation
import NIOCore
import NIOHTTP1
import ResultFormat
import StreamProtocols

/// Sends streamed generation requests and times every body part on arrival.
///
/// Two transports (`TransportKind`): `epoll` (Linux, http origins), HTTP/1.1 on an epoll loop
/// thread of its own, where each read is stamped from the run clock before the `read` call and
/// parsed in the same pass (`EpollLoop`); and `nio`, HTTP/1.1 straight on SwiftNIO (TLS origins,
/// and where epoll is not available), where each read is stamped in
/// `HTTP1StreamHandler.channelRead` before any parsing. Both decode on the connection's loop; only
/// the finished request crosses to the Swift task. Both give the same records and the same
/// failure kinds and messages (`FailureClassifier`). The request path is drawn in docs/bench.md.
///
/// One client serves a whole run: HTTP/1.1, one connection per stream at a time (idle keep-alive
/// connections are reused), no redirects, no retries, no decompression, and no per-host
/// connection limit below the planned concurrency, so thousands of streams can be open at once.
public final class StreamingClient: Sendable {
    public let transport: TransportKind
    private let nio: NIOStreamingTransport
    #if os(Linux)
    let epoll: EpollStreamingTransport?
    #endif
    private let stallTimeoutSeconds: Double

    /// - Parameters:
    ///   - maxConnectionsPerHost: at least the planned concurrency (the cap on idle connections
    ///     kept per origin).
    ///   - stallTimeoutSeconds: a stream idle this long fails as a `timeout`.
    ///
    /// `epoll` also keeps a `nio` transport for `https://` origins (TLS stays on NIOSSL); where
    /// `epoll` is not available (not Linux, or its loop cannot be created) the client is `nio`,
    /// and `transport` says so.
    public init(transport: TransportKind = .default, maxConnectionsPerHost: Int, stallTimeoutSeconds: Double) {
        self.stallTimeoutSeconds = stallTimeoutSeconds
        var effective = transport
        #if os(Linux)
        epoll = transport == .epoll ? try? EpollStreamingTransport(maxIdlePerOrigin: max(8, maxConnectionsPerHost)) : nil
        if transport == .epoll, epoll == nil { effective = .nio }
        #else
        if transport == .epoll { effective = .nio }
        #endif
        self.transport = effective
        nio = NIOStreamingTransport(maxIdlePerOrigin: max(8, maxConnectionsPerHost))
    }

    /// Closes the idle keep-alive connections, releasing their descriptors (a provider's run
    /// does this before writing its result file: at the open-file limit, the idle sockets of the
    /// streams that ended left no descriptor for the file).
    public func closeIdleConnections() async {
        #if os(Linux)
        await epoll?.closeIdleConnections()
        #endif
        nio.shutdown()
    }

    public func shutdown() async {
        #if os(Linux)
        epoll?.shutdown()
        #endif
        nio.shutdown()
    }

    /// Runs one request to completion (or failure) and returns its record. Never throws: every
    /// failure becomes a failed record with a kind and a short message.
    ///
    /// - Parameter onTokens: called with the number of tokens in each read that carried any
    ///   (for the live tokens/s figure).
    public func send(
        _ planned: PlannedRequest, scheduled: Int64, endpoint: ResolvedProvider, workload: WorkloadConfiguration,
        clock: RunClock, onTokens: @escaping @Sendable (Int) -> Void = { _ in }
    ) async -> RequestOutcome {
        await send(planned, scheduled: scheduled, requests: RequestRenderer(endpoint: endpoint, workload: workload), clock: clock,
                   onTokens: onTokens)
    }

    /// `send(_:scheduled:endpoint:workload:clock:onTokens:)` with the requests rendered by
    /// `requests`, which a provider's run shares between its requests. `onLaunch` is called when
    /// the request is launched (the live `sent` counter).
    func send(
        _ planned: PlannedRequest, scheduled: Int64, requests: RequestRenderer, clock: RunClock,
        onLaunch: (@Sendable () -> Void)? = nil, onTokens: @escaping @Sendable (Int) -> Void = { _ in }
    ) async -> RequestOutcome {
        let endpoint = requests.endpoint
        let workload = requests.workload
        let wire: HTTP1Request
        do {
            wire = try requests.wire(planned).trusting(endpoint.configuration.caFile)
        } catch {
            onLaunch?()
            let now = clock.now()
            return failure(planned, scheduled: scheduled, sent: now, end: now, state: StreamState(), kind: .other,
                           status: nil, message: Redaction.scrub("request could not be built: \(error)", secrets: endpoint.secrets))
        }
        let timeoutMicros = Int64(workload.timeoutSeconds * 1_000_000)
        #if os(Linux)
        if let epoll, !wire.origin.tls {
            let capture = StreamCapture(
                decoder: endpoint.makeDecoder(), deadlineMicros: clock.now() + timeoutMicros, expectedChunks: workload.maxTokens + 1)
            let r = await epoll.exchange(
                wire, capture: capture, clock: clock, stallSeconds: workload.stallTimeoutSeconds, requestTimeoutMicros: timeoutMicros,
                onLaunch: onLaunch, onTokens: onTokens)
            return outcome(planned, scheduled: scheduled, sent: r.sent, capture: r.capture, thrown: r.failure, endpoint: endpoint,
                           workload: workload, clock: clock)
        }
        #endif
        onLaunch?()
        let sent = clock.now()
        let capture = StreamCapture(
            decoder: endpoint.makeDecoder(), deadlineMicros: sent + timeoutMicros, expectedChunks: workload.maxTokens + 1)
        let result = await Self.exchange(
            wire, on: nio, capture: capture, clock: clock, stallSeconds: workload.stallTimeoutSeconds, onTokens: onTokens)
        return outcome(planned, scheduled: scheduled, sent: sent, capture: result.0, thrown: result.1, endpoint: endpoint,
                       workload: workload, clock: clock)
    }

    #if os(Linux)
    /// Batched launching for `requests` (`EpollRequestBatches`), when the `epoll` transport carries
    /// them (an `http://` endpoint); nil otherwise.
    func epollBatches(
        requests: RequestRenderer, clock: RunClock, onLaunch: @escaping @Sendable () -> Void,
        onTokens: @escaping @Sendable (Int) -> Void, onEvent: @escaping @Sendable (EpollRequestBatches.Event) -> Void
    ) -> EpollRequestBatches? {
        guard let epoll, let target = try? HTTP1Request.Target(url: requests.endpoint.configuration.baseURL), !target.origin.tls
        else { return nil }
        return EpollRequestBatches(
            client: self, transport: epoll, requests: requests, clock: clock, onLaunch: onLaunch, onTokens: onTokens, onEvent: onEvent)
    }

    /// The record of a batched request that ended on the loop; nil if it was never launched.
    func outcome(of ended: EpollOutcome, planned: PlannedRequest, requests: RequestRenderer, clock: RunClock) -> RequestOutcome? {
        guard let sent = ended.launchedAt else { return nil }
        return outcome(planned, scheduled: planned.offsetMicros, sent: sent, capture: ended.capture, thrown: ended.failure,
                       endpoint: requests.endpoint, workload: requests.workload, clock: clock)
    }
    #endif

    /// The record of a request that failed before any transport took it: it could not be
    /// rendered, or its origin has no address. Same kinds and messages as in `send`. A batch is
    /// prepared ahead of its due times, so the failure is dated no earlier than `scheduled`.
    func failedBeforeLaunch(
        _ planned: PlannedRequest, scheduled: Int64, error: any Error, requests: RequestRenderer, clock: RunClock
    ) -> RequestOutcome {
        let now = max(clock.now(), scheduled)
        if error is TransportError {
            var capture = StreamCapture(decoder: requests.endpoint.makeDecoder(), deadlineMicros: now)
            capture.finishedAt = now
            return outcome(planned, scheduled: scheduled, sent: now, capture: capture, thrown: error, endpoint: requests.endpoint,
                           workload: requests.workload, clock: clock)
        }
        return failure(planned, scheduled: scheduled, sent: now, end: now, state: StreamState(), kind: .other, status: nil,
                       message: Redaction.scrub("request could not be built: \(error)", secrets: requests.endpoint.secrets))
    }

    private static func exchange(
        _ request: HTTP1Request, on nio: NIOStreamingTransport, capture: StreamCapture, clock: RunClock, stallSeconds: Double,
        onTokens: @escaping @Sendable (Int) -> Void
    ) async -> (StreamCapture, (any Error)?) {
        let (loop, idle) = nio.route(request.origin)
        let exchange = StreamExchange(
            loop: loop, capture: capture, clock: clock, stallMicros: Int64(stallSeconds * 1_000_000), onTokens: onTokens)
        nio.start(request, exchange: exchange, idle: idle)
        await withTaskCancellationHandler {
            try? await exchange.done.futureResult.get()
        } onCancel: {
            loop.execute { exchange.cancel() }
        }
        // `done` has completed: the exchange's fields are final.
        return (exchange.capture, exchange.failure)
    }

    /// The record for a finished exchange: the same kinds and messages whichever transport ran it.
    private func outcome(
        _ planned: PlannedRequest, scheduled: Int64, sent: Int64, capture: StreamCapture, thrown: (any Error)?,
        endpoint: ResolvedProvider, workload: WorkloadConfiguration, clock: RunClock
    ) -> RequestOutcome {
        let end = capture.finishedAt ?? clock.now()
        let state = capture.state
        func fail(_ kind: ErrorKind, _ message: String, status: Int? = nil, retryAfter: Double? = nil) -> RequestOutcome {
            failure(planned, scheduled: scheduled, sent: sent, end: end, state: state, kind: kind, status: status,
                    message: Redaction.scrub(message, secrets: endpoint.secrets, limit: 240), retryAfter: retryAfter)
        }
        if let status = capture.status, status != 200 {
            let body = String(decoding: capture.errorBody, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let retryAfter = status == 429 ? FailureClassifier.retryAfterSeconds(capture.retryAfter) : nil
            return fail(FailureClassifier.kind(forStatus: status), "HTTP \(status): \(body)", status: status, retryAfter: retryAfter)
        }
        if let message = state.serverError { return fail(.malformed, "error event in stream: \(message)") }
        if let problem = state.protocolProblem { return fail(.malformed, problem) }
        if let e = capture.decodeError {
            let (kind, message) = FailureClassifier.classify(
                e, afterResponseHead: true, stallTimeoutSeconds: workload.stallTimeoutSeconds, cancelled: false)
            return fail(kind, message)
        }
        if capture.timedOut { return fail(.timeout, "request timeout of \(FailureClassifier.format(workload.timeoutSeconds)) s elapsed") }
        if let error = thrown {
            var (kind, message) = FailureClassifier.classify(
                error, afterResponseHead: capture.status != nil, stallTimeoutSeconds: workload.stallTimeoutSeconds,
                cancelled: Task.isCancelled)
            // A failure to connect names where to: "Connection refused" alone does not say which
            // host or port was wrong.
            if kind == .connect, let origin = try? HTTP1Request.Target(url: endpoint.configuration.baseURL).origin {
                let place = origin.host.contains(":") ? "[\(origin.host)]:\(origin.port)" : "\(origin.host):\(origin.port)"
                if !message.contains(origin.host) { message += " (\(place))" }
            }
            return fail(kind, message)
        }
        guard let endTime = state.endTime else {
            if capture.bodyBytes == 0 { return fail(.truncated, "HTTP 200 with an empty body: the server sent no events") }
            return fail(.truncated, "the stream ended without its end marker after \(state.eventTokens) tokens")
        }
        // An end marker without a finish reason: the server stopped the stream early (seen under
        // load: `data: [DONE]` after a fraction of the tokens), not an answer that was complete.
        guard let reason = state.finishReason else {
            return fail(.truncated, "the stream ended (\(endpoint.api.endMarkerName)) without a finish reason after \(state.eventTokens) tokens")
        }
        guard state.firstToken != nil else {
            return fail(.empty, "the server finished (reason: \(reason)) without generating any text")
        }
        let record = RequestRecord(
            id: planned.id, scheduled: scheduled, sent: sent, firstToken: state.firstToken,
            firstVisibleToken: state.firstVisibleToken == state.firstToken ? nil : state.firstVisibleToken,
            end: endTime, outputTokens: state.usageTokens ?? state.eventTokens, chunkTimes: state.chunkTimes,
            chunkTokens: state.chunkTokensIfInformative, serverTimings: state.serverTimings)
        return RequestOutcome(record: record, tokensFromUsage: state.usageTokens != nil, eventTokens: state.eventTokens)
    }

    private func failure(
        _ planned: PlannedRequest, scheduled: Int64, sent: Int64, end: Int64, state: StreamState, kind: ErrorKind,
        status: Int?, message: String, retryAfter: Double? = nil
    ) -> RequestOutcome {
        let record = RequestRecord(
            id: planned.id, scheduled: scheduled, sent: sent, firstToken: state.firstToken,
            firstVisibleToken: state.firstVisibleToken == state.firstToken ? nil : state.firstVisibleToken,
            end: max(end, sent), outputTokens: state.usageTokens ?? state.eventTokens, chunkTimes: state.chunkTimes,
            chunkTokens: state.chunkTokensIfInformative,
            error: RequestError(kind: kind, status: status, message: message, retryAfterSeconds: retryAfter),
            serverTimings: state.serverTimings)
        return RequestOutcome(record: record, tokensFromUsage: state.usageTokens != nil, eventTokens: state.eventTokens)
    }
}

/// What one stream has delivered so far.
struct StreamState {
    var firstToken: Int64?
    var firstVisibleToken: Int64?
    var chunkTimes: [Int64] = []
    /// Tokens per chunk, kept only once a chunk carried other than one token: until then it is
    /// empty and every chunk so far carried one (the usual case, which the file leaves out), so
    /// a token costs one array append, not two.
    private(set) var unevenChunkTokens: [Int] = []
    var eventTokens = 0
    var usageTokens: Int?
    var endTime: Int64?
    var serverError: String?
    /// The server's reason for ending the answer (`finish_reason` and kin); nil if it sent none.
    var finishReason: String?
    var serverTimings: ServerTimings?
    /// A value in the stream that cannot be right (e.g. an impossible token count).
    var protocolProblem: String?

    /// Applies decoded events that arrived at `t`; returns the tokens they carried.
    mutating func apply(_ deltas: [StreamDelta], at t: Int64) -> Int {
        var tokens = 0
        for d in deltas {
            // After the end marker nothing counts: a server that keeps sending events after
            // `[DONE]` must not add tokens, chunks or a later end.
            if endTime != nil { break }
            switch d {
            case .text(_, let n):
                if firstToken == nil { firstToken = t }
                if firstVisibleToken == nil { firstVisibleToken = t }
                tokens += chunk(at: t, tokens: n)
            case .reasoning(_, let n):
                if firstToken == nil { firstToken = t }
                tokens += chunk(at: t, tokens: n)
            case .usage(let out, _):
                // Checked here: a count near 2^63 once passed into the file and trapped the
                // summary's sum after the files were written.
                if out < 0 || out > Int(Int32.max) {
                    if protocolProblem == nil { protocolProblem = "the usage report gives \(out) output tokens, outside 0...2^31-1" }
                } else {
                    usageTokens = out
                }
            case .end:
                if endTime == nil { endTime = t }
            case .serverError(let m):
                if serverError == nil { serverError = m }
            case .finish(let reason):
                finishReason = reason
            case .serverTimings(let t):
                serverTimings = ServerTimings(promptTokens: t.promptTokens, promptMs: t.promptMs, decodeTokens: t.decodeTokens, decodeMs: t.decodeMs)
            }
        }
        eventTokens += tokens
        return tokens
    }

    private mutating func chunk(at t: Int64, tokens n: Int?) -> Int {
        let k = max(1, n ?? 1)
        if k != 1, unevenChunkTokens.isEmpty {
            unevenChunkTokens.reserveCapacity(chunkTimes.capacity)
            unevenChunkTokens.append(contentsOf: repeatElement(1, count: chunkTimes.count))
        }
        chunkTimes.append(t)
        if !unevenChunkTokens.isEmpty { unevenChunkTokens.append(k) }
        return k
    }

    /// `nil` when every chunk carried one token (the file then says nothing).
    var chunkTokensIfInformative: [Int]? { unevenChunkTokens.isEmpty ? nil : unevenChunkTokens }
}
