import Foundation
import JSON

/// Builds the HTTP request of each API for one `GenerationRequest`.
///
/// Bodies are deterministic (sorted keys). Every API is asked to stream and to report usage.
/// The API key goes into the API's auth header only; extra headers with the same name as a
/// default header replace it.
public enum RequestBuilder {
    /// baseURL e.g. `https://api.openai.com/v1`: chat → `baseURL + "/chat/completions"`,
    /// completions → `+ "/completions"`, Anthropic → `+ "/messages"` (default base
    /// `https://api.anthropic.com/v1`; headers `x-api-key`, `anthropic-version: 2023-06-01`),
    /// Bedrock → `https://bedrock-runtime.{region}.amazonaws.com/model/{model}/converse-stream`
    /// (a non-empty baseURL replaces the scheme and host), SigV4-signed for service `bedrock`,
    /// or with `Authorization: Bearer` when only an API key (a Bedrock API key) is given.
    public static func build(
        api: APIKind, baseURL: String, request: GenerationRequest, apiKey: String?, extraHeaders: [(String, String)],
        aws: (credentials: AWSCredentials, region: String)?, now: Date
    ) throws(StreamProtocolError) -> PreparedRequest {
        guard !request.model.isEmpty else { throw StreamProtocolError(.invalidRequest, "the model name is empty") }
        guard request.maxTokens > 0 else { throw StreamProtocolError(.invalidRequest, "max_tokens must be positive") }
        guard request.temperature.isFinite, request.topP.isFinite else {
            throw StreamProtocolError(.invalidRequest, "temperature and top_p must be finite")
        }
        let key = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        let url: String
        var body: [String: JSONValue]
        switch api {
        case .openAIChat, .openAICompletions:
            (url, body) = try openAI(api: api, baseURL: baseURL, request: request)
            headers.append(("Accept", "text/event-stream"))
            if let key { headers.append(("Authorization", "Bearer \(key)")) }
        case .anthropicMessages:
            (url, body) = try anthropic(baseURL: baseURL, request: request)
            headers.append(("Accept", "text/event-stream"))
            if let key { headers.append(("x-api-key", key)) }
            headers.append(("anthropic-version", "2023-06-01"))
        case .bedrockConverseStream:
            (url, body) = try bedrock(baseURL: baseURL, region: aws?.region ?? "", request: request)
            headers.append(("Accept", "application/vnd.amazon.eventstream"))
            if aws == nil {
                guard let key else {
                    throw StreamProtocolError(
                        .invalidRequest, "Bedrock needs AWS credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) or an API key")
                }
                headers.append(("Authorization", "Bearer \(key)"))
            }
        }
        for (k, v) in request.extraBody {
            if v == .null { body[k] = nil } else { body[k] = v }
        }
        if !request.requestID.isEmpty, !request.requestIDHeader.isEmpty {
            headers.append((request.requestIDHeader, request.requestID))
        }
        for (name, value) in extraHeaders {
            headers.removeAll { $0.0.lowercased() == name.lowercased() }
            headers.append((name, value))
        }
        let bodyBytes = JSONValue.object(body).serialized()
        if api == .bedrockConverseStream, let aws {
            guard !aws.region.isEmpty else { throw StreamProtocolError(.invalidRequest, "Bedrock needs a region") }
            let signer = SigV4Signer(credentials: aws.credentials, region: aws.region, service: "bedrock")
            headers = signer.sign(method: "POST", url: url, headers: headers, body: bodyBytes, date: now)
        }
        return PreparedRequest(method: "POST", url: url, headers: headers, body: bodyBytes)
    }

