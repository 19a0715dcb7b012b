/// What a change alert is about: a latency metric (median, lower is better) or the error rate.
public enum AlertMetric: String, Sendable, CaseIterable, Codable, Comparable {
    case ttft = "TTFT"
    case tpot = "TPOT"
    case itl = "ITL"
    case errorRate = "error rate"

    /// The latency metric, or `nil` for the error rate.
    public var latency: LatencyMetric? {
        switch self {
        case .ttft: return .ttft
        case .tpot: return .tpot
        case .itl: return .itl
        case .errorRate: return nil
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
