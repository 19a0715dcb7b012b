/// A parsed JSON document. Arrays made only of integers are kept as `intArray`, because result
/// files are mostly long runs of integer time deltas and that keeps parsing allocation-light.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case intArray([Int64])
    case array([JSONValue])
    case object([String: JSONValue])

    /// Name of the JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .intArray, .array: return "array"
        case .object: return "object"
        }
    }
}

/// A syntax error with its position, and the path of the value being read when it happened.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    /// e.g. `requests[12].sent` (empty at the top level).
    public var path: String
    public var reason: String
    public var description: String {
        "line \(line), column \(column)\(path.isEmpty ? "" : " (in \(path))"): \(reason)"
    }
}
