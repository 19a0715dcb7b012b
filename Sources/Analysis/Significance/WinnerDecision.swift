import Randomness
/// Which providers are bolded for one lower-is-better metric in one run, and why.
///
/// Providers are ranked by median (then name, then slug). The leader is a significant winner only
/// if the runner-up is significantly worse: Mann–Whitney U p < α (default 0.01) and the bootstrap
/// interval (default 95%) of `median(runner-up) - median(leader)` lies above zero. Otherwise the
/// leaders are tied: the leader and every provider not significantly worse than it.
public struct WinnerDecision: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// The leader is significantly better than the runner-up.
        case significant
        /// No significant winner: `leaders` holds every provider not significantly worse than the best median.
        case tied
        /// Only one provider has data; nothing to test.
        case sole
        /// No provider has data.
        case noData
        /// Providers have data, but none has the evidence (`WinnerPolicy.hasEvidence`) to be bolded.
        case insufficient
    }

    public var metric: LatencyMetric
    public var kind: Kind
    /// Slugs of providers with data, best first.
    public var ranking: [String]
    /// Slugs to bold, in ranking order: one for `significant`/`sole`, one or more for `tied`.
    public var leaders: [String]
    /// Every ranked provider after the leader, tested against the leader, in ranking order.
    public var comparisons: [LeaderComparison]
    /// Slugs of providers without any value of this metric (all requests failed).
    public var withoutData: [String]
    /// Slugs of providers with data but too few successful requests to be bolded, in ranking
    /// order (they come last in `ranking`).
    public var withoutEvidence: [String]
    public var policy: WinnerPolicy

    /// The rule applied, in plain words, to print under the table.
    public var rule: String { policy.ruleText(for: kind, higherIsBetter: false) }

    /// Decides the winner of `metric` among `samples` (one per provider) for run `runID`, whose
    /// text only seeds the bootstrap so the decision is reproducible.
    public init(metric: LatencyMetric, runID: String, samples: [ProviderSample], policy: WinnerPolicy = WinnerPolicy()) {
        self.metric = metric
        self.policy = policy
        // Sort every sample once; medians, tests and bootstraps all work on sorted values.
        let withData = samples.filter { !$0.values.isEmpty }.map {
            ProviderSample(slug: $0.slug, name: $0.name, values: $0.values.sortedAscending(), succeeded: $0.succeeded, total: $0.total)
        }
        withoutData = samples.filter { $0.values.isEmpty }.map(\.slug).sorted()
        let median: (ProviderSample) -> Double = { Percentile.ofSorted($0.values, 50) }
        let ranked = rankedOrder(withData.filter { policy.hasEvidence(succeeded: $0.succeeded, total: $0.total) }, key: median, name: \.name, slug: \.slug)
        let weak = rankedOrder(withData.filter { !policy.hasEvidence(succeeded: $0.succeeded, total: $0.total) }, key: median, name: \.name, slug: \.slug)
        withoutEvidence = weak.map(\.slug)
        ranking = ranked.map(\.slug) + withoutEvidence
        guard let leader = ranked.first else {
            kind = withData.isEmpty ? .noData : .insufficient; leaders = []; comparisons = []
            return
        }
        comparisons = ranked.dropFirst().map { other in
            LeaderComparison(leader: leader, other: other, seedParts: ["winner", runID, metric.rawValue], policy: policy)
        }
        guard let runnerUp = comparisons.first else {
            kind = .sole; leaders = [leader.slug]
            return
        }
        if runnerUp.significantlyWorse {
            kind = .significant
            leaders = [leader.slug]
        } else {
            kind = .tied
            leaders = [leader.slug] + comparisons.filter { !$0.significantlyWorse }.map(\.slug)
        }
    }
}

/// One provider tested against the leader of a lower-is-better metric.
public struct LeaderComparison: Sendable, Equatable, Codable {
    public var slug: String
    /// `median(this) - median(leader)`, in the metric's unit (>= 0).
    public var medianDifference: Double
    /// Two-sided Mann–Whitney U p-value of this provider against the leader.
    public var pValue: Double
    /// Bootstrap interval of `median(this) - median(leader)`.
    public var differenceInterval: ConfidenceInterval
    /// p < α and the interval lies above zero.
    public var significantlyWorse: Bool

    /// `leader` and `other` hold values sorted ascending.
    init(leader: ProviderSample, other: ProviderSample, seedParts: [String], policy: WinnerPolicy) {
        slug = other.slug
        medianDifference = Percentile.ofSorted(other.values, 50) - Percentile.ofSorted(leader.values, 50)
        pValue = MannWhitneyU(sortedX: other.values, sortedY: leader.values)!.pValue
        let seed = StableSeed.of(seedParts + [leader.slug, other.slug])
        differenceInterval = policy.bootstrap.differenceInterval(sortedA: other.values, sortedB: leader.values, seed: seed)!
        significantlyWorse = pValue < policy.alpha && differenceInterval.lower > 0
    }
}
