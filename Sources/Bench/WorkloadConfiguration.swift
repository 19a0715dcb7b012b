/// Everything that decides which requests are sent and when. The same configuration and seed
/// always give the same `Workload` (and so the same fingerprint).
public struct WorkloadConfiguration: Sendable, Equatable {
    public var arrival: ArrivalSchedule
    public var seed: UInt64
    public var prompts: PromptSource
    public var temperature: Double
    public var topP: Double
    public var maxTokens: Int
    /// Whole-request timeout, seconds (the original Python pipeline: 3,600).
    public var timeoutSeconds: Double
    /// A stream that delivers no bytes for this long fails as a timeout (stall).
    public var stallTimeoutSeconds: Double
    /// Gaps in the schedule longer than this many seconds are shortened to it; `nil` keeps them.
    public var skipIdleMinSeconds: Double?
    /// Closed-loop cap on requests in flight; `nil` is open loop (the original Python pipeline's behaviour).
    public var maxConcurrency: Int?

    public init(
        arrival: ArrivalSchedule = .seedDefault, seed: UInt64 = 42, prompts: PromptSource = .builtIn,
        temperature: Double = 0.7, topP: Double = 1, maxTokens: Int = 1024, timeoutSeconds: Double = 3600,
        stallTimeoutSeconds: Double = 300, skipIdleMinSeconds: Double? = nil, maxConcurrency: Int? = nil
    ) {
        self.arrival = arrival
        self.seed = seed
        self.prompts = prompts
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.timeoutSeconds = timeoutSeconds
        self.stallTimeoutSeconds = stallTimeoutSeconds
        self.skipIdleMinSeconds = skipIdleMinSeconds
        self.maxConcurrency = maxConcurrency
    }

    public func validate() throws(ConfigurationError) {
        try arrival.validate()
        guard temperature.isFinite, temperature >= 0 else { throw ConfigurationError(field: "workload.temperature", message: "must be >= 0") }
        guard topP.isFinite, topP > 0, topP <= 1 else { throw ConfigurationError(field: "workload.top_p", message: "must be in (0, 1]") }
        guard maxTokens > 0 else { throw ConfigurationError(field: "workload.max_tokens", message: "must be > 0") }
        guard timeoutSeconds.isFinite, timeoutSeconds > 0 else { throw ConfigurationError(field: "workload.timeout_s", message: "must be > 0") }
        guard stallTimeoutSeconds.isFinite, stallTimeoutSeconds > 0 else {
            throw ConfigurationError(field: "workload.stall_timeout_s", message: "must be > 0")
        }
        if let s = skipIdleMinSeconds, !(s.isFinite && s > 0) {
            throw ConfigurationError(field: "workload.skip_idle_min_s", message: "must be > 0")
        }
        if let c = maxConcurrency, c < 1 { throw ConfigurationError(field: "workload.max_concurrency", message: "must be >= 1") }
    }
}

/// Where prompts come from.
public enum PromptSource: Sendable, Equatable {
    /// The prompt set the project ships (`BuiltInPrompts`), generated deterministically.
    case builtIn
    /// A JSON-lines file: one object per line with `prompt` (string) or `messages` ([{role, content}]).
    case jsonl(path: String)
    /// A ShareGPT (`conversations: [{from, value}]`) or arena-style (`conversation[_a]: [{role, content}]`)
    /// file, JSON array or JSON lines; the conversation up to its first user turn becomes the prompt.
    case conversations(path: String)

    public var description: String {
        switch self {
        case .builtIn: return "builtin:\(BuiltInPrompts.version)"
        case .jsonl(let p): return "jsonl:\(p)"
        case .conversations(let p): return "sharegpt:\(p)"
        }
    }
}
