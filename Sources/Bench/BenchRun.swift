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

        /// Providers none of whose requests succeeded (a wrong URL, model or key, a server that
        /// refuses every request): their files are written, but the run did not measure them.
        public var providersWithoutSuccess: [String] {
            results.filter { r in !r.file.requests.contains(where: \.succeeded) }.map(\.file.provider.name)
        }
    }

    /// Runs `configuration`. SIGINT/SIGTERM stop the run cooperatively: finished requests are
    /// kept, requests in flight are recorded as `cancelled`, unsent ones are dropped, and each
    /// provider's file is written with `partial: true`.
    public static func execute(
        _ configuration: BenchConfiguration, console: Console = Console(),
        environment: [String: String] = ProcessInfo.processInfo.environment, trapSignals: Bool = true,
        now: Date = Date()
    ) async throws -> Report {
        try configuration.validate()
        let workload = try Workload(configuration.workload)
        var providers: [ResolvedProvider] = []
        for p in configuration.providers { providers.append(try ResolvedProvider.resolve(p, environment: environment)) }

        let runID = uniqueRunID(Timestamps.runID(now), in: configuration.resultsDirectory)
        let limit = ResourceLimits.raiseOpenFileLimit()
        let streamsPerProvider = configuration.workload.maxConcurrency ?? workload.requests.count
        let planned = streamsPerProvider * (configuration.parallelProviders ? providers.count : 1)
        var warnings: [String] = []
        if let w = ResourceLimits.warning(plannedStreams: planned, limit: limit) {
            console.note("warning: \(w)")
            warnings.append(w)
        }
        console.note(
            "run \(runID): \(workload.requests.count) requests (\(workload.info.arrival)) per provider, "
                + "\(providers.count) provider(s)\(configuration.parallelProviders ? " side by side" : ", one after another"); "
                + "workload \(workload.fingerprint.prefix(19))…; open-file limit \(limit.soft); transport \(configuration.transport.rawValue)")

        let client = StreamingClient(
            transport: configuration.transport, maxConnectionsPerHost: min(max(planned, 8), 1_000_000), stallTimeoutSeconds: configuration.workload.stallTimeoutSeconds)
        let progress = ProgressReporter(console: console)
        let progressTask = Task { await progress.run() }
        let runners = providers.map { p in
            ProviderRunner(
                provider: p, workload: workload, runID: runID, resultsDirectory: configuration.resultsDirectory,
                client: client, counters: LiveCounters(planned: workload.requests.count), progress: progress,
                console: console, extraWarnings: warnings)
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
        let summary = RunSummary.render(ordered.map { RunSummary.row(for: $0.file) })
        return Report(runID: runID, results: ordered, interrupted: work.isCancelled, summary: summary)
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
