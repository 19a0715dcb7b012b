/// One result file: everything one provider did in one run, self-describing.
///
/// Times are integer microseconds relative to the run start (one monotonic clock per run),
/// which keeps 1 µs resolution and makes the on-disk form exact and compact. The on-disk
/// layout is documented in `docs/results-format.md`.
public struct ResultFile: Sendable, Equatable {
    /// The schema this library writes. 2.0 differs from 1.0 only in the form of `chunks`
    /// (`ChunkDeltaText` instead of a decimal array); 2.1 adds the optional per-request
    /// `server_timings` and the error kind `empty`.
    public static let currentSchemaVersion = SchemaVersion(major: 2, minor: 1)
    /// The version of a file with `run.segment` (2.2 adds it). Files of unsegmented runs keep
    /// saying 2.1, so their bytes do not change.
    public static let segmentSchemaVersion = SchemaVersion(major: 2, minor: 2)
    /// The major versions this library reads, any minor version of each.
    public static let readableMajorVersions: ClosedRange<Int> = 1...2
    /// Marker value of the top-level `schema` field, so a stray JSON file is recognised as "not a result".
    public static let schemaName = "llm-leaderboard-result"

    public var schemaVersion: SchemaVersion
    public var run: RunInfo
    public var provider: ProviderInfo
    public var workload: WorkloadInfo
    /// Where `output_tokens` came from for every request in the file.
    public var tokenCount: TokenCountMethod
    /// The bench's judgement of its own timing quality; `nil` for files that predate it or were generated.
    public var selfCheck: SelfCheck?
    public var requests: [RequestRecord]

    public init(
        schemaVersion: SchemaVersion = ResultFile.currentSchemaVersion, run: RunInfo, provider: ProviderInfo,
        workload: WorkloadInfo, tokenCount: TokenCountMethod, selfCheck: SelfCheck? = nil,
        requests: [RequestRecord]
    ) {
        self.schemaVersion = schemaVersion
        self.run = run
        self.provider = provider
        self.workload = workload
        self.tokenCount = tokenCount
        self.selfCheck = selfCheck
        self.requests = requests
    }
}

/// `major.minor`; a reader refuses an unknown major and ignores unknown fields of a newer minor.
public struct SchemaVersion: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0
        else { return nil }
        self.init(major: major, minor: minor)
    }
    public var description: String { "\(major).\(minor)" }
}

/// Facts about the run a file belongs to.
public struct RunInfo: Sendable, Equatable {
    /// UTC start time, sortable and file-system safe: `2026-11-30T05-17-35Z`.
    public var id: String
    /// ISO 8601 UTC wall-clock start and end of the run (the timeline itself is monotonic).
    public var startedAt: String
    public var endedAt: String
    public var benchVersion: String
    /// Where the numbers come from: `measured` against a real endpoint, or `simulated`.
    public var source: DataSource
    /// Free text shown with the run, e.g. "built-in simulator, profile fast".
    public var note: String?
    /// True while a run is still being journalled or was interrupted before finalising.
    public var partial: Bool
    /// The share of a sharded run this file holds; `nil` for a run on one machine.
    public var segment: SegmentInfo?

    public init(
        id: String, startedAt: String, endedAt: String, benchVersion: String, source: DataSource,
        note: String? = nil, partial: Bool = false, segment: SegmentInfo? = nil
    ) {
        self.id = id
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.benchVersion = benchVersion
        self.source = source
        self.note = note
        self.partial = partial
        self.segment = segment
    }
}

/// Provenance of a result file.
public enum DataSource: String, Sendable, Equatable, CaseIterable {
    /// Requests were sent to a real endpoint over the network.
    case measured
    /// Requests were sent to the built-in simulator (or another simulated endpoint).
    case simulated
    /// Written by a generator script without any HTTP at all.
    case synthetic
}

/// Who was measured.
public struct ProviderInfo: Sendable, Equatable {
    public var name: String
    public var slug: String
    /// e.g. `openai-chat`, `openai-completions`, `anthropic-messages`, `bedrock-converse-stream`.
    public var api: String
    /// Base URL with any credentials removed.
    public var baseURL: String
    public var model: String

    public init(name: String, slug: String, api: String, baseURL: String, model: String) {
        self.name = name
        self.slug = slug
        self.api = api
        self.baseURL = baseURL
        self.model = model
    }
}

/// The workload the requests followed. Only files with the same `fingerprint` are ranked together.
public struct WorkloadInfo: Sendable, Equatable, Codable {
    /// `sha256:` + hex digest of the schedule, prompts and sampling parameters.
    public var fingerprint: String
    /// A human description such as "constant 10 req/s for 120 s".
    public var arrival: String
    public var requestCount: Int
    public var seed: UInt64
    public var promptSource: String
    public var temperature: Double
    public var topP: Double
    public var maxTokens: Int
    public var timeoutSeconds: Double
    /// Extra settings recorded verbatim (string values), sorted by key when written.
    public var parameters: [String: String]

    public init(
        fingerprint: String, arrival: String, requestCount: Int, seed: UInt64, promptSource: String,
        temperature: Double, topP: Double, maxTokens: Int, timeoutSeconds: Double,
        parameters: [String: String] = [:]
    ) {
        self.fingerprint = fingerprint
        self.arrival = arrival
        self.requestCount = requestCount
        self.seed = seed
        self.promptSource = promptSource
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.timeoutSeconds = timeoutSeconds
        self.parameters = parameters
    }
}

/// How `output_tokens` was obtained (docs/metrics.md).
public enum TokenCountMethod: String, Sendable, Equatable, CaseIterable {
    /// The server's own usage report.
    case usage
    /// A count of token-bearing stream events.
    case events
}

/// The bench's check of its own timing; a run that fails it is shown as suspect.
public struct SelfCheck: Sendable, Equatable, Codable {
    public var offeredRate: Double
    public var achievedRate: Double
    public var launchLagP50Micros: Int64
    public var launchLagP99Micros: Int64
    public var clientCPUSeconds: Double
    public var wallSeconds: Double
    /// Reasons the client may have been the bottleneck; empty when the run is trustworthy.
    public var warnings: [String]
    /// CPU time the virtual machine's host took from this machine (all its CPUs) during the run,
    /// Linux's `steal`; nil when unknown (other systems, files from before it was recorded).
    public var cpuStealSeconds: Double?

    public var isSuspect: Bool { !warnings.isEmpty }

    public init(
        offeredRate: Double, achievedRate: Double, launchLagP50Micros: Int64, launchLagP99Micros: Int64,
        clientCPUSeconds: Double, wallSeconds: Double, cpuStealSeconds: Double? = nil, warnings: [String]
    ) {
        self.offeredRate = offeredRate
        self.achievedRate = achievedRate
        self.launchLagP50Micros = launchLagP50Micros
        self.launchLagP99Micros = launchLagP99Micros
        self.clientCPUSeconds = clientCPUSeconds
        self.wallSeconds = wallSeconds
        self.cpuStealSeconds = cpuStealSeconds
        self.warnings = warnings
    }
}
