/// How to run a simulated endpoint.
public struct SimulatorConfiguration: Sendable {
    /// Address to listen on; loopback by default.
    public var host: String
    /// Port; 0 picks a free ephemeral port (read it back from `RunningSimulator.port`).
    public var port: Int
    /// Seed of every random draw; with the request id it fixes a request's TTFT, length and fault.
    public var seed: UInt64
    /// Profiles to serve. Routing: `/{profile}/v1/...` by path, else the body's `model` equal to a
    /// profile name, else the first profile.
    public var profiles: [SimulationProfile]
    /// Optional JSON-lines file receiving one `ServedRequestLog` per finished request. It is
    /// truncated when the simulator starts.
    public var logPath: String?
    /// Listen backlog; large so that thousands of connections opened at once are not refused.
    public var backlog: Int

    public init(
        host: String = "127.0.0.1", port: Int = 0, seed: UInt64 = 42,
        profiles: [SimulationProfile] = SimulationProfile.builtIn, logPath: String? = nil, backlog: Int = 4096
    ) {
        self.host = host
        self.port = port
        self.seed = seed
        self.profiles = profiles
        self.logPath = logPath
        self.backlog = backlog
    }

    /// Throws `SimulatorError` if a profile is invalid, names repeat, or the port is out of range.
    public func validate() throws {
        guard !profiles.isEmpty else { throw SimulatorError.invalidConfiguration("at least one profile is needed") }
        var seen = Set<String>()
        for profile in profiles {
            try profile.validate()
            guard seen.insert(profile.name).inserted else {
                throw SimulatorError.invalidConfiguration("profile name '\(profile.name)' appears twice")
            }
        }
        guard (0...65535).contains(port) else { throw SimulatorError.invalidConfiguration("port \(port) is out of range") }
        guard backlog >= 1 else { throw SimulatorError.invalidConfiguration("backlog must be >= 1") }
    }
}
