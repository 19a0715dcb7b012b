import Foundation
import Testing

@testable import Bench
@testable import StreamProtocols

/// `RequestRenderer.wire` builds a request from its prompt's template (the message rendered once
/// and split around the request id); the bytes must be those of a fresh render, for every API
/// and provider option, the first time a prompt is seen and every time after.
@Suite struct RequestRendererTests {
    static let workload = WorkloadConfiguration(temperature: 0.3, topP: 0.9, maxTokens: 77)

    static let providers: [(ProviderConfiguration, [String: String])] = [
        (ProviderConfiguration(name: "Chat A", api: "openai-chat", baseURL: "http://127.0.0.1:8080/v1/", model: "m"), [:]),
        (ProviderConfiguration(
            name: "chat-key", api: "openai-chat", baseURL: "http://localhost:9/v1", model: "m", apiKeyEnv: "K",
            headers: ["X-Extra": "1", "accept": "text/plain"], body: ["seed": .int(3), "top_p": .null]), ["K": "sk-test-FAKEKEY"]),
        (ProviderConfiguration(name: "completions", api: "openai-completions", baseURL: "http://[::1]:81/x", model: "m"), [:]),
        (ProviderConfiguration(name: "claude", api: "anthropic-messages", baseURL: "http://127.0.0.1:1/v1", model: "c"), [:]),
        // A header of the provider's own replaces X-Request-Id: rendered afresh every time.
        (ProviderConfiguration(
            name: "own-id", api: "openai-chat", baseURL: "http://127.0.0.1:2/v1", model: "m", headers: ["x-request-id": "fixed"]), [:]),
        // Signed: rendered afresh every time.
        (ProviderConfiguration(name: "bedrock", api: "bedrock-converse-stream", baseURL: "", model: "b", awsRegion: "us-east-1"),
         ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "FAKESECRET"]),
    ]

    static let prompts: [Prompt] = [
        Prompt(user: "Say hello."),
        Prompt(messages: [PromptMessage(role: "system", content: "Be brief.\n\"quoted\"\t\u{1}"), PromptMessage(role: "user", content: "Ünïcödé 🌍 " + String(repeating: "long ", count: 2_000))]),
        Prompt(user: "\u{1}bench-request-id\u{1}"),  // the marker itself in a prompt
    ]

    @Test func templatedRequestsAreFreshRenders() throws {
        for (config, env) in Self.providers {
            let endpoint = try ResolvedProvider.resolve(config, environment: env)
            let renderer = RequestRenderer(endpoint: endpoint, workload: Self.workload)
            for id in 0..<12 {
                let index = (id * 7) % Self.prompts.count
                let planned = PlannedRequest(id: id, offsetMicros: 0, prompt: Self.prompts[index], promptIndex: index)
                let wire = try renderer.wire(planned)
                let fresh = try HTTP1Request(renderer.prepared(planned))
                if endpoint.api == .bedrockConverseStream {
                    // The signature covers the time: compare everything but the signing headers.
                    #expect(wire.origin == fresh.origin)
                    #expect(Self.unsigned(wire.bytes) == Self.unsigned(fresh.bytes), "\(config.name) request \(id)")
                } else {
                    #expect(wire.origin == fresh.origin)
                    #expect(wire.bytes == fresh.bytes, "\(config.name) request \(id)")
                }
                let text = String(decoding: wire.bytes, as: UTF8.self)
                if config.name != "own-id" {
                    let uuid = RequestRenderer.requestID(runID: "", slug: config.slug, id: id)
                    #expect(text.contains("X-Request-Id: \(uuid)\r\n"))
                }
            }
        }
    }

    /// The id is a UUID (servers that check the header refuse anything else, with an empty
    /// 400), version 8 with the RFC 9562 variant, different per run and provider, with the
    /// request's number in its last 12 digits.
    @Test func requestIDsAreUUIDs() throws {
        let a = RequestRenderer.requestID(runID: "2026-12-05T10-00-00Z", slug: "p", id: 17)
        let uuid = try #require(UUID(uuidString: a), "\(a) is not a UUID")
        #expect(uuid.uuidString.lowercased() == a)
        let chars = Array(a)
        #expect(chars.count == 36 && chars[14] == "8" && "89ab".contains(chars[19]), "\(a)")
        #expect(a.hasSuffix("-000000000017"))
        #expect(RequestRenderer.requestID(runID: "2026-12-05T10-00-00Z", slug: "p", id: 17) == a)
        #expect(RequestRenderer.requestID(runID: "2026-12-05T10-00-01Z", slug: "p", id: 17) != a)
        #expect(RequestRenderer.requestID(runID: "2026-12-05T10-00-00Z", slug: "q", id: 17) != a)
        #expect(RequestRenderer.requestID(runID: "r", slug: "p", id: 123_456_789_012).hasSuffix("-123456789012"))
    }

    /// `request_id_header` renames the header, or drops it (`none`); the templated bytes still
    /// equal a fresh render.
    @Test func requestIDHeaderCanBeRenamedOrDropped() throws {
        for (header, expected) in [("X-Correlation-Id", "X-Correlation-Id: "), (nil, nil)] as [(String?, String?)] {
            var config = ProviderConfiguration(name: "p", api: "openai-chat", baseURL: "http://127.0.0.1:2/v1", model: "m")
            config.requestIDHeader = header
            let renderer = RequestRenderer(endpoint: try ResolvedProvider.resolve(config, environment: [:]), workload: Self.workload)
            for id in 0..<3 {
                let planned = PlannedRequest(id: id, offsetMicros: 0, prompt: Self.prompts[0], promptIndex: 0)
                let wire = try renderer.wire(planned)
                #expect(wire.bytes == (try HTTP1Request(renderer.prepared(planned))).bytes)
                let text = String(decoding: wire.bytes, as: UTF8.self)
                #expect(!text.contains("X-Request-Id"))
                if let expected { #expect(text.contains(expected + renderer.requestID(of: planned) + "\r\n")) }
            }
        }
    }

    @Test func aPromptIndexReusedForAnotherPromptIsRenderedAfresh() throws {
        let endpoint = try ResolvedProvider.resolve(Self.providers[0].0, environment: [:])
        let renderer = RequestRenderer(endpoint: endpoint, workload: Self.workload)
        let a = PlannedRequest(id: 1, offsetMicros: 0, prompt: Self.prompts[0], promptIndex: 0)
        let b = PlannedRequest(id: 2, offsetMicros: 0, prompt: Self.prompts[1], promptIndex: 0)
        _ = try renderer.wire(a)
        #expect(try renderer.wire(b).bytes == HTTP1Request(renderer.prepared(b)).bytes)
    }

    /// The message without the headers that depend on the signing time.
    static func unsigned(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("Authorization:") && !$0.hasPrefix("X-Amz-Date:") && !$0.lowercased().hasPrefix("x-amz-date:") }
            .joined(separator: "\r\n")
    }

    /// The marker search, checked against a position-by-position comparison.
    @Test func firstOccurrenceFindsThePatternWhereverItIs() {
        let pattern: [UInt8] = [1, 2, 1]
        let cases: [[UInt8]] = [
            [], [1], [1, 2], [1, 2, 1], [0, 1, 2, 1], [1, 1, 2, 1, 0], [1, 2, 2, 1, 2, 1], [0, 0, 1, 2], [1, 2, 1, 2, 1],
            [9, 9, 9], Array(repeating: 1, count: 5) + [2, 1],
        ]
        for bytes in cases {
            for start in 0...bytes.count {
                let expected = (start..<max(start, bytes.count - pattern.count + 1)).first {
                    Array(bytes[$0..<($0 + pattern.count)]) == pattern
                }
                #expect(RequestRenderer.firstOccurrence(of: pattern, in: bytes, from: start) == expected, "\(bytes) from \(start)")
            }
        }
    }
}