    /// OpenAI chat and completions: URL and body (streamed, with the usage report asked for).
    private static func openAI(api: APIKind, baseURL: String, request: GenerationRequest) throws(StreamProtocolError)
        -> (String, [String: JSONValue])
    {
        let url = try endpoint(baseURL, default: nil, path: api == .openAIChat ? "/chat/completions" : "/completions")
        var body: [String: JSONValue] = [
            "model": .string(request.model),
            "temperature": .double(request.temperature),
            "top_p": .double(request.topP),
            "max_tokens": .int(Int64(request.maxTokens)),
            "stream": .bool(true),
            "stream_options": .object(["include_usage": .bool(true)]),
        ]
        if api == .openAIChat {
            body["messages"] = .array(request.messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) })
        } else {
            body["prompt"] = .string(request.messages.map(\.content).joined(separator: "\n\n"))
        }
        return (url, body)
    }

    /// Anthropic Messages: URL and body (system prompts in `system`).
    private static func anthropic(baseURL: String, request: GenerationRequest) throws(StreamProtocolError) -> (String, [String: JSONValue]) {
        let url = try endpoint(baseURL, default: "https://api.anthropic.com/v1", path: "/messages")
        let system = request.messages.filter { $0.role == "system" }.map(\.content)
        var body: [String: JSONValue] = [
            "model": .string(request.model),
            "max_tokens": .int(Int64(request.maxTokens)),
            "temperature": .double(request.temperature),
            "stream": .bool(true),
            "messages": .array(
                request.messages.filter { $0.role != "system" }.map {
                    .object(["role": .string($0.role), "content": .string($0.content)])
                }),
        ]
        // top_p = 1 is the default; recent Claude models refuse temperature and top_p together.
        if request.topP != 1 { body["top_p"] = .double(request.topP) }
        if !system.isEmpty { body["system"] = .string(system.joined(separator: "\n\n")) }
        return (url, body)
    }

    /// Bedrock ConverseStream: URL (the region's endpoint unless a base URL is given) and body.
    private static func bedrock(baseURL: String, region: String, request: GenerationRequest) throws(StreamProtocolError)
        -> (String, [String: JSONValue])
    {
        if baseURL.isEmpty {
            guard !region.isEmpty else {
                throw StreamProtocolError(.invalidRequest, "Bedrock needs a region (or a base URL)")
            }
        }
        let modelPath = "/model/" + uriEncode(Array(request.model.utf8), encodeSlash: true) + "/converse-stream"
        let url = try endpoint(baseURL.isEmpty ? "https://bedrock-runtime.\(region).amazonaws.com" : baseURL, default: nil, path: modelPath)
        let system = request.messages.filter { $0.role == "system" }
        var inference: [String: JSONValue] = [
            "maxTokens": .int(Int64(request.maxTokens)),
            "temperature": .double(request.temperature),
        ]
        if request.topP != 1 { inference["topP"] = .double(request.topP) }
        var body: [String: JSONValue] = [
            "messages": .array(
                request.messages.filter { $0.role != "system" }.map {
                    .object(["role": .string($0.role), "content": .array([.object(["text": .string($0.content)])])])
                }),
            "inferenceConfig": .object(inference),
        ]
        if !system.isEmpty { body["system"] = .array(system.map { .object(["text": .string($0.content)]) }) }
        return (url, body)
    }

    /// The request URL: `path` appended to the base URL's path, before its query string (Azure
    /// OpenAI's `?api-version=...`), which is kept; a fragment is dropped.
    static func endpoint(_ baseURL: String, default fallback: String?, path: String) throws(StreamProtocolError) -> String {
        let base = try trimmedBase(baseURL, default: fallback)
        guard let split = base.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return base + path }
        var head = base[..<split]
        while head.hasSuffix("/") { head.removeLast() }
        let rest = base[split...]
        let query = rest.first == "?" ? rest.prefix(while: { $0 != "#" }) : ""
        return head + path + (query == "?" ? "" : query)
    }

    private static func trimmedBase(_ baseURL: String, default fallback: String?) throws(StreamProtocolError) -> String {
        // Spaces and tabs trimmed by hand: Foundation's `trimmingCharacters` was a visible part of
        // building every request.
        var base = Substring(baseURL)
        while let c = base.first, c == " " || c == "\t" { base.removeFirst() }
        while let c = base.last, c == " " || c == "\t" { base.removeLast() }
        if base.isEmpty, let fallback { base = Substring(fallback) }
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
            throw StreamProtocolError(.invalidRequest, "the base URL must start with http:// or https://")
        }
        while base.hasSuffix("/") { base.removeLast() }
        return String(base)
    }
}
