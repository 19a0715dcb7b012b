import ResultFormat

/// A finished request and how its token count was obtained.
public struct RequestOutcome: Sendable {
    public var record: RequestRecord
    /// True when `outputTokens` came from the server's usage report.
    public var tokensFromUsage: Bool
    /// Token-bearing events counted (tokens received, for live throughput).
    public var eventTokens: Int
}

extension RequestOutcome {
    /// Sets `file.tokenCount` from how the successful requests' counts were obtained: `usage`
    /// when every one had the server's usage report, else `events`, and then every request's
    /// `output_tokens` becomes its event count, so that the file is consistent. `sources` gives
    /// each request id's (from usage, event tokens); ids without an entry keep their count.
    static func settleTokenCount(_ file: inout ResultFile, sources: [Int: (fromUsage: Bool, eventTokens: Int)]) {
        let ok = file.requests.filter { $0.succeeded && $0.outputTokens > 0 }
        guard !ok.isEmpty, !sources.isEmpty else { return }
        file.tokenCount = ok.allSatisfy { sources[$0.id]?.fromUsage ?? true } ? .usage : .events
        guard file.tokenCount == .events else { return }
        for i in file.requests.indices {
            if let events = sources[file.requests[i].id]?.eventTokens { file.requests[i].outputTokens = events }
        }
    }
}
