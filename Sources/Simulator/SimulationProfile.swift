/// The behaviour of one simulated model: latency distributions, output length, capacity, faults.
///
/// Time to first token is lognormal with the given median and sigma (sigma 0 = always the
/// median). The gap before each later content chunk is lognormal with mean
/// `interTokenMs * tokensInChunk` and sigma `interTokenJitter` (the median is scaled down by
/// exp(-sigma²/2) so the mean stays put). TTFT counts from the moment the request gets one of the
/// profile's `capacity` generation slots; time spent queued for a slot comes on top.
public struct SimulationProfile: Sendable, Codable, Equatable {
    /// Routing name: the request's `model`, or the first path component in `/{name}/v1/...`.
    public var name: String
    /// Median time to first token, milliseconds.
    public var ttftMedianMs: Double
    /// Lognormal sigma of the time to first token.
    public var ttftSigma: Double
    /// Mean interval per output token, milliseconds.
    public var interTokenMs: Double
    /// Lognormal sigma of each chunk interval.
    public var interTokenJitter: Double
    /// Tokens (words) carried by each streamed content chunk; the last chunk may carry fewer.
    public var tokensPerChunk: Int
    /// Output length is drawn uniformly from `outputTokensMin...outputTokensMax`, then capped by
    /// the request's `max_tokens`.
    public var outputTokensMin: Int
    public var outputTokensMax: Int
    /// Maximum number of concurrently generating requests. Further requests wait in FIFO order,
    /// so that beyond this point throughput saturates and latency grows.
    public var capacity: Int
    public var faults: FaultModes

    public init(
        name: String, ttftMedianMs: Double, ttftSigma: Double = 0, interTokenMs: Double,
        interTokenJitter: Double = 0, tokensPerChunk: Int = 1, outputTokensMin: Int, outputTokensMax: Int,
        capacity: Int = 1_000_000, faults: FaultModes = .none
    ) {
        self.name = name
        self.ttftMedianMs = ttftMedianMs
        self.ttftSigma = ttftSigma
        self.interTokenMs = interTokenMs
        self.interTokenJitter = interTokenJitter
        self.tokensPerChunk = tokensPerChunk
        self.outputTokensMin = outputTokensMin
        self.outputTokensMax = outputTokensMax
        self.capacity = capacity
        self.faults = faults
    }

    /// Named profiles shipped with the simulator (the first one is the default route).
    public static let builtIn: [SimulationProfile] = [
        SimulationProfile(
            name: "steady", ttftMedianMs: 250, ttftSigma: 0.2, interTokenMs: 20, interTokenJitter: 0.15,
            tokensPerChunk: 1, outputTokensMin: 80, outputTokensMax: 200, capacity: 256),
        SimulationProfile(
            name: "fast", ttftMedianMs: 80, ttftSigma: 0.25, interTokenMs: 6, interTokenJitter: 0.2,
            tokensPerChunk: 1, outputTokensMin: 80, outputTokensMax: 240, capacity: 512),
        SimulationProfile(
            name: "slow-start", ttftMedianMs: 1200, ttftSigma: 0.35, interTokenMs: 12, interTokenJitter: 0.15,
            tokensPerChunk: 1, outputTokensMin: 80, outputTokensMax: 200, capacity: 256),
        SimulationProfile(
            name: "bursty", ttftMedianMs: 300, ttftSigma: 0.5, interTokenMs: 25, interTokenJitter: 0.8,
            tokensPerChunk: 4, outputTokensMin: 40, outputTokensMax: 320, capacity: 256),
        SimulationProfile(
            name: "overloaded", ttftMedianMs: 200, ttftSigma: 0.3, interTokenMs: 20, interTokenJitter: 0.2,
            tokensPerChunk: 1, outputTokensMin: 60, outputTokensMax: 120, capacity: 8),
        SimulationProfile(
            name: "flaky", ttftMedianMs: 300, ttftSigma: 0.3, interTokenMs: 20, interTokenJitter: 0.2,
            tokensPerChunk: 1, outputTokensMin: 60, outputTokensMax: 160, capacity: 256,
            faults: FaultModes(
                errorRate: 0.04, rateLimitRate: 0.04, disconnectRate: 0.04, stallRate: 0.04, stallSeconds: 2,
                malformedRate: 0.04, retryAfterSeconds: 1)),
    ]

