import ResultFormat

/// How the client's decode time per token agrees with the server's own account of it, over the
/// successful requests whose stream carried the server's timings (llama.cpp's `timings`).
///
/// Per request, the client's figure is its ITL, (end − first_token) / (output_tokens − 1), and
/// the server's is `decode_ms / (decode_tokens − 1)`: llama.cpp times decoding from the first
/// generated token to the last, so its `decode_ms` spans the same n − 1 gaps that the client's
/// ITL divides by. The difference, client − server, is what the network, the server's HTTP
/// layer and the client add to each token; a bench that times chunks correctly keeps it small.
public struct ServerAgreement: Codable, Sendable, Equatable {
    /// Requests compared (successful, at least 2 tokens on both sides).
    public var requests: Int
    /// Median of the client's ITL, ms.
    public var clientMedianMs: Double
    /// Median of the server's decode time per token, ms.
    public var serverMedianMs: Double
    /// Median of client − server, ms (positive: the client saw tokens further apart).
    public var medianDifferenceMs: Double
    /// 99th percentile of |client − server|, ms.
    public var p99AbsoluteDifferenceMs: Double

    /// The per-request pairs (client ITL, server ms per token); empty when no request carried timings.
    public static func pairs(_ records: [RequestRecord]) -> [(client: Double, server: Double)] {
        records.compactMap { r in
            guard r.succeeded, let first = r.firstToken, r.outputTokens >= 2, let t = r.serverTimings, t.decodeTokens >= 2
            else { return nil }
            return (Double(r.end - first) / 1000 / Double(r.outputTokens - 1), t.decodeMs / Double(t.decodeTokens - 1))
        }
    }

    /// nil when no request carried the server's timings.
    public init?(requests records: [RequestRecord]) {
        let pairs = Self.pairs(records)
        guard !pairs.isEmpty else { return nil }
        requests = pairs.count
        clientMedianMs = Percentile.ofSorted(pairs.map(\.client).sorted(), 50)
        serverMedianMs = Percentile.ofSorted(pairs.map(\.server).sorted(), 50)
        let differences = pairs.map { $0.client - $0.server }
        medianDifferenceMs = Percentile.ofSorted(differences.sorted(), 50)
        p99AbsoluteDifferenceMs = Percentile.ofSorted(differences.map { abs($0) }.sorted(), 99)
    }
}
