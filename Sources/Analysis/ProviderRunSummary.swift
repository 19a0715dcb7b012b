import ResultFormat

/// Everything the leaderboard shows about one provider in one run, computed once.
public struct ProviderRunSummary: Sendable {
    public var provider: ProviderInfo
    public var runID: String
    public var totalRequests: Int
    public var succeeded: Int
    /// Failed requests by kind, only kinds that occurred.
    public var failuresByKind: [ErrorKind: Int]
    public var ttft: Summary?
    public var ttftVisible: Summary?
    public var tpot: Summary?
    public var itl: Summary?
    public var e2e: Summary?
    public var launchLag: Summary?
    public var outputTokens: Summary?
    public var throughput: PeakThroughput
    /// Pooled inter-chunk gaps of the successful requests (`RequestMetrics.interChunkGapSummary`).
    public var interChunkGaps: Summary?
    public var tokenCount: TokenCountMethod
    public var partial: Bool
    public var selfCheck: SelfCheck?
    /// The raw per-request values, kept for charts and significance tests.
    public var metrics: RequestMetrics

    public var failed: Int { totalRequests - succeeded }
    public var errorRate: Double { totalRequests == 0 ? 0 : Double(failed) / Double(totalRequests) }
    public var peakTPS: Double { throughput.peak }

    public init(file: ResultFile, windowSeconds: Double = 5, stepSeconds: Double = 1) {
        provider = file.provider
        runID = file.run.id
        totalRequests = file.requests.count
        var failures: [ErrorKind: Int] = [:]
        var ok = 0
        for r in file.requests {
            if let e = r.error { failures[e.kind, default: 0] += 1 } else { ok += 1 }
        }
        succeeded = ok
        failuresByKind = failures
        let m = RequestMetrics(requests: file.requests)
        metrics = m
        ttft = Summary(m.ttft)
        ttftVisible = Summary(m.ttftVisible)
        tpot = Summary(m.tpot)
        itl = Summary(m.itl)
        e2e = Summary(m.e2e)
        launchLag = Summary(m.launchLag)
        outputTokens = Summary(m.outputTokens)
        // The gaps are counted in the same walk over each request's chunks as the peak TPS.
        var gaps = GapCounts()
        throughput = PeakThroughput(
            requests: file.requests, tokenCount: file.tokenCount, windowSeconds: windowSeconds, stepSeconds: stepSeconds
        ) { gaps.add($0) }
        interChunkGaps = gaps.summary(of: file.requests)
        tokenCount = file.tokenCount
        partial = file.run.partial
        selfCheck = file.selfCheck
    }
}
