import Analysis
import ResultFormat

/// Everything the site shows about one run, computed once from its result files and cached
/// (see `DigestCache`), so pages of old runs never need the raw records again.
///
/// It is also the public JSON summary of the run (`site/data/runs/<run-id>.json`). New optional
/// fields (confidence intervals, alerts, goodput) can be added without invalidating old pages:
/// bump `RunDigest.formatVersion` when a field's meaning changes, which recomputes every digest.
public struct RunDigest: Codable, Sendable, Equatable {
    public static let formatVersion = 9

    public var formatVersion: Int
    /// SHA-256 over the run's file names and bytes plus the settings that shape the digest.
    public var contentKey: String
    public var runID: String
    public var startedAt: String
    public var endedAt: String
    public var benchVersion: String
    public var sources: [String]
    public var notes: [String]
    public var partial: Bool
    /// Every provider of the run, sorted by slug.
    public var providers: [ProviderDigest]
    /// Fingerprint of the group that is ranked (the largest group with one workload).
    public var rankedFingerprint: String
    /// Ranked order and winners per latency metric, as the README's rule decided them.
    public var rankings: [MetricOrder]
    /// Ranked order and winner by peak total TPS.
    public var throughput: MetricOrder
    /// The service-level objectives of the goodput figures, in plain words.
    public var goodputRule: String?

    public func provider(_ slug: String) -> ProviderDigest? { providers.first { $0.slug == slug } }
    public var isSuspect: Bool { providers.contains { $0.selfCheck?.isSuspect == true } }
}

/// One metric's table order in a run.
public struct MetricOrder: Codable, Sendable, Equatable {
    /// `TTFT`, `TPOT`, `ITL` or `TPS`.
    public var metric: String
    /// Provider slugs, best first (ranked group only).
    public var order: [String]
    public var winners: [String]
    /// The winner rule in plain words.
    public var rule: String
    /// Leaders the rule could not tell apart (all bolded, marked "tied"); empty or absent when one
    /// provider won alone.
    public var tied: [String]?
}

/// One provider in one run.
public struct ProviderDigest: Codable, Sendable, Equatable {
    public var name: String
    public var slug: String
    public var api: String
    public var baseURL: String
    public var model: String
    public var source: String
    /// The provider's note in its file (what it is, where it ran), if any.
    public var note: String?
    public var workload: WorkloadInfo
    public var tokenCount: String
    public var selfCheck: SelfCheck?
    public var totalRequests: Int
    public var succeeded: Int
    /// Failures by kind, in `ErrorKind` order, only kinds that occurred.
    public var failures: [FailureCount]
    public var ttft: Summary?
    public var ttftVisible: Summary?
    public var tpot: Summary?
    public var itl: Summary?
    public var e2e: Summary?
    public var launchLag: Summary?
    public var outputTokens: Summary?
    /// Pooled gaps between token-bearing events of successful requests, ms.
    public var interChunkGaps: Summary?
    /// Seeded bootstrap 95% intervals of the median TTFT, TPOT and ITL (the README's intervals).
    public var ttftMedianCI: ConfidenceInterval?
    public var tpotMedianCI: ConfidenceInterval?
    public var itlMedianCI: ConfidenceInterval?
    /// Requests meeting the service-level objectives (`RunDigest.goodputRule`).
    public var goodput: Goodput?
    /// Failed requests per availability class (rate limiting, server errors, timeouts, transport,
    /// other), every class listed, in `AvailabilityClass` order.
    public var availability: [AvailabilityCount]?
    /// The client's decode time per token against the server's own timings, when the server
    /// reported them (llama.cpp); nil otherwise.
    public var serverAgreement: ServerAgreement?
    public var peakTPS: Double
    /// When the peak window was centred, seconds from run start.
    public var peakTPSAtSeconds: Double
    /// Path of the result file relative to the results folder (`<run-id>/<file>`); for a
    /// provider of a sharded run, its first segment file's (every file is in `segments`).
    public var rawFile: String
    public var rawBytes: Int
    public var rawSHA256: String
    /// The load generators whose segment files were merged into these figures; nil for a provider
    /// measured by one machine.
    public var segments: SegmentsDigest?
    /// Whether this provider's figures are partial (an interrupted bench, a missing segment);
    /// recorded in runs with a sharded provider, nil in others (`RunDigest.partial` says it there).
    public var partial: Bool?

