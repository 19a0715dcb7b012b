import Analysis

/// The latency metrics that get a table and a box plot, with their units and direction.
public enum LeaderboardMetric: String, Sendable, CaseIterable {
    case ttft = "TTFT", tpot = "TPOT", itl = "ITL"

    public var title: String {
        switch self {
        case .ttft: return "Time To First Token (TTFT)"
        case .tpot: return "Time Per Output Token (TPOT)"
        case .itl: return "Inter-Token Latency (ITL)"
        }
    }

    /// Unit shown in table headings and on chart axes.
    public var unit: String {
        switch self {
        case .ttft: return "s"
        case .tpot, .itl: return "ms"
        }
    }

    /// Decimals shown in tables (enough to separate providers, no false precision).
    public var decimals: Int {
        switch self {
        case .ttft: return 3
        case .tpot, .itl: return 2
        }
    }

    /// One-line definition, as in METRICS.md.
    public var definition: String {
        switch self {
        case .ttft: return "first_token − sent: receipt of the first event carrying generated text (role-only and empty events do not count)"
        case .tpot: return "(end − sent) / output_tokens: the seed's definition, which includes the wait for the first token"
        case .itl: return "(end − first_token) / (output_tokens − 1): decode time per token, requests with 2+ tokens (vLLM and SGLang call this TPOT)"
        }
    }

    /// The chart file name in `leaderboard_data/`.
    public var chartFileName: String { "\(rawValue).png" }

    public func summary(_ s: ProviderRunSummary) -> Summary? {
        switch self {
        case .ttft: return s.ttft
        case .tpot: return s.tpot
        case .itl: return s.itl
        }
    }

    /// The same metric in the statistics layer.
    public var latency: LatencyMetric {
        switch self {
        case .ttft: return .ttft
        case .tpot: return .tpot
        case .itl: return .itl
        }
    }

    /// Raw per-request values of successful requests.
    public func values(_ s: ProviderRunSummary) -> [Double] {
        switch self {
        case .ttft: return s.metrics.ttft
        case .tpot: return s.metrics.tpot
        case .itl: return s.metrics.itl
        }
    }
}
