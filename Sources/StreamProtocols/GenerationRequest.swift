import JSON

/// One message of a conversation prompt.
public struct ChatMessage: Sendable, Equatable {
    /// `system`, `user` or `assistant`.
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// What the bench asks of a provider, independent of the wire API.
public struct GenerationRequest: Sendable {
    public var model: String
    public var messages: [ChatMessage]
    public var temperature: Double
    public var topP: Double
    public var maxTokens: Int
    /// Merged into the top level of the JSON body, overriding the defaults; a JSON `null`
    /// value removes that key from the body instead (e.g. `{"top_p": null}`).
    public var extraBody: [String: JSONValue]
    /// Sent in the `requestIDHeader` header, so that a server's own log can be matched.
    public var requestID: String
    /// The header that carries `requestID` (default `X-Request-Id`); empty sends none.
    public var requestIDHeader: String = "X-Request-Id"

    public init(
        model: String, messages: [ChatMessage], temperature: Double = 0.7, topP: Double = 1, maxTokens: Int = 1024,
        extraBody: [String: JSONValue] = [:], requestID: String = ""
    ) {
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.extraBody = extraBody
        self.requestID = requestID
    }
}

/// A ready-to-send HTTP request. Its description hides credential-bearing headers.
public struct PreparedRequest: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: String, url: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// Header names whose values are secrets.
    public static let secretHeaders: Set<String> = [
        "authorization", "x-api-key", "api-key", "x-amz-security-token", "proxy-authorization", "cookie",
    ]

    /// The headers with secret values replaced by `<redacted>`.
    public var redactedHeaders: [(String, String)] {
        headers.map { Self.secretHeaders.contains($0.0.lowercased()) ? ($0.0, "<redacted>") : $0 }
    }

    public var description: String {
        let h = redactedHeaders.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
        return "\(method) \(url) [\(h)] (\(body.count) bytes)"
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["request": description]) }
}
