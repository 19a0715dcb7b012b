import Foundation

/// The parts of an OpenAI chat or text completion request body that the simulator reads.
/// Unknown fields are ignored; known fields of the wrong type make the body a 400.
struct CompletionRequest: Decodable {
    struct StreamOptions: Decodable {
        var include_usage: Bool?
    }

    /// A message's `content`: a string, or an array of parts with `text`.
    struct Content: Decodable {
        var text: String

        private struct Part: Decodable { var text: String? }

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                text = ""
            } else if let string = try? container.decode(String.self) {
                text = string
            } else {
                text = try container.decode([Part].self).compactMap(\.text).joined(separator: " ")
            }
        }
    }

    struct Message: Decodable {
        var role: String?
        var content: Content?
    }

    /// A text completion `prompt`: a string or an array of strings.
    struct Prompt: Decodable {
        var text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) {
                text = string
            } else {
                text = try container.decode([String].self).joined(separator: " ")
            }
        }
    }

    var model: String?
    var stream: Bool?
    var max_tokens: Int?
    var max_completion_tokens: Int?
    var stream_options: StreamOptions?
    var user: String?
    var messages: [Message]?
    var prompt: Prompt?

    /// The output cap: `max_completion_tokens` (newer chat API) or `max_tokens`.
    var maxTokens: Int? { max_completion_tokens ?? max_tokens }

    var includeUsage: Bool { stream_options?.include_usage ?? false }

    /// Prompt length in whitespace-separated words: the simulator's stand-in for prompt tokens.
    var promptTokens: Int {
        var count = 0
        func countWords(_ text: String) {
            var inWord = false
            for byte in text.utf8 {
                let space = byte == 0x20 || byte == 0x0a || byte == 0x09 || byte == 0x0d
                if !space && !inWord { count += 1 }
                inWord = !space
            }
        }
        for message in messages ?? [] { countWords(message.content?.text ?? "") }
        if let prompt { countWords(prompt.text) }
        return count
    }

    /// Decodes a body; the error message is short and safe to send back.
    static func decode(_ bytes: [UInt8]) -> Result<CompletionRequest, BodyError> {
        guard !bytes.isEmpty else { return .failure(BodyError(message: "request body is empty")) }
        do {
            return .success(try JSONDecoder().decode(CompletionRequest.self, from: Data(bytes)))
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return .failure(BodyError(message: "field '\(path)' has the wrong type"))
        } catch {
            return .failure(BodyError(message: "request body is not a valid JSON object"))
        }
    }

    struct BodyError: Error {
        var message: String
    }
}
