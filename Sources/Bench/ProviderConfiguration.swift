import JSON
import ResultFormat

/// One endpoint to measure.
///
/// The API key is never stored here: only the NAME of the environment variable that holds it,
/// so a config file can be committed and shared.
public struct ProviderConfiguration: Sendable, Equatable {
    /// Display name; its slug names the result file.
    public var name: String
    /// `openai-chat`, `openai-completions`, `anthropic-messages` or `bedrock-converse-stream`.
    public var api: String
    /// e.g. `https://api.openai.com/v1` (the API path is appended by the request builder).
    public var baseURL: String
    public var model: String
    /// Name of the environment variable that holds the key; `nil` for endpoints without one.
    public var apiKeyEnv: String?
    /// Extra HTTP headers sent with every request. Their values are treated as secrets: scrubbed from
    /// every stored message (a key in `api-key`, as Azure OpenAI takes it, is common).
    public var headers: [String: String]
    /// Extra top-level JSON body fields merged into every request body.
    public var body: [String: JSONValue]
    /// AWS region for Bedrock (falls back to `AWS_REGION` / `AWS_DEFAULT_REGION`).
    public var awsRegion: String?
    /// Where the figures come from: `measured` for a real endpoint, `simulated` for the built-in simulator.
    public var source: DataSource
    /// Free text stored with the run (e.g. "built-in simulator, profile fast").
    public var note: String?
    /// The header that carries each request's id (a UUID, see `RequestRenderer`), so a server's
    /// log can be matched to the record; nil sends none.
    public var requestIDHeader: String? = "X-Request-Id"
    /// A PEM file of CA certificates trusted for `https` besides the system's trust store
    /// (`ca_file`, e.g. a private CA in front of a self-hosted server); nil: the system store alone.
    public var caFile: String? = nil

    public init(
        name: String, api: String, baseURL: String, model: String, apiKeyEnv: String? = nil,
        headers: [String: String] = [:], body: [String: JSONValue] = [:], awsRegion: String? = nil,
        source: DataSource = .measured, note: String? = nil
    ) {
        self.name = name
        self.api = api
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnv = apiKeyEnv
        self.headers = headers
        self.body = body
        self.awsRegion = awsRegion
        self.source = source
        self.note = note
    }

    public var slug: String { Slug.make(from: name) }

    /// The API types the bench can drive.
    public static let supportedAPIs = ["openai-chat", "openai-completions", "anthropic-messages", "bedrock-converse-stream"]

    /// The base URL without user-info or query (which may carry credentials), for result files and logs.
    public var redactedBaseURL: String { Redaction.redactURL(baseURL) }
}
