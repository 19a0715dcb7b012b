/// How often, and how, a simulated endpoint misbehaves.
///
/// At most one fault is injected per request: one uniform draw picks among the modes in the order
/// error, rate limit, disconnect, stall, malformed (their rates are slices of [0, 1), so the rates
/// must add up to at most 1). The draw comes from the request's deterministic random stream, so
/// the same seed and request id always get the same fault.
public struct FaultModes: Sendable, Codable, Equatable {
    /// Share of requests answered HTTP 500 or 503 (half each) before any streaming.
    public var errorRate: Double
    /// Share of requests answered HTTP 429 with a `Retry-After` header.
    public var rateLimitRate: Double
    /// Share of streams whose connection is closed mid-stream, without the final chunk or `[DONE]`.
    public var disconnectRate: Double
    /// Share of streams that pause for `stallSeconds` part-way through, then finish normally.
    public var stallRate: Double
    /// Length of a stall, in seconds.
    public var stallSeconds: Double
    /// Share of streams carrying one extra event whose `data` is not valid JSON.
    public var malformedRate: Double
    /// Value of the `Retry-After` header (whole seconds) on a 429.
    public var retryAfterSeconds: Int

    public init(
        errorRate: Double = 0, rateLimitRate: Double = 0, disconnectRate: Double = 0,
        stallRate: Double = 0, stallSeconds: Double = 2, malformedRate: Double = 0,
        retryAfterSeconds: Int = 1
    ) {
        self.errorRate = errorRate
        self.rateLimitRate = rateLimitRate
        self.disconnectRate = disconnectRate
        self.stallRate = stallRate
        self.stallSeconds = stallSeconds
        self.malformedRate = malformedRate
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// No faults at all.
    public static let none = FaultModes()

    /// Sum of all fault rates: the share of requests that get some fault.
    public var totalRate: Double { errorRate + rateLimitRate + disconnectRate + stallRate + malformedRate }

    // Missing keys take their defaults, so a config file only names the faults it wants.
    private enum CodingKeys: String, CodingKey {
        case errorRate, rateLimitRate, disconnectRate, stallRate, stallSeconds, malformedRate, retryAfterSeconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = FaultModes()
        self.init(
            errorRate: try c.decodeIfPresent(Double.self, forKey: .errorRate) ?? d.errorRate,
            rateLimitRate: try c.decodeIfPresent(Double.self, forKey: .rateLimitRate) ?? d.rateLimitRate,
            disconnectRate: try c.decodeIfPresent(Double.self, forKey: .disconnectRate) ?? d.disconnectRate,
            stallRate: try c.decodeIfPresent(Double.self, forKey: .stallRate) ?? d.stallRate,
            stallSeconds: try c.decodeIfPresent(Double.self, forKey: .stallSeconds) ?? d.stallSeconds,
            malformedRate: try c.decodeIfPresent(Double.self, forKey: .malformedRate) ?? d.malformedRate,
            retryAfterSeconds: try c.decodeIfPresent(Int.self, forKey: .retryAfterSeconds) ?? d.retryAfterSeconds)
    }
}
