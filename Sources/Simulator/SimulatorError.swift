/// Why a simulator could not be configured or started.
public enum SimulatorError: Error, Equatable, CustomStringConvertible {
    /// A profile field is out of range; `field` names it, `reason` says what is allowed.
    case invalidProfile(profile: String, field: String, reason: String)
    /// The configuration itself is unusable (no profiles, duplicate names, bad port).
    case invalidConfiguration(String)
    /// The server did not come up (bind failure and the like).
    case startFailed(host: String, port: Int, reason: String)
    /// The request log file could not be opened.
    case logFileUnavailable(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .invalidProfile(let profile, let field, let reason):
            return "simulation profile '\(profile)': \(field) \(reason)"
        case .invalidConfiguration(let reason):
            return "simulator configuration: \(reason)"
        case .startFailed(let host, let port, let reason):
            return "simulator could not listen on \(host):\(port): \(reason)"
        case .logFileUnavailable(let path, let errno):
            return "simulator request log \(path) could not be opened (errno \(errno))"
        }
    }
}
