import ResultFormat

/// A finished request and how its token count was obtained.
public struct RequestOutcome: Sendable {
    public var record: RequestRecord
    /// True when `outputTokens` came from the server's usage report.
    public var tokensFromUsage: Bool
    /// Token-bearing events counted (tokens received, for live throughput).
    public var eventTokens: Int
}
