import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ResultFormat
import StreamProtocols

/// Sends streamed generation requests and times every body part on arrival.
///
/// Body parts are handled on the connection's event loop by `EventLoopStreamDelegate`
/// (AsyncHTTPClient's delegate API) rather than through the async body sequence, which would
/// hop every chunk to the cooperative pool.
///
/// One `HTTPClient` (HTTP/1.1, one connection per stream, no redirects, no retries) serves a
/// whole run; its pool is sized for the planned concurrency so thousands of streams can be open
/// at once. Each body part is stamped from the run clock as the very first thing after it is
/// handed over, before any decoding.
public final class StreamingClient: Sendable {
    public let http: HTTPClient

    /// - Parameters:
    ///   - maxConnectionsPerHost: the pool's soft limit per host (at least the planned concurrency).
    ///   - stallTimeoutSeconds: a stream idle this long fails as a `timeout` (AHC's read timeout).
    public init(maxConnectionsPerHost: Int, stallTimeoutSeconds: Double) {
        var config = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .microseconds(Int64(stallTimeoutSeconds * 1_000_000))),
            connectionPool: .init(
                idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, maxConnectionsPerHost)),
            decompression: .disabled)
        config.httpVersion = .http1Only
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
    }

    public func shutdown() async {
        try? await http.shutdown()
    }

    /// Runs one request to completion (or failure) and returns its record. Never throws: every
    /// failure becomes a failed record with a kind and a short message.
    ///
    /// - Parameter onTokens: called with the number of tokens in each body part that carried any
    ///   (for the live tokens/s figure).
    public func send(
        _ planned: PlannedRequest, scheduled: Int64, endpoint: ResolvedProvider, workload: WorkloadConfiguration,
        clock: RunClock, onTokens: @escaping @Sendable (Int) -> Void = { _ in }
    ) async -> RequestOutcome {
        var state = StreamState()
        let prepared: HTTPClient.Request
        do {
            prepared = try endpoint.httpRequest(for: planned, workload: workload)
        } catch {
            let now = clock.now()
            return failure(planned, scheduled: scheduled, sent: now, end: now, state: state, kind: .other,
                           status: nil, message: Redaction.scrub("request could not be built: \(error)", secrets: endpoint.secrets))
        }
        let timeoutMicros = Int64(workload.timeoutSeconds * 1_000_000)
        let sent = clock.now()
        let delegate = EventLoopStreamDelegate(
            decoder: endpoint.makeDecoder(), clock: clock, deadlineMicros: sent + timeoutMicros, onTokens: onTokens)
        let task = http.execute(request: prepared, delegate: delegate, deadline: .now() + .microseconds(timeoutMicros))
        var thrown: (any Error)? = nil
        do {
            try await withTaskCancellationHandler {
                try await task.futureResult.get()
            } onCancel: {
                task.cancel()
            }
        } catch {
            thrown = error
        }
        // The future has completed: the delegate's fields are final.
        let end = delegate.finishedAt ?? clock.now()
        state = delegate.state
        func fail(_ kind: ErrorKind, _ message: String, status: Int? = nil, retryAfter: Double? = nil) -> RequestOutcome {
            failure(planned, scheduled: scheduled, sent: sent, end: end, state: state, kind: kind, status: status,
                    message: Redaction.scrub(message, secrets: endpoint.secrets, limit: 240), retryAfter: retryAfter)
        }
        if let status = delegate.status, status != 200 {
            let body = String(decoding: delegate.errorBody, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let retryAfter = status == 429 ? FailureClassifier.retryAfterSeconds(delegate.retryAfter) : nil
            return fail(FailureClassifier.kind(forStatus: status), "HTTP \(status): \(body)", status: status, retryAfter: retryAfter)
        }
        if let message = state.serverError { return fail(.malformed, "error event in stream: \(message)") }
        if let e = delegate.decodeError {
            let (kind, message) = FailureClassifier.classify(
                e, afterResponseHead: true, stallTimeoutSeconds: workload.stallTimeoutSeconds, cancelled: false)
            return fail(kind, message)
        }
        if delegate.timedOut { return fail(.timeout, "request timeout of \(FailureClassifier.format(workload.timeoutSeconds)) s elapsed") }
        if let error = thrown {
            let (kind, message) = FailureClassifier.classify(
                error, afterResponseHead: delegate.status != nil, stallTimeoutSeconds: workload.stallTimeoutSeconds,
                cancelled: Task.isCancelled)
            return fail(kind, message)
        }
        guard let endTime = state.endTime else { return fail(.truncated, "the stream ended without its end marker") }
        let record = RequestRecord(
            id: planned.id, scheduled: scheduled, sent: sent, firstToken: state.firstToken,
            firstVisibleToken: state.firstVisibleToken == state.firstToken ? nil : state.firstVisibleToken,
            end: endTime, outputTokens: state.usageTokens ?? state.eventTokens, chunkTimes: state.chunkTimes,
            chunkTokens: state.chunkTokensIfInformative)
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
            error: RequestError(kind: kind, status: status, message: message, retryAfterSeconds: retryAfter))
        return RequestOutcome(record: record, tokensFromUsage: state.usageTokens != nil, eventTokens: state.eventTokens)
    }
}

/// What one stream has delivered so far.
struct StreamState {
    var firstToken: Int64?
    var firstVisibleToken: Int64?
    var chunkTimes: [Int64] = []
    var chunkTokens: [Int] = []
    var eventTokens = 0
    var usageTokens: Int?
    var endTime: Int64?
    var serverError: String?

    /// Applies decoded events that arrived at `t`; returns the tokens they carried.
    mutating func apply(_ deltas: [StreamDelta], at t: Int64) -> Int {
        var tokens = 0
        for d in deltas {
            switch d {
            case .text(_, let n):
                if firstToken == nil { firstToken = t }
                if firstVisibleToken == nil { firstVisibleToken = t }
                let k = max(1, n ?? 1)
                chunkTimes.append(t)
                chunkTokens.append(k)
                tokens += k
            case .reasoning(_, let n):
                if firstToken == nil { firstToken = t }
                let k = max(1, n ?? 1)
                chunkTimes.append(t)
                chunkTokens.append(k)
                tokens += k
            case .usage(let out, _):
                usageTokens = out
            case .end:
                if endTime == nil { endTime = t }
            case .serverError(let m):
                if serverError == nil { serverError = m }
            }
        }
        eventTokens += tokens
        return tokens
    }

    /// `nil` when every chunk carried one token (the file then says nothing).
    var chunkTokensIfInformative: [Int]? { chunkTokens.contains(where: { $0 != 1 }) ? chunkTokens : nil }
}