    /// Every result file the figures come from: the segment files, or the one file.
    public var rawFiles: [(path: String, bytes: Int, sha256: String)] {
        segments.map { $0.files.map { ($0.rawFile, $0.rawBytes, $0.rawSHA256) } } ?? [(rawFile, rawBytes, rawSHA256)]
    }

    public var failed: Int { totalRequests - succeeded }
    public var errorRate: Double { totalRequests == 0 ? 0 : Double(failed) / Double(totalRequests) }
}

public struct AvailabilityCount: Codable, Sendable, Equatable {
    /// `AvailabilityClass` raw value, e.g. `rate limiting`.
    public var availabilityClass: String
    public var count: Int
}

public struct FailureCount: Codable, Sendable, Equatable {
    public var kind: String
    public var count: Int
    /// HTTP statuses seen for this kind, ascending.
    public var statuses: [Int]
    /// Up to three distinct messages, as the bench recorded them (shown escaped).
    public var examples: [String]
}

extension RunDigest {
    /// Computes the digest of a loaded run. `hashes` are the SHA-256 hex digests of the files' bytes
    /// (parallel to `run.files`); `segmentHashes` those of the segment files of sharded providers,
    /// by path relative to the results folder.
    public init(
        run: LoadedRun, contentKey: String, hashes: [String], segmentHashes: [String: String] = [:], windowSeconds: Double,
        stepSeconds: Double, objectives: ServiceLevelObjectives = ServiceLevelObjectives()
    ) {
        let summaries = run.files.map { ProviderRunSummary(file: $0, windowSeconds: windowSeconds, stepSeconds: stepSeconds) }
        self.init(run: run, summaries: summaries, contentKey: contentKey, hashes: hashes, segmentHashes: segmentHashes, objectives: objectives)
    }

    /// The digest from summaries already computed (e.g. also used for the alert samples).
    init(
        run: LoadedRun, summaries: [ProviderRunSummary], contentKey: String, hashes: [String], segmentHashes: [String: String] = [:],
        objectives: ServiceLevelObjectives
    ) {
        let board = Leaderboard(run: run, summaries: summaries, objectives: objectives)
        // The intervals the README's rule computed for the ranked group; the same seeded bootstrap for the others.
        var intervals: [String: ConfidenceInterval] = [:]
        for r in board.metrics {
            for e in r.entries { if let ci = e.medianCI { intervals[r.metric.rawValue + "/" + e.summary.provider.slug] = ci } }
        }
        let bootstrap = WinnerPolicy().bootstrap
        func ci(_ m: LeaderboardMetric, _ s: ProviderRunSummary) -> ConfidenceInterval? {
            intervals[m.rawValue + "/" + s.provider.slug] ?? bootstrap.medianInterval(of: m, in: s)
        }
        formatVersion = RunDigest.formatVersion
        self.contentKey = contentKey
        runID = run.id
        let first = run.files[0].run
        startedAt = run.files.map(\.run.startedAt).min() ?? first.startedAt
        endedAt = run.files.map(\.run.endedAt).max() ?? first.endedAt
        benchVersion = Set(run.files.map(\.run.benchVersion)).sorted().joined(separator: ", ")
        sources = Set(run.files.map(\.run.source.rawValue)).sorted()
        notes = Set(run.files.compactMap(\.run.note)).sorted()
        partial = run.files.contains { $0.run.partial }
        let sharded = run.segments.contains { $0 != nil }
        providers = run.files.indices.map { i in
            var p = ProviderDigest(
                file: run.files[i], summary: summaries[i], rawFile: run.relativePaths[i], rawBytes: run.byteCounts[i],
                rawSHA256: hashes[i])
            p.ttftMedianCI = ci(.ttft, summaries[i])
            p.tpotMedianCI = ci(.tpot, summaries[i])
            p.itlMedianCI = ci(.itl, summaries[i])
            if sharded { p.partial = run.files[i].run.partial }
            if let merged = run.segments[i] {
                let segments = SegmentsDigest(merged, hashes: segmentHashes)
                p.segments = segments
                // The raw-file triple names one real file: the first segment's.
                p.rawBytes = segments.files[0].rawBytes
                p.rawSHA256 = segments.files[0].rawSHA256
            }
            p.goodput = Goodput(requests: run.files[i].requests, objectives: objectives)
            let availability = Availability(requests: run.files[i].requests)
            p.availability = AvailabilityClass.allCases.map {
                AvailabilityCount(availabilityClass: $0.rawValue, count: availability.failuresByClass[$0] ?? 0)
            }
            return p
        }
        goodputRule = objectives.ruleText
        rankedFingerprint = board.workload.fingerprint
        rankings = board.metrics.map { r in
            MetricOrder(
                metric: r.metric.rawValue, order: r.entries.map(\.summary.provider.slug),
                winners: r.entries.filter(\.isWinner).map(\.summary.provider.slug), rule: r.rule,
                tied: r.entries.filter(\.isTiedLeader).map(\.summary.provider.slug))
        }
        throughput = MetricOrder(
            metric: "TPS", order: board.throughput.entries.map(\.summary.provider.slug),
            winners: board.throughput.entries.filter(\.isWinner).map(\.summary.provider.slug), rule: board.throughput.rule,
            tied: board.throughput.entries.filter(\.isTiedLeader).map(\.summary.provider.slug))
    }
}

