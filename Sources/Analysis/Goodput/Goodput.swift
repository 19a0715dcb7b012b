import ResultFormat

/// How many of a provider's requests met the service-level objectives, and at what rate.
///
/// A request meets the objectives when it succeeded with at least one token, `first_token - sent`
/// is at most the TTFT objective and, with 2+ tokens, `(end - first_token) / (tokens - 1)` is at
/// most the ITL objective (the docs/metrics.md definitions). Failures count as misses. Goodput in
/// requests/s is meeting requests divided by the run duration: the last `end` minus the first
/// `scheduled` over all the provider's requests (so idle time the workload scheduled counts).
public struct Goodput: Sendable, Equatable, Codable {
    public var objectives: ServiceLevelObjectives
    public var totalRequests: Int
    /// Requests meeting every objective.
    public var meetingRequests: Int
    /// Of the misses: failed requests (including successful ones that carried no token), and
    /// successful ones over the TTFT or the ITL objective (a request over both counts in both).
    public var failedRequests: Int
    public var overTTFT: Int
    public var overITL: Int
    /// Last end minus first scheduled, seconds (0 without requests).
    public var durationSeconds: Double

    /// `meetingRequests / totalRequests` (0 without requests).
    public var share: Double { totalRequests == 0 ? 0 : Double(meetingRequests) / Double(totalRequests) }
    /// Meeting requests per second of run duration (0 when the duration is 0).
    public var requestsPerSecond: Double { durationSeconds > 0 ? Double(meetingRequests) / durationSeconds : 0 }

    public init(requests: [RequestRecord], objectives: ServiceLevelObjectives = ServiceLevelObjectives()) {
        self.objectives = objectives
        totalRequests = requests.count
        var meeting = 0, failed = 0, slowFirst = 0, slowDecode = 0
        let ttftLimit = objectives.ttftSeconds * 1_000_000
        let itlLimit = objectives.itlMilliseconds * 1_000
        var firstScheduled = Int64.max, lastEnd = Int64.min
        for r in requests {
            firstScheduled = Swift.min(firstScheduled, r.scheduled)
            lastEnd = Swift.max(lastEnd, r.end)
            guard r.error == nil, let first = r.firstToken, r.outputTokens > 0 else {
                failed += 1
                continue
            }
            let ttftOK = Double(first - r.sent) <= ttftLimit
            let itlOK = r.outputTokens < 2 || Double(r.end - first) <= itlLimit * Double(r.outputTokens - 1)
            if !ttftOK { slowFirst += 1 }
            if !itlOK { slowDecode += 1 }
            if ttftOK && itlOK { meeting += 1 }
        }
        meetingRequests = meeting
        failedRequests = failed
        overTTFT = slowFirst
        overITL = slowDecode
        durationSeconds = requests.isEmpty ? 0 : Double(lastEnd - firstScheduled) / 1_000_000
    }
}
