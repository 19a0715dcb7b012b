import Foundation
import JSON
import Testing

@testable import StreamProtocols

@Suite struct RequestBuilderTests {
    let fakeKey = "sk-" + "FAKE-KEY-0123456789-recognisable"
    let request = GenerationRequest(
        model: "gpt-4o-mini",
        messages: [ChatMessage(role: "system", content: "Be brief."), ChatMessage(role: "user", content: "Say \"hi\".")],
        temperature: 0.7, topP: 1, maxTokens: 1024, requestID: "run1-0007")
    let now = Date(timeIntervalSince1970: 1_714_566_896)

    func header(_ r: PreparedRequest, _ name: String) -> [String] {
        r.headers.filter { $0.0.lowercased() == name }.map(\.1)
    }

    func body(_ r: PreparedRequest) throws -> JSONValue { try JSONParser.parse(r.body) }

    /// The key may appear only in the one auth header.
    func expectKeyOnlyInAuthHeader(_ r: PreparedRequest, _ authHeader: String) {
        let holders = r.headers.filter { $0.1.contains(fakeKey) }.map { $0.0.lowercased() }
        #expect(holders == [authHeader])
        #expect(!String(decoding: r.body, as: UTF8.self).contains(fakeKey))
        #expect(!r.url.contains(fakeKey))
        #expect(!"\(r)".contains(fakeKey))
        #expect(!String(reflecting: r).contains(fakeKey))
        #expect(!dumped(r).contains(fakeKey))
    }

