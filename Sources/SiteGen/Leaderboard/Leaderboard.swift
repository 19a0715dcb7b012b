import Analysis
import ResultFormat

/// The ranked view of one run: what the README section and the site's index show.
///
/// Only providers with the same workload fingerprint are ranked together; the largest such
/// group of the run is ranked, and the others are listed as not comparable.
public struct Leaderboard: Sendable {
    public struct Entry: Sendable {
        public var summary: ProviderRunSummary
        /// Set when this provider is (one of) the best on the metric.
        public var isWinner: Bool
        /// Bootstrap interval of the median, when the rule computed one.
        public var medianCI: ConfidenceInterval? = nil
        /// One of several leaders that the rule could not tell apart.
        public var isTiedLeader = false

        public init(summary: ProviderRunSummary, isWinner: Bool, medianCI: ConfidenceInterval? = nil, isTiedLeader: Bool = false) {
            self.summary = summary
            self.isWinner = isWinner
            self.medianCI = medianCI
            self.isTiedLeader = isTiedLeader
        }
    }

    public struct MetricRanking: Sendable {
        public var metric: LeaderboardMetric
        /// Best first; providers without a successful request come last.
        public var entries: [Entry]
        /// The rule that decided `isWinner`, in plain words.
        public var rule: String
    }

    public struct ThroughputRanking: Sendable {
        public var entries: [Entry]
        public var rule: String
    }

    public var runID: String
    public var ranked: [ProviderRunSummary]
    /// Providers of the run whose workload differs from the ranked group.
    public var notComparable: [ProviderRunSummary]
    public var metrics: [MetricRanking]
    public var throughput: ThroughputRanking
    public var workload: WorkloadInfo
    public var files: [ResultFile]
    /// The segments each sharded provider's file was merged from, by slug.
    public var segments: [String: MergedSegments] = [:]
    /// Requests meeting the service-level objectives, per ranked provider (same order as `ranked`).
    public var goodput: [Goodput]
    public var objectives: ServiceLevelObjectives
    /// Significant and large changes of this run against earlier comparable runs (set by the pipeline).
    public var alerts: [Alert] = []
    /// The alert rule in plain words.
    public var alertRule: String = AlertPolicy().ruleText
    /// Whether some provider of this run has an earlier run of the same workload (set by the
    /// pipeline): without one, "no significant change" would mean nothing.
    public var hasEarlierRuns = true

    /// Whether one of `earlier` holds a provider of this run with the same slug and workload.
    public func hasEarlierRun(among earlier: [(slug: String, fingerprint: String)]) -> Bool {
        let keys = Set(files.map { $0.provider.slug + "\n" + $0.workload.fingerprint })
        return earlier.contains { keys.contains($0.slug + "\n" + $0.fingerprint) }
    }

    public init(
        run: LoadedRun, summaries: [ProviderRunSummary], rule: WinnerRule = SignificantWinnerRule(),
        objectives: ServiceLevelObjectives = ServiceLevelObjectives()
    ) {
        runID = run.id
        files = run.files
        for (f, s) in zip(run.files, run.segments) { if let s { segments[f.provider.slug] = s } }
        // Group by fingerprint; rank the largest group (ties: the group of the first slug).
        var groups: [String: [Int]] = [:]
        for (i, f) in run.files.enumerated() { groups[f.workload.fingerprint, default: []].append(i) }
        let best = groups.max { a, b in
            a.value.count != b.value.count ? a.value.count < b.value.count : a.value[0] > b.value[0]
        }!
        let rankedIdx = Set(best.value)
        ranked = summaries.indices.filter { rankedIdx.contains($0) }.map { summaries[$0] }
        notComparable = summaries.indices.filter { !rankedIdx.contains($0) }.map { summaries[$0] }
        workload = run.files[best.value[0]].workload
        let group = ranked
        self.objectives = objectives
        let filesBySlug = Dictionary(run.files.map { ($0.provider.slug, $0) }, uniquingKeysWith: { a, _ in a })
        goodput = group.map { Goodput(requests: filesBySlug[$0.provider.slug]?.requests ?? [], objectives: objectives) }
        metrics = LeaderboardMetric.allCases.map { metric in rule.rank(metric: metric, group) }
        throughput = rule.rankThroughput(group)
    }
}

/// Decides the order of a table and which rows are bolded.
public protocol WinnerRule: Sendable {
    func rank(metric: LeaderboardMetric, _ summaries: [ProviderRunSummary]) -> Leaderboard.MetricRanking
    func rankThroughput(_ summaries: [ProviderRunSummary]) -> Leaderboard.ThroughputRanking
}
