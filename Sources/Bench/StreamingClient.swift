import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ResultFormat
import StreamProtocols

/// Sends streamed generation requests and times every body part on arrival.
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
        clock: RunClock, onTokens: (Int) -> Void = { _ in }
    ) async -> RequestOutcome {
        var state = StreamState()
        let prepared: HTTPClientRequest
        do {
            prepared = try endpoint.httpRequest(for: planned, workload: workload)
        } catch {
            let now = clock.now()
            return failure(planned, scheduled: scheduled, sent: now, end: now, state: state, kind: .other,
                           status: nil, message: Redaction.scrub("request could not be built: \(error)", secrets: endpoint.secrets))
        }
        let timeoutMicros = Int64(workload.timeoutSeconds * 1_000_000)
        let sent = clock.now()
        let deadlineMicros = sent + timeoutMicros
        var afterHead = false
        do {
            let response = try await http.execute(prepared, deadline: .now() + .microseconds(timeoutMicros))
            afterHead = true
            let status = Int(response.status.code)
            guard status == 200 else {
                let body = await Self.errorBody(response)
                let end = clock.now()
                let retryAfter = status == 429 ? FailureClassifier.retryAfterSeconds(response.headers.first(name: "retry-after")) : nil
                let text = Redaction.scrub("HTTP \(status): \(body)", secrets: endpoint.secrets, limit: 240)
                return failure(planned, scheduled: scheduled, sent: sent, end: end, state: state,
                               kind: FailureClassifier.kind(forStatus: status), status: status, message: text, retryAfter: retryAfter)
            }
            var decoder = endpoint.makeDecoder()
            for try await buffer in response.body {
                let t = clock.now()  // arrival time, before any decoding
                let deltas = try buffer.withUnsafeReadableBytes { try decoder.feed($0) }
                let tokens = state.apply(deltas, at: t)
                if tokens > 0 { onTokens(tokens) }
                if let message = state.serverError {
                    return failure(planned, scheduled: scheduled, sent: sent, end: t, state: state, kind: .malformed,
                                   status: nil, message: Redaction.scrub("error event in stream: \(message)", secrets: endpoint.secrets))
                }
                if t > deadlineMicros {
                    return failure(planned, scheduled: scheduled, sent: sent, end: t, state: state, kind: .timeout,
                                   status: nil, message: "request timeout of \(FailureClassifier.format(workload.timeoutSeconds)) s elapsed")
                }
            }
            let t = clock.now()
            _ = state.apply(try decoder.finish(), at: t)
            if let message = state.serverError {
                return failure(planned, scheduled: scheduled, sent: sent, end: t, state: state, kind: .malformed,
                               status: nil, message: Redaction.scrub("error event in stream: \(message)", secrets: endpoint.secrets))
            }
            guard let endTime = state.endTime else {
                return failure(planned, scheduled: scheduled, sent: sent, end: t, state: state, kind: .truncated,
                               status: nil, message: "the stream ended without its end marker")
            }
            let record = RequestRecord(
                id: planned.id, scheduled: scheduled, sent: sent, firstToken: state.firstToken,
                firstVisibleToken: state.firstVisibleToken == state.firstToken ? nil : state.firstVisibleToken,
                end: endTime, outputTokens: state.usageTokens ?? state.eventTokens, chunkTimes: state.chunkTimes,
                chunkTokens: state.chunkTokensIfInformative)
            return RequestOutcome(record: record, tokensFromUsage: state.usageTokens != nil, eventTokens: state.eventTokens)
        } catch {
            let t = clock.now()
            let (kind, message) = FailureClassifier.classify(
                error, afterResponseHead: afterHead, stallTimeoutSeconds: workload.stallTimeoutSeconds,
                cancelled: Task.isCancelled)
            return failure(planned, scheduled: scheduled, sent: sent, end: t, state: state, kind: kind, status: nil,
                           message: Redaction.scrub(message, secrets: endpoint.secrets))
        }
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

    /// Up to 1 KiB of an error response's body, as text.
    private static func errorBody(_ response: HTTPClientResponse) async -> String {
        var bytes: [UInt8] = []
        do {
            for try await buffer in response.body {
                bytes += buffer.readableBytesView.prefix(1024 - bytes.count)
                if bytes.count >= 1024 { break }
            }
        } catch {}
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
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
