/// Failures of the bench itself (not of a measured request), with the file or provider at fault.
public enum BenchError: Error, Sendable, CustomStringConvertible {
    case io(path: String, message: String)
    case configuration(ConfigurationError)
    case provider(name: String, message: String)
    case simulator(String)

    public var description: String {
        switch self {
        case .io(let path, let message): return "\(path): \(message)"
        case .configuration(let e): return e.description
        case .provider(let name, let message): return "provider \(name): \(message)"
        case .simulator(let m): return "simulator: \(m)"
        }
    }
}
