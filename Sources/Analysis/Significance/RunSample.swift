import ResultFormat

/// What the change detector needs from one provider's run: its identity, workload and samples.
public struct RunSample: Sendable, Equatable {
    /// Sortable run id (UTC start time); later runs sort after earlier ones.
    public var runID: String
    public var providerSlug: String
    /// Only runs with the same fingerprint are compared.
    public var workloadFingerprint: String
    /// Values of each latency metric (successful requests), sorted ascending on creation: every
    /// statistic used here ignores order, and sorting once saves a sort per comparison.
    public private(set) var latency: [LatencyMetric: [Double]]
    public var totalRequests: Int
    public var failedRequests: Int

    public init(
        runID: String, providerSlug: String, workloadFingerprint: String, latency: [LatencyMetric: [Double]],
        totalRequests: Int, failedRequests: Int
    ) {
        self.runID = runID
        self.providerSlug = providerSlug
        self.workloadFingerprint = workloadFingerprint
        self.latency = latency.mapValues { $0.sortedAscending() }
        self.totalRequests = totalRequests
        self.failedRequests = failedRequests
    }

    /// From a summary already computed for the leaderboard (no second pass over the requests).
    public init(summary: ProviderRunSummary, workloadFingerprint: String) {
        var latency: [LatencyMetric: [Double]] = [:]
        for m in LatencyMetric.allCases { latency[m] = m.values(summary.metrics) }
        self.init(
            runID: summary.runID, providerSlug: summary.provider.slug, workloadFingerprint: workloadFingerprint,
            latency: latency, totalRequests: summary.totalRequests, failedRequests: summary.failed)
    }

    /// From a result file.
    public init(file: ResultFile) {
        let metrics = RequestMetrics(requests: file.requests)
        var latency: [LatencyMetric: [Double]] = [:]
        for m in LatencyMetric.allCases { latency[m] = m.values(metrics) }
        self.init(
            runID: file.run.id, providerSlug: file.provider.slug, workloadFingerprint: file.workload.fingerprint,
            latency: latency, totalRequests: file.requests.count,
            failedRequests: file.requests.reduce(0) { $0 + ($1.error == nil ? 0 : 1) })
    }

    public var errorRate: Double { totalRequests == 0 ? 0 : Double(failedRequests) / Double(totalRequests) }
}
