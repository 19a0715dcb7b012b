/// When a change between runs becomes an alert.
public struct AlertPolicy: Sendable, Equatable {
    /// Significance level of the test (Mann–Whitney U for latency, Fisher exact for error rate).
    public var alpha: Double
    /// Smallest change that alerts, per metric: relative for latency (0.10 = 10%), absolute for
    /// the error rate (0.02 = 2 percentage points). Metrics not listed use `defaultThreshold`.
    public var thresholds: [AlertMetric: Double]
    public var defaultThreshold: Double
    /// How many previous comparable runs the trailing window pools (it needs at least 2).
    public var trailingRuns: Int
    /// Bootstrap for the interval of the relative change of medians.
    public var bootstrap: MedianBootstrap
    /// Which metrics are checked.
    public var metrics: [AlertMetric]

    public init(
        alpha: Double = 0.01, thresholds: [AlertMetric: Double] = [.errorRate: 0.02], defaultThreshold: Double = 0.10,
        trailingRuns: Int = 5, bootstrap: MedianBootstrap = MedianBootstrap(), metrics: [AlertMetric] = AlertMetric.allCases
    ) {
        self.alpha = alpha
        self.thresholds = thresholds
        self.defaultThreshold = defaultThreshold
        self.trailingRuns = trailingRuns
        self.bootstrap = bootstrap
        self.metrics = metrics
    }

    public func threshold(for metric: AlertMetric) -> Double { thresholds[metric] ?? defaultThreshold }

    /// The rule in plain words, for the "changes since last run" list.
    public var ruleText: String {
        let perMetric = [AlertMetric.ttft, .tpot, .itl].map { threshold(for: $0) }
        let latency = Set(perMetric).count == 1
            ? RuleText.percent(perMetric[0])
            : zip(["TTFT", "TPOT", "ITL"], perMetric).map { "\($0) \(RuleText.percent($1))" }.joined(separator: ", ")
        return "A change is flagged when it is statistically significant and large: for TTFT, TPOT and ITL the "
            + "median moved by more than \(latency), a Mann–Whitney U test gives p < \(RuleText.number(alpha)) and the "
            + "bootstrap \(RuleText.percent(bootstrap.level)) interval of the relative change excludes zero; for the error "
            + "rate it moved by more than \(RuleText.number(100 * threshold(for: .errorRate))) percentage points with "
            + "Fisher's exact test p < \(RuleText.number(alpha)). Each run is compared with the previous run of the same "
            + "workload and with the pooled last \(trailingRuns) such runs."
    }
}
