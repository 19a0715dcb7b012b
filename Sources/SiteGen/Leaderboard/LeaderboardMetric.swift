import Analysis

/// The latency metrics that get a README table and a box plot: the statistics layer's
/// `LatencyMetric`, whose names, units and definitions live in `MetricDefinition`.
public typealias LeaderboardMetric = LatencyMetric

extension LatencyMetric {
    /// Heading, from the registry.
    public var title: String { registered.title }
    /// Decimals shown in tables, from the registry.
    public var decimals: Int { registered.decimals }
    /// One-line definition, from the registry.
    public var definition: String { registered.definition }

    /// The chart file name in `leaderboard_data/`.
    public var chartFileName: String { "\(rawValue).png" }

    public func summary(_ s: ProviderRunSummary) -> Summary? {
        switch self {
        case .ttft: return s.ttft
        case .tpot: return s.tpot
        case .itl: return s.itl
        }
    }

    /// Raw per-request values of successful requests.
    public func values(_ s: ProviderRunSummary) -> [Double] { values(s.metrics) }
}
