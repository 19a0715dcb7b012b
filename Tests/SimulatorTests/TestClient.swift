import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Simulator

/// What a test saw of one HTTP exchange, with every SSE event timestamped on arrival.
struct Observed {
    var status: Int
    var headers: [String: String]
    /// `data` payloads of the SSE events, in order (for a non-streamed answer: the whole body).
    var events: [String] = []
    /// `MonotonicClock` nanos when the read that completed each event arrived.
    var eventNanos: [UInt64] = []
    /// When the request was handed to the client.
    var sentNanos: UInt64
    /// The error that ended the body, if it did not end cleanly.
    var bodyError: (any Error)?

    var body: String { events.joined() }

    /// Parsed JSON of event `index`, nil when it is not a JSON object.
    func json(_ index: Int) -> [String: Any]? {
        guard let data = events[index].data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// Indices of the events that carry content (non-empty delta content or text).
    var contentIndices: [Int] {
        events.indices.filter { index in
            guard let object = json(index), let choice = (object["choices"] as? [[String: Any]])?.first else { return false }
            let delta = choice["delta"] as? [String: Any]
            let text = (delta?["content"] as? String) ?? (choice["text"] as? String) ?? ""
            return !text.isEmpty
        }
    }

    /// Milliseconds from sending to the arrival of event `index`.
    func msSinceSent(_ index: Int) -> Double {
        Double(eventNanos[index] - sentNanos) / 1e6
    }
}

/// A small AsyncHTTPClient wrapper talking to a simulator the test started.
final class TestClient: Sendable {
    let http: HTTPClient

    init() {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    func shutdown() async throws { try await http.shutdown() }

    /// A chat completion body.
    static func chatBody(
        model: String? = nil, stream: Bool = true, includeUsage: Bool = true, maxTokens: Int? = nil, user: String? = nil
    ) -> String {
        var fields = ["\"messages\":[{\"role\":\"user\",\"content\":\"say something short\"}]", "\"stream\":\(stream)"]
        if let model { fields.append("\"model\":\"\(model)\"") }
        if includeUsage { fields.append("\"stream_options\":{\"include_usage\":true}") }
        if let maxTokens { fields.append("\"max_tokens\":\(maxTokens)") }
        if let user { fields.append("\"user\":\"\(user)\"") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// Sends a request and reads the whole answer, splitting `text/event-stream` bodies into events.
    func send(
        _ url: String, method: HTTPMethod = .POST, body: String? = nil, requestID: String? = nil
    ) async throws -> Observed {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Content-Type", value: "application/json")
        if let requestID { request.headers.add(name: "X-Request-Id", value: requestID) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }

        let sent = MonotonicClock.nanos()
        let response = try await http.execute(request, timeout: .seconds(30))
        var observed = Observed(
            status: Int(response.status.code),
            headers: Dictionary(response.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a }),
            sentNanos: sent)
        let isSSE = observed.headers["content-type"]?.hasPrefix("text/event-stream") ?? false
        var pending: [UInt8] = []
        do {
            for try await chunk in response.body {
                let arrived = MonotonicClock.nanos()
                pending.append(contentsOf: chunk.readableBytesView)
                guard isSSE else { continue }
                while let end = Self.eventEnd(in: pending) {
                    let text = String(decoding: pending[..<end], as: UTF8.self)
                    pending.removeFirst(end + 2)
                    let data = text.split(separator: "\n", omittingEmptySubsequences: false)
                        .filter { $0.hasPrefix("data:") }
                        .map { $0.dropFirst(5).drop(while: { $0 == " " }) }
                        .joined(separator: "\n")
                    observed.events.append(data)
                    observed.eventNanos.append(arrived)
                }
            }
        } catch {
            observed.bodyError = error
        }
        if !isSSE {
            observed.events = [String(decoding: pending, as: UTF8.self)]
            observed.eventNanos = [MonotonicClock.nanos()]
        }
        return observed
    }

    private static func eventEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for index in 0..<(bytes.count - 1) where bytes[index] == 0x0a && bytes[index + 1] == 0x0a {
            return index
        }
        return nil
    }
}

/// Starts a simulator on 127.0.0.1 (ephemeral port) and a client, runs `body`, tears both down.
func withSimulator<R>(
    _ profiles: [SimulationProfile], seed: UInt64 = 7, logPath: String? = nil,
    _ body: (RunningSimulator, TestClient) async throws -> R
) async throws -> R {
    let simulator = try await SimulatedEndpoint.start(
        SimulatorConfiguration(host: "127.0.0.1", port: 0, seed: seed, profiles: profiles, logPath: logPath))
    let client = TestClient()
    do {
        // Open the connection first, so timed requests measure the stream, not the TCP handshake.
        _ = try await client.send("http://127.0.0.1:\(simulator.port)/health", method: .GET)
        let result = try await body(simulator, client)
        try await client.shutdown()
        await simulator.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        await simulator.shutdown()
        throw error
    }
}

/// A profile with no randomness in timing, for exact expectations.
func fixedProfile(
    _ name: String, ttftMs: Double = 20, interTokenMs: Double = 2, tokensPerChunk: Int = 1, tokens: Int = 8,
    capacity: Int = 100, faults: FaultModes = .none
) -> SimulationProfile {
    SimulationProfile(
        name: name, ttftMedianMs: ttftMs, ttftSigma: 0, interTokenMs: interTokenMs, interTokenJitter: 0,
        tokensPerChunk: tokensPerChunk, outputTokensMin: tokens, outputTokensMax: tokens, capacity: capacity,
        faults: faults)
}
