import Analysis

/// Bolds a winner only when the data say it is better (issue "Numbers that hold up").
///
/// Latency metrics: providers are sorted by median; the leader wins alone only if the runner-up is
/// significantly worse (Mann–Whitney U p < α and the bootstrap interval of the difference of
/// medians above zero), otherwise every provider not significantly worse than the leader is a
/// tied leader and all of them are bolded. Peak TPS: `PeakThroughputDecision`'s spread rule.
/// Each table also gets the bootstrap 95% interval of every median. All seeded: same input,
/// same decision.
public struct SignificantWinnerRule: WinnerRule {
    public var policy: WinnerPolicy

    public init(policy: WinnerPolicy = WinnerPolicy()) {
        self.policy = policy
    }

    public func rank(metric: LeaderboardMetric, _ summaries: [ProviderRunSummary]) -> Leaderboard.MetricRanking {
        let runID = summaries.first?.runID ?? ""
        let decision = WinnerDecision(
            metric: metric, runID: runID,
            samples: summaries.map { ProviderSample(summary: $0, metric: metric) }, policy: policy)
        let bySlug = Dictionary(summaries.map { ($0.provider.slug, $0) }, uniquingKeysWith: { a, _ in a })
        let order = decision.ranking + decision.withoutData
        let leaders = Set(decision.leaders)
        let tied = decision.kind == .tied && decision.leaders.count > 1
        let entries = order.compactMap { slug -> Leaderboard.Entry? in
            guard let s = bySlug[slug] else { return nil }
            return Leaderboard.Entry(
                summary: s, isWinner: leaders.contains(slug),
                medianCI: policy.bootstrap.medianInterval(of: metric, in: s),
                isTiedLeader: tied && leaders.contains(slug))
        }
        return Leaderboard.MetricRanking(metric: metric, entries: entries, rule: decision.rule)
    }

    public func rankThroughput(_ summaries: [ProviderRunSummary]) -> Leaderboard.ThroughputRanking {
        let decision = PeakThroughputDecision(entries: summaries.map { PeakThroughputDecision.Entry(summary: $0) }, policy: policy)
        let bySlug = Dictionary(summaries.map { ($0.provider.slug, $0) }, uniquingKeysWith: { a, _ in a })
        let leaders = Set(decision.leaders)
        let tied = decision.kind == .tied && decision.leaders.count > 1
        let entries = (decision.ranking + decision.withoutData).compactMap { slug -> Leaderboard.Entry? in
            bySlug[slug].map { Leaderboard.Entry(summary: $0, isWinner: leaders.contains(slug), isTiedLeader: tied && leaders.contains(slug)) }
        }
        return Leaderboard.ThroughputRanking(entries: entries, rule: decision.rule)
    }
}
