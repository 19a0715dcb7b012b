/// The streaming wire APIs the bench can talk to.
public enum APIKind: String, Sendable, CaseIterable, Codable {
    /// OpenAI chat completions (`/chat/completions`); also vLLM, TGI, llama.cpp, Ollama, Groq, Together...
    case openAIChat = "openai-chat"
    /// OpenAI text completions (`/completions`).
    case openAICompletions = "openai-completions"
    /// Anthropic Messages (`/messages`).
    case anthropicMessages = "anthropic-messages"
    /// AWS Bedrock ConverseStream (AWS event-stream framing, SigV4 signed).
    case bedrockConverseStream = "bedrock-converse-stream"

    /// Whether the server's usage report is requested and expected (all four APIs have one).
    public var reportsUsage: Bool { true }

    /// The API's end-of-stream event, as messages name it.
    public var endMarkerName: String {
        switch self {
        case .openAIChat, .openAICompletions: return "data: [DONE]"
        case .anthropicMessages: return "message_stop"
        case .bedrockConverseStream: return "metadata"
        }
    }
}
