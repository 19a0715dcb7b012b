/// A significant and large change of one metric of one provider between comparable runs.
///
/// Latency metrics compare medians, and `relativeChange` is `current / baseline - 1`. For
/// `.errorRate` the two "medians" are error proportions and `relativeChange` is their absolute
/// difference (`current - baseline`, a proportion; 0.02 = 2 percentage points), because a
/// relative change of a near-zero error rate says little.
public struct Alert: Sendable, Equatable, Codable {
    public enum Direction: String, Sendable, Codable {
        /// The metric got worse (higher latency or error rate).
        case regression
        /// The metric got better.
        case improvement
    }

    public enum Kind: String, Sendable, Codable, Comparable {
        /// Against the previous comparable run.
        case previous
        /// Against the pooled trailing window of comparable runs.
        case trailing

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs == .previous && rhs == .trailing }
    }

    public var providerSlug: String
    public var metric: AlertMetric
    public var runID: String
    /// The run(s) compared against, oldest first.
    public var baselineRunIDs: [String]
    public var baselineMedian: Double
    public var currentMedian: Double
    public var relativeChange: Double
    /// Mann–Whitney U (latency) or Fisher exact (error rate) two-sided p-value.
    public var pValue: Double
    /// Interval of `relativeChange`: bootstrap (latency) or Wald (error rate).
    public var ci: ConfidenceInterval
    public var direction: Direction
    public var kind: Kind

    public init(
        providerSlug: String, metric: AlertMetric, runID: String, baselineRunIDs: [String], baselineMedian: Double,
        currentMedian: Double, relativeChange: Double, pValue: Double, ci: ConfidenceInterval,
        direction: Direction, kind: Kind
    ) {
        self.providerSlug = providerSlug
        self.metric = metric
        self.runID = runID
        self.baselineRunIDs = baselineRunIDs
        self.baselineMedian = baselineMedian
        self.currentMedian = currentMedian
        self.relativeChange = relativeChange
        self.pValue = pValue
        self.ci = ci
        self.direction = direction
        self.kind = kind
    }

    /// The stable order of alert lists: run, provider, metric, kind.
    public static func stableOrder(_ a: Alert, _ b: Alert) -> Bool {
        if a.runID != b.runID { return a.runID < b.runID }
        if a.providerSlug != b.providerSlug { return a.providerSlug < b.providerSlug }
        if a.metric != b.metric { return a.metric < b.metric }
        return a.kind < b.kind
    }
}
