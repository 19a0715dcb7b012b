/// The per-request latency metrics that get intervals, winner tests and alerts (lower is better).
public enum LatencyMetric: String, Sendable, CaseIterable, Codable, Comparable {
    case ttft = "TTFT"
    case tpot = "TPOT"
    case itl = "ITL"

    /// The unit `RequestMetrics` stores the metric in.
    public var unit: String { registered.unit }

    /// This metric's values (successful requests) from `metrics`.
    public func values(_ metrics: RequestMetrics) -> [Double] {
        switch self {
        case .ttft: return metrics.ttft
        case .tpot: return metrics.tpot
        case .itl: return metrics.itl
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
