import Randomness
import Foundation
import HTTPTypes
import Hummingbird

/// Routes requests to profiles and answers them. Routing is a handful of path comparisons, so it
/// is done here directly rather than through a `Router`.
struct SimulatorResponder: HTTPResponder {
    typealias Context = SimulatorRequestContext

    /// A profile with its capacity queue.
    struct Route: Sendable {
        let profile: SimulationProfile
        let gate: CapacityGate
    }

    let seed: UInt64
    let routes: [Route]
    let routesByName: [String: Int]
    let recorder: ServedRequestRecorder
    let timer = StreamTimer()

    /// Largest request body accepted (prompts of long conversations fit easily).
    static let maxBodyBytes = 8 << 20

    init(configuration: SimulatorConfiguration, recorder: ServedRequestRecorder) {
        seed = configuration.seed
        routes = configuration.profiles.map { Route(profile: $0, gate: CapacityGate(capacity: $0.capacity)) }
        var byName: [String: Int] = [:]
        for (index, profile) in configuration.profiles.enumerated() { byName[profile.name] = index }
        routesByName = byName
        self.recorder = recorder
    }

    /// Where a request goes: a completion API (with the profile its path names, if any), or an
    /// answer given at once (health, model list, an unknown path or method).
    private enum Routed {
        case completion(profile: Int?, api: CompletionAPI)
        case answer(Response)
    }

    /// `/health`, `/v1/models`, and `/[profile/]v1/(chat/)completions`.
    private func route(_ request: Request) -> Routed {
        let parts = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
        if parts == ["health"] {
            guard request.method == .get || request.method == .head else { return .answer(Self.methodNotAllowed(request)) }
            return .answer(Self.json(.ok, "{\"status\":\"ok\",\"profiles\":\(routes.count)}"))
        }
        // Optional leading profile component: /{profile}/v1/...
        var pathProfile: Int?
        var rest = parts[...]
        if let first = rest.first, first != "v1" {
            guard let index = routesByName[String(first)] else {
                return .answer(Self.error(.notFound, type: "not_found", "no profile or route for path \(request.uri.path)"))
            }
            pathProfile = index
            rest = rest.dropFirst()
        }
        switch Array(rest) {
        case ["v1", "chat", "completions"]: return .completion(profile: pathProfile, api: .chat)
        case ["v1", "completions"]: return .completion(profile: pathProfile, api: .text)
        case ["v1", "models"]:
            guard request.method == .get else { return .answer(Self.methodNotAllowed(request)) }
            return .answer(modelList())
        default:
            return .answer(Self.error(.notFound, type: "not_found", "no route for \(request.method) \(request.uri.path)"))
        }
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let pathProfile: Int?, api: CompletionAPI
        switch route(request) {
        case .answer(let response): return response
        case .completion(let profile, let which): (pathProfile, api) = (profile, which)
        }
        guard request.method == .post else { return Self.methodNotAllowed(request) }

        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maxBodyBytes)
        } catch {
            return Self.error(.contentTooLarge, type: "invalid_request_error", "request body over \(Self.maxBodyBytes) bytes")
        }
        let received = MonotonicClock.nanos()

        let parsed: CompletionRequest
        switch CompletionRequest.decode(body.readableBytesView.map { $0 }) {
        case .success(let value): parsed = value
        case .failure(let problem): return Self.error(.badRequest, type: "invalid_request_error", problem.message)
        }
        if let maxTokens = parsed.maxTokens, maxTokens < 1 {
            return Self.error(.badRequest, type: "invalid_request_error", "max_tokens must be at least 1")
        }

        let route = routes[pathProfile ?? parsed.model.flatMap { routesByName[$0] } ?? 0]
        let requestID = Self.requestID(from: request, body: parsed) ?? recorder.generateRequestID()
        let plan = route.profile.plan(seed: seed, requestID: requestID, maxTokens: parsed.maxTokens)
        let exchange = Exchange(
            requestID: requestID, route: route, plan: plan, received: received,
            stream: parsed.stream ?? false, includeUsage: parsed.includeUsage, promptTokens: parsed.promptTokens,
            encoder: CompletionEncoder(
                api: api, responseID: Self.responseID(api: api, seed: seed, requestID: requestID),
                model: parsed.model ?? route.profile.name, created: Int(Date().timeIntervalSince1970),
                wordOffset: plan.wordOffset),
            recorder: recorder, timer: timer, eventLoop: context.eventLoop)

        if let rejection = Self.rejection(plan.fault, exchange: exchange, requestID: requestID) { return rejection }
        var headers: HTTPFields = [:]
        headers[Self.requestIDHeader] = requestID
        if exchange.stream {
            headers[.contentType] = "text/event-stream; charset=utf-8"
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                try await exchange.stream(to: &writer)
            })
        } else {
            headers[.contentType] = "application/json"
            return try await exchange.respondWhole(headers: headers)
        }
    }

    /// The answer of a request the plan rejects at once (a server error, a rate limit), recorded
    /// as such; nil when the request is to be answered.
    private static func rejection(_ fault: RequestPlan.Fault, exchange: Exchange, requestID: String) -> Response? {
        switch fault {
        case .serverError(let status):
            exchange.recordRejection(outcome: "error-\(status)")
            var response = Self.error(
                HTTPResponse.Status(code: status), type: "server_error", "simulated server error (request \(requestID))")
            response.headers[Self.requestIDHeader] = requestID
            return response
        case .rateLimited(let seconds):
            exchange.recordRejection(outcome: "rate-limited")
            var response = Self.error(
                .tooManyRequests, type: "rate_limit_exceeded", "simulated rate limit (request \(requestID))")
            response.headers[Self.requestIDHeader] = requestID
            response.headers[.retryAfter] = String(seconds)
            return response
        default:
            return nil
        }
    }

    /// Cuts every in-flight and queued stream (their outcome is logged as "cancelled"), and
    /// makes any later request fail the same way; used on shutdown.
    func stopStreams() {
        timer.stopAll()
        for route in routes { route.gate.stopAll() }
    }

    // MARK: Helpers

    static let requestIDHeader = HTTPField.Name("X-Request-Id")!

    /// The client's id for the request: `X-Request-Id`, else the body's `user` field.
    static func requestID(from request: Request, body: CompletionRequest) -> String? {
        if let header = request.headers[requestIDHeader], !header.isEmpty { return header }
        if let user = body.user, !user.isEmpty { return user }
        return nil
    }

    /// An OpenAI-looking id derived from (seed, request id): stable across runs.
    static func responseID(api: CompletionAPI, seed: UInt64, requestID: String) -> String {
        var rng = SplitMix64(seed: ~seed, requestID: requestID)
        let hex = String(rng.next(), radix: 16) + String(rng.next(), radix: 16)
        return (api == .chat ? "chatcmpl-" : "cmpl-") + hex
    }

    private func modelList() -> Response {
        let items = routes.map { "{\"id\":\(jsonString($0.profile.name)),\"object\":\"model\",\"created\":0,\"owned_by\":\"simulator\"}" }
        return Self.json(.ok, "{\"object\":\"list\",\"data\":[\(items.joined(separator: ","))]}")
    }

    static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// An OpenAI-style error body.
    static func error(_ status: HTTPResponse.Status, type: String, _ message: String) -> Response {
        json(status, "{\"error\":{\"message\":\(jsonString(message)),\"type\":\(jsonString(type)),\"code\":\(status.code)}}")
    }

    static func methodNotAllowed(_ request: Request) -> Response {
        error(.methodNotAllowed, type: "invalid_request_error", "\(request.method) is not allowed on \(request.uri.path)")
    }
}
