/// Latency targets a request must meet to count towards goodput (edges inclusive).
public struct ServiceLevelObjectives: Sendable, Equatable, Codable {
    /// Largest acceptable TTFT, seconds.
    public var ttftSeconds: Double
    /// Largest acceptable ITL, milliseconds. A request with fewer than 2 output tokens has no ITL
    /// and is judged on TTFT alone.
    public var itlMilliseconds: Double

    public init(ttftSeconds: Double = 1, itlMilliseconds: Double = 50) {
        self.ttftSeconds = ttftSeconds
        self.itlMilliseconds = itlMilliseconds
    }

    /// The objectives in plain words, for the goodput table.
    public var ruleText: String {
        "A request meets the objectives when it succeeded, its TTFT is at most \(RuleText.number(ttftSeconds)) s and "
            + "its ITL is at most \(RuleText.number(itlMilliseconds)) ms (a request with fewer than 2 tokens has no ITL "
            + "and is judged on TTFT alone). Failed requests count as misses. Goodput is the number of requests meeting "
            + "the objectives divided by the run's duration, from the first scheduled request to the last response end."
    }
}
