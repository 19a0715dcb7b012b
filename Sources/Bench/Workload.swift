import JSON
import Randomness
import Crypto
import ResultFormat

/// One request of the workload: when it is due and what it asks.
public struct PlannedRequest: Sendable, Equatable {
    /// Position in the workload; the same id means the same prompt for every provider.
    public var id: Int
    /// Due time, microseconds from the run start.
    public var offsetMicros: Int64
    public var prompt: Prompt
    /// Position of `prompt` in the workload's prompt source (requests with the same index ask
    /// the same thing, which lets a provider's requests be rendered once per prompt).
    public var promptIndex: Int
}

/// The concrete, seeded list of requests every provider in a run gets, with its fingerprint.
public struct Workload: Sendable, Equatable {
    public var configuration: WorkloadConfiguration
    public var requests: [PlannedRequest]
    /// `sha256:` + hex SHA-256 of `canonicalEncoding` (of the whole workload, also in a segment).
    public var fingerprint: String
    /// The segment whose requests `requests` holds; nil for the whole workload.
    public private(set) var segment: Segment?
    /// Requests of the whole workload (`requests.count` unless this is a segment).
    public private(set) var wholeRequestCount: Int

    /// Builds the workload: the schedule from the arrival kind (and seed, for Poisson), idle gaps
    /// skipped if asked, and each request's prompt drawn uniformly (with replacement) from the
    /// prompt source by a generator seeded with the run seed.
    public init(_ configuration: WorkloadConfiguration) throws(ConfigurationError) {
        try configuration.validate()
        let prompts = try PromptLoader.load(configuration.prompts)
        var offsets = configuration.arrival.offsetsMicros(seed: configuration.seed)
        if let gap = configuration.skipIdleMinSeconds { offsets = ArrivalSchedule.skippingIdle(offsets, maxGapSeconds: gap) }
        var rng = SplitMix64(seed: configuration.seed, stream: "prompts")
        requests = offsets.enumerated().map { i, offset in
            let index = rng.index(below: prompts.count)
            return PlannedRequest(id: i, offsetMicros: offset, prompt: prompts[index], promptIndex: index)
        }
        self.configuration = configuration
        segment = nil
        wholeRequestCount = requests.count
        fingerprint = ""
        fingerprint = "sha256:" + SHA256.hash(data: canonicalEncoding()).map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
        }.joined()
    }

    /// The requests of `segment` (ids ≡ index mod count), each with its id, due time and prompt
    /// unchanged. The fingerprint and the `workload` block stay those of the whole workload, so
    /// that every segment's file says which workload it is a share of.
    public func restricted(to segment: Segment) -> Workload {
        var share = self
        share.requests = requests.filter { segment.contains(requestID: $0.id) }
        share.segment = segment
        return share
    }

    /// What the fingerprint covers: every request's due time and messages, and the parameters
    /// that shape a response (temperature, top_p, max_tokens). Timeouts, concurrency caps and the
    /// prompt file's path are left out: they do not change what is asked. Compact JSON with
    /// sorted keys, so it is stable across platforms. (Of `requests`: the fingerprint is taken
    /// on the whole workload, before any `restricted(to:)`.)
    public func canonicalEncoding() -> [UInt8] {
        let reqs: [JSONValue] = requests.map { r in
            .object([
                "offset_us": .int(r.offsetMicros),
                "messages": .array(r.prompt.messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) }),
            ])
        }
        let doc: JSONValue = .object([
            "format": .string("llm-leaderboard-workload-v1"),
            "requests": .array(reqs),
            "temperature": .double(configuration.temperature),
            "top_p": .double(configuration.topP),
            "max_tokens": .int(Int64(configuration.maxTokens)),
        ])
        return doc.serialized()
    }

    /// The `workload` block of a result file.
    public var info: WorkloadInfo {
        var params: [String: String] = [
            "stall_timeout_s": String(configuration.stallTimeoutSeconds),
            "concurrency": configuration.maxConcurrency.map { "closed loop, at most \($0) in flight" } ?? "open loop",
            "retries": "none",
        ]
        if let s = configuration.skipIdleMinSeconds { params["skip_idle_min_s"] = String(s) }
        return WorkloadInfo(
            fingerprint: fingerprint, arrival: configuration.arrival.description, requestCount: wholeRequestCount,
            seed: configuration.seed, promptSource: configuration.prompts.description,
            temperature: configuration.temperature, topP: configuration.topP, maxTokens: configuration.maxTokens,
            timeoutSeconds: configuration.timeoutSeconds, parameters: params)
    }

    /// Seconds from the run start to the last due request.
    public var plannedDurationSeconds: Double { Double(requests.last?.offsetMicros ?? 0) / 1_000_000 }
}