    @Test func openAIChat() throws {
        let r = try RequestBuilder.build(
            api: .openAIChat, baseURL: "https://api.openai.com/v1/", request: request, apiKey: fakeKey, extraHeaders: [],
            aws: nil, now: now)
        #expect(r.method == "POST")
        #expect(r.url == "https://api.openai.com/v1/chat/completions")
        #expect(header(r, "authorization") == ["Bearer \(fakeKey)"])
        #expect(header(r, "content-type") == ["application/json"])
        #expect(header(r, "accept") == ["text/event-stream"])
        #expect(header(r, "x-request-id") == ["run1-0007"])
        expectKeyOnlyInAuthHeader(r, "authorization")
        #expect(
            String(decoding: r.body, as: UTF8.self)
                == #"{"max_tokens":1024,"messages":[{"content":"Be brief.","role":"system"},{"content":"Say \"hi\".","role":"user"}],"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"temperature":0.7,"top_p":1.0}"#
        )
    }

    @Test func openAICompletions() throws {
        let r = try RequestBuilder.build(
            api: .openAICompletions, baseURL: "http://127.0.0.1:8000/v1", request: request, apiKey: nil, extraHeaders: [],
            aws: nil, now: now)
        #expect(r.url == "http://127.0.0.1:8000/v1/completions")
        #expect(header(r, "authorization") == [])
        let b = try body(r)
        #expect(b["prompt"] == .string("Be brief.\n\nSay \"hi\"."))
        #expect(b["messages"] == nil)
        #expect(b["stream_options"]?["include_usage"] == .bool(true))
        #expect(b["stream"] == .bool(true))
    }

    @Test func extraBodyOverridesAndRemoves() throws {
        var req = request
        req.extraBody = ["max_tokens": .null, "max_completion_tokens": .int(64), "temperature": .double(0), "seed": .int(7)]
        let r = try RequestBuilder.build(
            api: .openAIChat, baseURL: "https://x.test/v1", request: req, apiKey: fakeKey, extraHeaders: [], aws: nil, now: now)
        let b = try body(r)
        #expect(b["max_tokens"] == nil)
        #expect(b["max_completion_tokens"] == .int(64))
        #expect(b["temperature"] == .double(0))
        #expect(b["seed"] == .int(7))
        // Deterministic: the same request gives the same bytes.
        let again = try RequestBuilder.build(
            api: .openAIChat, baseURL: "https://x.test/v1", request: req, apiKey: fakeKey, extraHeaders: [], aws: nil, now: now)
        #expect(again.body == r.body)
    }

    @Test func extraHeadersReplaceDefaults() throws {
        let r = try RequestBuilder.build(
            api: .openAIChat, baseURL: "https://x.test/v1", request: request, apiKey: nil,
            extraHeaders: [("accept", "*/*"), ("HTTP-Referer", "https://example.org")], aws: nil, now: now)
        #expect(header(r, "accept") == ["*/*"])
        #expect(header(r, "http-referer") == ["https://example.org"])
    }

    @Test func anthropic() throws {
        var req = request
        req.model = "claude-sonnet-4-5"
        let r = try RequestBuilder.build(
            api: .anthropicMessages, baseURL: "", request: req, apiKey: fakeKey, extraHeaders: [], aws: nil, now: now)
        #expect(r.url == "https://api.anthropic.com/v1/messages")
        #expect(header(r, "x-api-key") == [fakeKey])
        #expect(header(r, "anthropic-version") == ["2023-06-01"])
        #expect(header(r, "authorization") == [])
        expectKeyOnlyInAuthHeader(r, "x-api-key")
        #expect(
            String(decoding: r.body, as: UTF8.self)
                == #"{"max_tokens":1024,"messages":[{"content":"Say \"hi\".","role":"user"}],"model":"claude-sonnet-4-5","stream":true,"system":"Be brief.","temperature":0.7}"#
        )
        req.topP = 0.9
        let withTopP = try RequestBuilder.build(
            api: .anthropicMessages, baseURL: "https://proxy.test/v1", request: req, apiKey: fakeKey, extraHeaders: [], aws: nil,
            now: now)
        #expect(withTopP.url == "https://proxy.test/v1/messages")
        #expect(try body(withTopP)["top_p"] == .double(0.9))
    }

    @Test func bedrockSigned() throws {
        var req = request
        req.model = "anthropic.claude-3-haiku-20240307-v1:0"
        let creds = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "TOKEN")
        let r = try RequestBuilder.build(
            api: .bedrockConverseStream, baseURL: "", request: req, apiKey: nil, extraHeaders: [],
            aws: (credentials: creds, region: "us-west-2"), now: now)
        #expect(r.url == "https://bedrock-runtime.us-west-2.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream")
        #expect(header(r, "accept") == ["application/vnd.amazon.eventstream"])
        #expect(header(r, "x-amz-date") == ["20240501T123456Z"])
        #expect(header(r, "x-amz-security-token") == ["TOKEN"])
        let auth = header(r, "authorization")
        #expect(auth.count == 1)
        #expect(auth.first?.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-west-2/bedrock/aws4_request, ") == true)
        #expect(!String(decoding: r.body, as: UTF8.self).contains("wJalrXUtnFEMI"))
        #expect(!r.headers.contains { $0.1.contains("wJalrXUtnFEMI") })
        #expect(!"\(r)".contains("TOKEN"))
        #expect(
            String(decoding: r.body, as: UTF8.self)
                == #"{"inferenceConfig":{"maxTokens":1024,"temperature":0.7},"messages":[{"content":[{"text":"Say \"hi\"."}],"role":"user"}],"system":[{"text":"Be brief."}]}"#
        )
        // The signature is what the signer gives for exactly these headers and body.
        let unsigned = r.headers.filter { !["x-amz-date", "x-amz-security-token", "authorization"].contains($0.0.lowercased()) }
        let resigned = SigV4Signer(credentials: creds, region: "us-west-2", service: "bedrock")
            .sign(method: "POST", url: r.url, headers: unsigned, body: r.body, date: now)
        #expect(resigned.map(\.1) == r.headers.map(\.1))
    }

    @Test func bedrockBaseURLOverrideAndBearerKey() throws {
        let r = try RequestBuilder.build(
            api: .bedrockConverseStream, baseURL: "http://127.0.0.1:9000/", request: request, apiKey: fakeKey, extraHeaders: [],
            aws: nil, now: now)
        #expect(r.url == "http://127.0.0.1:9000/model/gpt-4o-mini/converse-stream")
        #expect(header(r, "authorization") == ["Bearer \(fakeKey)"])
        expectKeyOnlyInAuthHeader(r, "authorization")
    }

    @Test func invalidRequests() {
        #expect(throws: StreamProtocolError.self) {
            try RequestBuilder.build(
                api: .bedrockConverseStream, baseURL: "", request: request, apiKey: nil, extraHeaders: [], aws: nil, now: now)
        }
        #expect(throws: StreamProtocolError.self) {
            try RequestBuilder.build(
                api: .openAIChat, baseURL: "api.openai.com/v1", request: request, apiKey: fakeKey, extraHeaders: [], aws: nil, now: now)
        }
        do {
            _ = try RequestBuilder.build(
                api: .openAIChat, baseURL: "ftp://\(fakeKey)", request: request, apiKey: fakeKey, extraHeaders: [], aws: nil, now: now)
            Issue.record("no error")
        } catch {
            #expect(error.kind == .invalidRequest)
            #expect(!error.description.contains(fakeKey))
        }
    }
}
