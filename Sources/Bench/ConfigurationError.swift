/// A configuration problem, naming the file and the field at fault.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The config file, when the problem came from one.
    public var file: String?
    /// Dotted path of the field, e.g. `providers[1].base_url`.
    public var field: String
    public var message: String

    public init(file: String? = nil, field: String, message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    public var description: String {
        let place = field.isEmpty ? "" : "\(field): "
        if let file { return "\(file): \(place)\(message)" }
        return "\(place)\(message)"
    }
}