extension ProviderDigest {
    init(file: ResultFile, summary s: ProviderRunSummary, rawFile: String, rawBytes: Int, rawSHA256: String) {
        name = file.provider.name
        slug = file.provider.slug
        api = file.provider.api
        baseURL = file.provider.baseURL
        model = file.provider.model
        source = file.run.source.rawValue
        note = file.run.note
        workload = file.workload
        tokenCount = file.tokenCount.rawValue
        selfCheck = file.selfCheck
        totalRequests = s.totalRequests
        succeeded = s.succeeded
        var byKind: [ErrorKind: (Int, Set<Int>, [String])] = [:]
        for r in file.requests {
            guard let e = r.error else { continue }
            var entry = byKind[e.kind] ?? (0, [], [])
            entry.0 += 1
            if let st = e.status { entry.1.insert(st) }
            if entry.2.count < 3 && !entry.2.contains(e.message) { entry.2.append(e.message) }
            byKind[e.kind] = entry
        }
        failures = byKind.keys.sorted().map { k in
            let e = byKind[k]!
            return FailureCount(kind: k.rawValue, count: e.0, statuses: e.1.sorted(), examples: e.2)
        }
        ttft = s.ttft
        ttftVisible = s.ttftVisible
        tpot = s.tpot
        itl = s.itl
        e2e = s.e2e
        launchLag = s.launchLag
        outputTokens = s.outputTokens
        interChunkGaps = s.interChunkGaps
        serverAgreement = ServerAgreement(requests: file.requests)
        peakTPS = s.peakTPS
        let series = s.throughput.series
        var at = 0
        for (k, v) in series.enumerated() where v > series[at] { at = k }
        peakTPSAtSeconds = series.isEmpty ? 0 : Double(s.throughput.firstSampleMicros + Int64(at) * s.throughput.stepMicros) / 1_000_000
        self.rawFile = rawFile
        self.rawBytes = rawBytes
        self.rawSHA256 = rawSHA256
    }

    /// The latency summary a leaderboard metric uses.
    func summary(_ metric: LeaderboardMetric) -> Summary? {
        switch metric {
        case .ttft: return ttft
        case .tpot: return tpot
        case .itl: return itl
        }
    }

    /// The bootstrap 95% interval of the median of a leaderboard metric.
    func medianCI(_ metric: LeaderboardMetric) -> ConfidenceInterval? {
        switch metric {
        case .ttft: return ttftMedianCI
        case .tpot: return tpotMedianCI
        case .itl: return itlMedianCI
        }
    }

    /// Failures of one availability class (0 when the digest predates the split).
    func failures(_ c: AvailabilityClass) -> Int {
        availability?.first { $0.availabilityClass == c.rawValue }?.count ?? 0
    }
}
