/// A whole bench invocation: who to measure, with which workload, and where results go.
public struct BenchConfiguration: Sendable, Equatable {
    public var providers: [ProviderConfiguration]
    public var workload: WorkloadConfiguration
    /// The results folder (default `results`).
    public var resultsDirectory: String
    /// Run providers side by side instead of one after another (the original Python pipeline's way).
    public var parallelProviders: Bool
    /// The HTTP client that carries the streams (`nio` unless asked otherwise).
    public var transport: TransportKind
    /// Segment, run folder and start time shared with the other processes of a sharded run
    /// (`--segment`, `--run-id`, `--start-at`); empty for a run on one machine.
    public var coordination: RunCoordination

    public init(
        providers: [ProviderConfiguration], workload: WorkloadConfiguration = WorkloadConfiguration(),
        resultsDirectory: String = "results", parallelProviders: Bool = false, transport: TransportKind = .default,
        coordination: RunCoordination = RunCoordination()
    ) {
        self.coordination = coordination
        self.providers = providers
        self.workload = workload
        self.resultsDirectory = resultsDirectory
        self.parallelProviders = parallelProviders
        self.transport = transport
    }

    /// Keeps only the providers named (by display name or slug), in the order given.
    public func selecting(_ names: [String]) throws(ConfigurationError) -> BenchConfiguration {
        var copy = self
        var picked: [ProviderConfiguration] = []
        for name in names {
            guard let p = providers.first(where: { $0.name == name || $0.slug == name }) else {
                let known = providers.map(\.name).joined(separator: ", ")
                throw ConfigurationError(field: "--providers", message: "no provider named '\(name)' (known: \(known))")
            }
            picked.append(p)
        }
        copy.providers = picked
        return copy
    }

    public func validate() throws(ConfigurationError) {
        guard !providers.isEmpty else { throw ConfigurationError(field: "providers", message: "no providers configured") }
        var slugs: [String: String] = [:]
        for (i, p) in providers.enumerated() {
            let field = "providers[\(i)]"
            guard ProviderConfiguration.supportedAPIs.contains(p.api) else {
                throw ConfigurationError(
                    field: field + ".api",
                    message: "unknown API '\(p.api)' (one of \(ProviderConfiguration.supportedAPIs.joined(separator: ", ")))")
            }
            let bedrockDefault = p.api == "bedrock-converse-stream" && p.baseURL.isEmpty
            guard bedrockDefault || p.baseURL.hasPrefix("http://") || p.baseURL.hasPrefix("https://") else {
                throw ConfigurationError(field: field + ".base_url", message: "must start with http:// or https://")
            }
            guard !p.model.isEmpty else { throw ConfigurationError(field: field + ".model", message: "is empty") }
            if let other = slugs[p.slug] {
                throw ConfigurationError(
                    field: field + ".name", message: "'\(p.name)' has the same file name (\(p.slug)) as '\(other)'")
            }
            slugs[p.slug] = p.name
        }
        try workload.validate()
    }
}
