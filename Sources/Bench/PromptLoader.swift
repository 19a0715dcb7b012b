import JSON
import Foundation
import ResultFormat

/// Loads prompts from the configured source. File errors name the file and line.
public enum PromptLoader {
    public static func load(_ source: PromptSource) throws(ConfigurationError) -> [Prompt] {
        switch source {
        case .builtIn: return BuiltInPrompts.all
        case .jsonl(let path):
            return try records(path).enumerated().map { (i, r) throws(ConfigurationError) in
                try promptFromRecord(r.1, file: path, line: r.0)
            }
        case .conversations(let path):
            var out: [Prompt] = []
            for (line, value) in try records(path) {
                if let p = try promptFromConversation(value, file: path, line: line) { out.append(p) }
            }
            guard !out.isEmpty else { throw ConfigurationError(file: path, field: "", message: "no conversation with a user turn") }
            return out
        }
    }

    /// The file as (line number, JSON value) pairs: a JSON array (line 1 for all) or JSON lines.
    static func records(_ path: String) throws(ConfigurationError) -> [(Int, JSONValue)] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, field: "", message: "cannot read the prompt file")
        }
        let bytes = [UInt8](data)
        if let first = bytes.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }), first == UInt8(ascii: "[") {
            do {
                guard case .array(let items) = try JSONParser.parse(bytes) else { return [] }
                return items.map { (1, $0) }
            } catch { throw ConfigurationError(file: path, field: "", message: "malformed JSON: \(error)") }
        }
        var out: [(Int, JSONValue)] = []
        var lineNo = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNo += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            do { out.append((lineNo, try JSONParser.parse(Array(line)))) } catch {
                throw ConfigurationError(file: path, field: "line \(lineNo)", message: "malformed JSON: \(error)")
            }
        }
        guard !out.isEmpty else { throw ConfigurationError(file: path, field: "", message: "no prompts in the file") }
        return out
    }

    static func promptFromRecord(_ v: JSONValue, file: String, line: Int) throws(ConfigurationError) -> Prompt {
        if let text = v["prompt"]?.stringValue { return Prompt(user: text) }
        if case .array(let turns)? = v["messages"] {
            var messages: [PromptMessage] = []
            for t in turns {
                guard let role = t["role"]?.stringValue, let content = t["content"]?.stringValue else {
                    throw ConfigurationError(file: file, field: "line \(line)", message: "each message needs string 'role' and 'content'")
                }
                messages.append(PromptMessage(role: role, content: content))
            }
            if !messages.isEmpty { return Prompt(messages: messages) }
        }
        throw ConfigurationError(file: file, field: "line \(line)", message: "expected {\"prompt\": \"...\"} or {\"messages\": [...]}")
    }

    /// ShareGPT (`conversations: [{from: human|gpt|system, value}]`) or arena-style
    /// (`conversation` / `conversation_a`: [{role, content}]). Keeps the turns up to and including
    /// the first user turn; `nil` if there is none.
    static func promptFromConversation(_ v: JSONValue, file: String, line: Int) throws(ConfigurationError) -> Prompt? {
        let turns: [JSONValue]
        if case .array(let t)? = v["conversations"] {
            turns = t
        } else if case .array(let t)? = v["conversation"] {
            turns = t
        } else if case .array(let t)? = v["conversation_a"] {
            turns = t
        } else if case .array(let t)? = v["messages"] {
            turns = t
        } else {
            throw ConfigurationError(
                file: file, field: "line \(line)", message: "expected 'conversations', 'conversation', 'conversation_a' or 'messages'")
        }
        var messages: [PromptMessage] = []
        for t in turns {
            let rawRole = t["from"]?.stringValue ?? t["role"]?.stringValue ?? ""
            let content = t["value"]?.stringValue ?? t["content"]?.stringValue ?? ""
            let role: String
            switch rawRole {
            case "human", "user": role = "user"
            case "gpt", "assistant", "chatgpt", "bard", "bing": role = "assistant"
            case "system": role = "system"
            default: continue
            }
            if content.isEmpty { continue }
            messages.append(PromptMessage(role: role, content: content))
            if role == "user" { return Prompt(messages: messages) }
        }
        return nil
    }
}
