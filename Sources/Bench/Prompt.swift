/// One chat turn of a prompt.
public struct PromptMessage: Sendable, Equatable, Hashable {
    /// `system`, `user` or `assistant`.
    public var role: String
    public var content: String
    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// A prompt: the conversation sent to the model (for text-completion APIs, the turns are joined).
public struct Prompt: Sendable, Equatable, Hashable {
    public var messages: [PromptMessage]
    public init(messages: [PromptMessage]) { self.messages = messages }
    public init(user text: String) { messages = [PromptMessage(role: "user", content: text)] }

    /// The text of all turns, for APIs that take a single prompt string.
    public var flattenedText: String { messages.map(\.content).joined(separator: "\n\n") }
}
