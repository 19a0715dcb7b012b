/// Which providers are bolded for peak total TPS (higher is better) in one run, and why.
///
/// Peak TPS is one figure per run, so there is no sample of peaks to test. Its noise is judged
/// from the provider's own total-TPS series instead: the leader's *spread* is its peak minus the
/// type-7 percentile `100 * (1 - topShare)` of its windows (default: the 90th), i.e. how far its
/// busiest 10% of windows fall below its single best one. The leader wins outright only if its
/// peak exceeds the runner-up's by more than that spread; otherwise every provider whose peak is
/// within the spread of the leader's is a tied leader.
public struct PeakThroughputDecision: Sendable, Equatable {
    /// One provider's total-TPS series (`PeakThroughput.series`).
    public struct Entry: Sendable, Equatable {
        public var slug: String
        public var name: String
        public var series: [Double]
        /// Successful and all requests, for the evidence rule; nil: not judged.
        public var succeeded: Int?
        public var total: Int?

        public init(slug: String, name: String, series: [Double], succeeded: Int? = nil, total: Int? = nil) {
            self.slug = slug
            self.name = name
            self.series = series
            self.succeeded = succeeded
            self.total = total
        }

        public var peak: Double { series.max() ?? 0 }
    }

    public var kind: WinnerDecision.Kind
    /// Slugs with token arrivals, highest peak first (then name, then slug).
    public var ranking: [String]
    /// Slugs to bold, in ranking order.
    public var leaders: [String]
    /// The leader's peak minus its top-window percentile (tokens/s); 0 without a leader.
    public var leaderSpread: Double
    /// Leader's peak minus runner-up's peak (tokens/s); 0 without a runner-up.
    public var margin: Double
    /// Slugs without any token arrival.
    public var withoutData: [String]
    public var policy: WinnerPolicy

    /// The rule applied, in plain words, to print under the table.
    public var rule: String { policy.ruleText(for: kind, higherIsBetter: true) }

    public init(entries: [Entry], policy: WinnerPolicy = WinnerPolicy()) {
        self.policy = policy
        let withData = entries.filter { !$0.series.isEmpty }
        withoutData = entries.filter { $0.series.isEmpty }.map(\.slug).sorted()
        let ranked = rankedOrder(withData.filter { policy.hasEvidence(succeeded: $0.succeeded, total: $0.total) }, key: { -$0.peak }, name: \.name, slug: \.slug)
        let weak = rankedOrder(withData.filter { !policy.hasEvidence(succeeded: $0.succeeded, total: $0.total) }, key: { -$0.peak }, name: \.name, slug: \.slug)
        ranking = ranked.map(\.slug) + weak.map(\.slug)
        guard let leader = ranked.first else {
            kind = withData.isEmpty ? .noData : .insufficient; leaders = []; leaderSpread = 0; margin = 0
            return
        }
        let spread = leader.peak - Percentile.of(leader.series, 100 * (1 - policy.peakTopShare))
        leaderSpread = spread
        guard ranked.count > 1 else {
            kind = .sole; leaders = [leader.slug]; margin = 0
            return
        }
        margin = leader.peak - ranked[1].peak
        if margin > spread {
            kind = .significant
            leaders = [leader.slug]
        } else {
            kind = .tied
            leaders = ranked.filter { leader.peak - $0.peak <= spread }.map(\.slug)
        }
    }
}
