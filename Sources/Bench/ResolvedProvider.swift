import Foundation
import ResultFormat
import StreamProtocols

/// A provider ready to be driven: API kind parsed, key read from the environment, and the
/// secrets to scrub from any text that leaves the process. The only place that calls
/// `StreamProtocols` to build requests and decoders.
public struct ResolvedProvider: Sendable {
    public let configuration: ProviderConfiguration
    public let api: APIKind
    let apiKey: String?
    let aws: AWSCredentials?
    let awsRegion: String?
    /// Everything secret this provider holds; scrubbed from every message.
    public let secrets: [String]

    /// Reads the key named by `api_key_env` (and, for Bedrock, the AWS variables) from `environment`.
    public static func resolve(
        _ p: ProviderConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> ResolvedProvider {
        guard let api = APIKind(rawValue: p.api) else {
            throw ConfigurationError(field: "providers.\(p.name).api", message: "unknown API '\(p.api)'")
        }
        var key: String? = nil
        if let name = p.apiKeyEnv {
            guard let value = environment[name], !value.isEmpty else {
                throw ConfigurationError(
                    field: "providers.\(p.name).api_key_env", message: "environment variable \(name) is not set")
            }
            key = value
        }
        var aws: AWSCredentials? = nil
        var region: String? = nil
        if api == .bedrockConverseStream {
            guard let creds = AWSCredentials.fromEnvironment(environment) else {
                throw ConfigurationError(
                    field: "providers.\(p.name)", message: "Bedrock needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
            }
            aws = creds
            region = p.awsRegion ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
            guard region != nil else {
                throw ConfigurationError(field: "providers.\(p.name).aws_region", message: "no region (set aws_region or AWS_REGION)")
            }
        }
        // Every configured header's value counts as a secret too: Azure OpenAI takes its key in
        // `api-key`, and other gateways in headers of their own.
        var secrets = [key, aws?.secretAccessKey, aws?.sessionToken, aws?.accessKeyID].compactMap { $0 }
            + p.headers.values.sorted()
        if let c = URLComponents(string: p.baseURL) {
            secrets += [c.password, c.query].compactMap { $0 }.filter { $0.count >= 4 }
        }
        return ResolvedProvider(configuration: p, api: api, apiKey: key, aws: aws, awsRegion: region, secrets: secrets)
    }

    /// Result-file description of this provider (no credentials).
    public var info: ProviderInfo {
        ProviderInfo(
            name: configuration.name, slug: configuration.slug, api: api.rawValue,
            baseURL: configuration.baseURL.isEmpty && api == .bedrockConverseStream
                ? "https://bedrock-runtime.\(awsRegion ?? "us-east-1").amazonaws.com" : configuration.redactedBaseURL,
            model: configuration.model)
    }

    /// The HTTP request for one planned request, headers and body as the API wants them, plus
    /// the request-id header (`X-Request-Id: <uuid>` unless configured otherwise, see
    /// `RequestRenderer.requestID(of:)`) so a server's own log can be matched to the record.
    func preparedRequest(for planned: PlannedRequest, workload: WorkloadConfiguration, requestID: String) throws -> PreparedRequest {
        var generation = GenerationRequest(
            model: configuration.model,
            messages: planned.prompt.messages.map { ChatMessage(role: $0.role, content: $0.content) },
            temperature: workload.temperature, topP: workload.topP, maxTokens: workload.maxTokens,
            extraBody: configuration.body, requestID: requestID)
        generation.requestIDHeader = configuration.requestIDHeader ?? ""
        return try RequestBuilder.build(
            api: api, baseURL: configuration.baseURL, request: generation, apiKey: apiKey,
            extraHeaders: configuration.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            aws: aws.map { (credentials: $0, region: awsRegion ?? "us-east-1") }, now: Date())
    }

    func makeDecoder() -> StreamDecoder { StreamDecoder(api: api) }
}