    /// The built-in profile with this name.
    public static func named(_ name: String) -> SimulationProfile? {
        builtIn.first { $0.name == name }
    }

    /// Throws `SimulatorError.invalidProfile` naming the first field out of range.
    public func validate() throws {
        func fail(_ field: String, _ reason: String) -> SimulatorError {
            .invalidProfile(profile: name, field: field, reason: reason)
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:")
        guard !name.isEmpty, name.allSatisfy({ allowed.contains($0) }) else {
            throw fail("name", "must be non-empty and use only letters, digits, '-', '_', '.', ':'")
        }
        guard name != "v1", name != "health" else { throw fail("name", "must not be a reserved path ('v1', 'health')") }
        guard ttftMedianMs.isFinite, ttftMedianMs >= 0 else { throw fail("ttftMedianMs", "must be >= 0") }
        guard ttftSigma.isFinite, ttftSigma >= 0 else { throw fail("ttftSigma", "must be >= 0") }
        guard interTokenMs.isFinite, interTokenMs >= 0 else { throw fail("interTokenMs", "must be >= 0") }
        guard interTokenJitter.isFinite, interTokenJitter >= 0 else { throw fail("interTokenJitter", "must be >= 0") }
        guard tokensPerChunk >= 1 else { throw fail("tokensPerChunk", "must be >= 1") }
        guard outputTokensMin >= 1 else { throw fail("outputTokensMin", "must be >= 1") }
        guard outputTokensMax >= outputTokensMin else { throw fail("outputTokensMax", "must be >= outputTokensMin") }
        guard capacity >= 1 else { throw fail("capacity", "must be >= 1") }
        let rates: [(String, Double)] = [
            ("faults.errorRate", faults.errorRate), ("faults.rateLimitRate", faults.rateLimitRate),
            ("faults.disconnectRate", faults.disconnectRate), ("faults.stallRate", faults.stallRate),
            ("faults.malformedRate", faults.malformedRate),
        ]
        for (field, rate) in rates where !(rate.isFinite && rate >= 0 && rate <= 1) {
            throw fail(field, "must be between 0 and 1")
        }
        guard faults.totalRate <= 1 + 1e-9 else { throw fail("faults", "rates must add up to at most 1") }
        guard faults.stallSeconds.isFinite, faults.stallSeconds >= 0 else { throw fail("faults.stallSeconds", "must be >= 0") }
        guard faults.retryAfterSeconds >= 0 else { throw fail("faults.retryAfterSeconds", "must be >= 0") }
    }

    // Every field but `name` may be left out of a config file; the defaults are those of "steady".
    private enum CodingKeys: String, CodingKey {
        case name, ttftMedianMs, ttftSigma, interTokenMs, interTokenJitter, tokensPerChunk
        case outputTokensMin, outputTokensMax, capacity, faults
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SimulationProfile.builtIn[0]
        self.init(
            name: try c.decode(String.self, forKey: .name),
            ttftMedianMs: try c.decodeIfPresent(Double.self, forKey: .ttftMedianMs) ?? d.ttftMedianMs,
            ttftSigma: try c.decodeIfPresent(Double.self, forKey: .ttftSigma) ?? d.ttftSigma,
            interTokenMs: try c.decodeIfPresent(Double.self, forKey: .interTokenMs) ?? d.interTokenMs,
            interTokenJitter: try c.decodeIfPresent(Double.self, forKey: .interTokenJitter) ?? d.interTokenJitter,
            tokensPerChunk: try c.decodeIfPresent(Int.self, forKey: .tokensPerChunk) ?? d.tokensPerChunk,
            outputTokensMin: try c.decodeIfPresent(Int.self, forKey: .outputTokensMin) ?? d.outputTokensMin,
            outputTokensMax: try c.decodeIfPresent(Int.self, forKey: .outputTokensMax) ?? d.outputTokensMax,
            capacity: try c.decodeIfPresent(Int.self, forKey: .capacity) ?? d.capacity,
            faults: try c.decodeIfPresent(FaultModes.self, forKey: .faults) ?? .none)
    }
}
