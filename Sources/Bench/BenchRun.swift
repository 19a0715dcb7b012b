import Foundation
import ResultFormat

/// One invocation of the bench: builds the workload once, drives it at every provider (one after
/// another, or side by side), and writes one result file per provider into `results/<run-id>/`.
public enum BenchRun {
    public struct Report: Sendable {
        public var runID: String
        public var results: [ProviderResult]
        public var interrupted: Bool
        public var summary: String
        /// The share of the workload this process ran; nil for the whole of it.
        public var segment: Segment?

        /// Providers none of whose requests succeeded (a wrong URL, model or key, a server that
        /// refuses every request): their files are written, but the run did not measure them.
        public var providersWithoutSuccess: [String] {
            results.filter { r in !r.file.requests.contains(where: \.succeeded) }.map(\.file.provider.name)
        }
    }

    /// Runs `configuration`. SIGINT/SIGTERM stop the run cooperatively: finished requests are
    /// kept, requests in flight are recorded as `cancelled`, unsent ones are dropped, and each
    /// provider's file is written with `partial: true`.
    ///
    /// With a segment (`configuration.coordination`), only that segment's requests are sent and
    /// each provider's file is its segment file; with a run id or a start time, the run folder
    /// is named by them (and may exist: other segments write there), the run refuses to start if
    /// one of its own files is there already, and it waits for the start time.
    public static func execute(
        _ configuration: BenchConfiguration, console: Console = Console(),
        environment: [String: String] = ProcessInfo.processInfo.environment, trapSignals: Bool = true,
        now: Date = Date()
    ) async throws -> Report {
        try configuration.validate()
        let coordination = configuration.coordination
        if let start = coordination.startAt { try StartTime.check(start, now: now) }
        let whole = try Workload(configuration.workload)
        let workload = coordination.segment.map { whole.restricted(to: $0) } ?? whole
        var providers: [ResolvedProvider] = []
        for p in configuration.providers { providers.append(try ResolvedProvider.resolve(p, environment: environment)) }

        let runID: String
        if let fixed = try coordination.fixedRunID() {
            runID = fixed
            try refuseExistingFiles(
                slugs: providers.map(\.configuration.slug), segment: coordination.segment,
                runDirectory: configuration.resultsDirectory + "/" + runID, field: coordination.runID != nil ? "--run-id" : "--start-at")
        } else {
            runID = uniqueRunID(Timestamps.runID(now), in: configuration.resultsDirectory)
        }
        _ = try WallClockAnchor.offsetMicros(environment: environment)  // a bad value fails before the run, not after
        let limit = ResourceLimits.raiseOpenFileLimit()
        let streamsPerProvider = configuration.workload.maxConcurrency ?? workload.requests.count
        let planned = streamsPerProvider * (configuration.parallelProviders ? providers.count : 1)
        var warnings: [String] = []
        if let w = ResourceLimits.warning(plannedStreams: planned, limit: limit) {
            console.note("warning: \(w)")
            warnings.append(w)
        }
        let share = workload.segment.map { RunSummary.segmentLine($0, requests: workload.requests.count, of: workload.wholeRequestCount) }
            ?? "\(workload.requests.count) requests"
        console.note(
            "run \(runID): \(share) (\(workload.info.arrival)) per provider, "
                + "\(providers.count) provider(s)\(configuration.parallelProviders ? " side by side" : ", one after another"); "
                + "workload \(workload.fingerprint.prefix(19))…; open-file limit \(limit.soft); transport \(configuration.transport.rawValue)")

        let client = StreamingClient(
            transport: configuration.transport, maxConnectionsPerHost: min(max(planned, 8), 1_000_000), stallTimeoutSeconds: configuration.workload.stallTimeoutSeconds)
        if let start = coordination.startAt {
            let late = try await StartTime.wait(until: start, console: console)
            if workload.segment != nil, late > StartTime.lateWarningSeconds {
                warnings.append(
                    "this segment started \(StartTime.duration(late)) after the run's start time (\(Timestamps.iso8601(start))): "
                        + "its schedule is shifted by that much against the other segments'")
            }
        }
        let progress = ProgressReporter(console: console)
        let progressTask = Task { await progress.run() }
        let runners = providers.map { p in
            ProviderRunner(
                provider: p, workload: workload, runID: runID, resultsDirectory: configuration.resultsDirectory,
                client: client, counters: LiveCounters(planned: workload.requests.count), progress: progress,
                console: console, extraWarnings: warnings, environment: environment)
        }
        let parallel = configuration.parallelProviders
        let work = Task { () async throws -> [ProviderResult] in
            if parallel {
                return try await withThrowingTaskGroup(of: ProviderResult.self) { group in
                    for r in runners { group.addTask { try await r.run() } }
                    var out: [ProviderResult] = []
                    for try await r in group { out.append(r) }
                    return out
                }
            }
            var out: [ProviderResult] = []
            for runner in runners {
                if Task.isCancelled { break }
                let r = try await runner.run()
                console.note("\(runner.provider.configuration.name): \(r.file.requests.count) requests -> \(r.path)")
                out.append(r)
            }
            return out
        }
        let trap = trapSignals
            ? SignalTrap { sig in
                console.note("\n\(sig == SIGINT ? "SIGINT" : "SIGTERM"): stopping; writing what finished as partial results")
                work.cancel()
            }
            : nil
        let results: [ProviderResult]
        do {
            results = try await work.value
        } catch {
            trap?.cancel()
            progressTask.cancel()
            await client.shutdown()
            throw error
        }
        trap?.cancel()
        progressTask.cancel()
        await client.shutdown()
        let ordered = results.sorted { a, b in
            (providers.firstIndex { $0.configuration.slug == a.file.provider.slug } ?? 0)
                < (providers.firstIndex { $0.configuration.slug == b.file.provider.slug } ?? 0)
        }
        var summary = RunSummary.render(ordered.map { RunSummary.row(for: $0.file) })
        if let segment = workload.segment {
            summary = RunSummary.segmentLine(segment, requests: workload.requests.count, of: workload.wholeRequestCount) + "\n" + summary
        }
        return Report(runID: runID, results: ordered, interrupted: work.isCancelled, summary: summary, segment: workload.segment)
    }

    /// Refuses a run into a given run folder when one of its own files (a provider's result file
    /// or journal, of this segment if any) is there already; other segments' files are expected.
    /// `field` names the option that named the folder.
    static func refuseExistingFiles(
        slugs: [String], segment: Segment?, runDirectory: String, field: String
    ) throws(ConfigurationError) {
        let tag = segment.map { SegmentInfo(index: $0.index, count: $0.count, host: "", clockAnchorMicros: 0) }
        for slug in slugs {
            let stem = runDirectory + "/" + ResultStore.fileStem(slug: slug, segment: tag)
            for path in [stem + ".json.gz", stem + ".json", stem + JournalWriter.suffix] where FileManager.default.fileExists(atPath: path) {
                let whose = segment.map { "\($0) of \(slug)" } ?? slug
                throw ConfigurationError(
                    field: field,
                    message: "\(path) exists already: \(whose) has been run into this run folder; give another run id or start time"
                        + (path.hasSuffix(JournalWriter.suffix) ? " (or finalise the journal with `bench recover`)" : ""))
            }
        }
    }

    /// `base`, or `base-2`, `base-3`, ... if a run folder of that name exists already.
    static func uniqueRunID(_ base: String, in directory: String) -> String {
        var id = base
        var n = 2
        while FileManager.default.fileExists(atPath: directory + "/" + id) {
            id = "\(base)-\(n)"
            n += 1
        }
        return id
    }
}
