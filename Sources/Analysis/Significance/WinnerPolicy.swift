/// The thresholds of the winner rules, and the rules in plain words.
public struct WinnerPolicy: Sendable, Equatable {
    /// Significance level of the Mann–Whitney U test.
    public var alpha: Double
    /// Bootstrap of the difference of medians (replicates and interval level).
    public var bootstrap: MedianBootstrap
    /// Share of a provider's highest total-TPS windows whose spread guards the peak-TPS winner.
    public var peakTopShare: Double
    /// Evidence a provider needs to be bolded: at least this many successful requests…
    public var minimumSuccesses: Int
    /// …and at least this share of its requests successful. Without both, one lucky request of
    /// 1,200 could be bolded as a (tied) leader.
    public var minimumSuccessShare: Double

    public init(
        alpha: Double = 0.01, bootstrap: MedianBootstrap = MedianBootstrap(), peakTopShare: Double = 0.10,
        minimumSuccesses: Int = 20, minimumSuccessShare: Double = 0.5
    ) {
        self.alpha = alpha
        self.bootstrap = bootstrap
        self.peakTopShare = peakTopShare
        self.minimumSuccesses = minimumSuccesses
        self.minimumSuccessShare = minimumSuccessShare
    }

    /// Whether a provider with `succeeded` of `total` requests may be bolded; true when the
    /// counts are not given.
    public func hasEvidence(succeeded: Int?, total: Int?) -> Bool {
        guard let succeeded, let total else { return true }
        return succeeded >= minimumSuccesses && Double(succeeded) >= minimumSuccessShare * Double(total)
    }

    /// The evidence rule, in plain words (printed under every table).
    public var evidenceText: String {
        "A provider is bolded only with at least \(minimumSuccesses) successful requests and at least "
            + "\(RuleText.percent(minimumSuccessShare)) of its requests successful; rows without that evidence come last."
    }

    /// The rule behind a decision of `kind`, to print under its table.
    public func ruleText(for kind: WinnerDecision.Kind, higherIsBetter: Bool) -> String {
        if kind == .insufficient { return "No provider has enough evidence to be bolded. " + evidenceText }
        return (higherIsBetter ? peakRuleText(for: kind) : latencyRuleText(for: kind)) + " " + evidenceText
    }

    private func latencyRuleText(for kind: WinnerDecision.Kind) -> String {
        let test = "a Mann–Whitney U test gives p < \(RuleText.number(alpha)) and the bootstrap "
            + "\(RuleText.percent(bootstrap.level)) interval of the difference of medians excludes zero"
        switch kind {
        case .significant:
            return "Bold: the lowest median, because it is significantly lower than the runner-up's "
                + "(\(test)). Rows are ordered by median, then by name."
        case .tied:
            return "Tied leaders in bold: no provider is significantly better than the next, so every provider "
                + "whose median is not significantly higher than the lowest one is bolded (significantly means "
                + "\(test)). Rows are ordered by median, then by name."
        case .sole:
            return "Only one provider has results for this metric, so it is bolded without a test."
        case .noData, .insufficient:
            return "No provider has results for this metric."
        }
    }

    private func peakRuleText(for kind: WinnerDecision.Kind) -> String {
        let top = RuleText.percent(peakTopShare)
        let spread = "the spread of its own busiest windows (its peak minus its \(RuleText.number((1000 * (1 - peakTopShare)).rounded() / 10))th "
            + "percentile window, i.e. how far its top \(top) of windows fall below the peak)"
        switch kind {
        case .significant:
            return "Bold: the highest peak total TPS, because it beats the runner-up's peak by more than \(spread). "
                + "Rows are ordered by peak, then by name."
        case .tied:
            return "Tied leaders in bold: the highest peak does not beat the runner-up's by more than \(spread), "
                + "so every provider whose peak lies within that spread of the highest is bolded. "
                + "Rows are ordered by peak, then by name."
        case .sole:
            return "Only one provider has token arrivals, so it is bolded without a comparison."
        case .noData, .insufficient:
            return "No provider has token arrivals."
        }
    }
}
