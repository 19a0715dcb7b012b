import Analysis
import Foundation
import ResultFormat

/// Regression and improvement alerts of every run of every provider, for the site and
/// `data/alerts.json`, computed incrementally.
///
/// An alert of run R for provider P depends only on P's runs with R's workload up to
/// `policy.trailingRuns` before R (`ChangeDetector`'s previous-run and trailing-window
/// comparisons). Each such window gets a key (policy, run ids and content keys); windows whose key
/// is unchanged reuse the alerts cached in `<cache>/alerts.json`, and only the others load their
/// runs' samples (`AlertSampleCache`, never the result files when cached) and run
/// `ChangeDetector.alerts(in:policy:)` on them. Adding a run therefore recomputes one window per
/// provider of that run.
struct SiteAlerts: Sendable {
    var policy: AlertPolicy
    var cacheDirectory: String
    var resultsDirectory: String
    var limits = ResultLimits.standard

    struct Result: Sendable {
        /// Every alert, in `Alert.stableOrder`.
        var alerts: [Alert]
        var windowsComputed: Int
        var windowsReused: Int
    }

    struct CacheEntry: Codable, Equatable {
        var key: String
        var alerts: [Alert]
    }

    /// One provider's run with its comparable predecessors (oldest first, the run last).
    struct Window: Sendable {
        var id: String
        var slug: String
        var runs: [RunDigest]
        var key: String
    }

    var cachePath: String { cacheDirectory + "/alerts.json" }

    var policyKey: String {
        "alerts-v2 \(policy.ruleText) resamples=\(policy.bootstrap.resamples) metrics=\(policy.metrics.map(\.rawValue).joined(separator: ","))"
    }

    func windows(_ runs: [RunDigest]) -> [Window] {
        var groups: [String: [RunDigest]] = [:]
        var order: [String] = []
        for r in runs {
            for p in r.providers {
                let g = p.slug + "\u{1F}" + p.workload.fingerprint
                if groups[g] == nil { order.append(g) }
                groups[g, default: []].append(r)
            }
        }
        var out: [Window] = []
        for g in order {
            let list = groups[g]!
            let slug = String(g.split(separator: "\u{1F}", omittingEmptySubsequences: false)[0])
            for j in list.indices where j > 0 {
                let w = Array(list[max(0, j - policy.trailingRuns)...j])
                let key = SiteWriter.key([policyKey, g] + w.flatMap { [$0.runID, $0.contentKey] })
                out.append(Window(id: w.last!.runID + "/" + g, slug: slug, runs: w, key: key))
            }
        }
        return out
    }

    func compute(_ runs: [RunDigest]) throws(ResultFileErrors) -> Result {
        let windows = windows(runs)
        let cached = FileBytes.read(cachePath).flatMap(AlertWindowCache.decode) ?? [:]
        let misses = windows.filter { cached[$0.id]?.key != $0.key }
        // Load each needed run's samples once, in parallel.
        var neededIDs: [String] = []
        var byID: [String: RunDigest] = [:]
        for w in misses { for r in w.runs where byID[r.runID] == nil { byID[r.runID] = r; neededIDs.append(r.runID) } }
        let sampleCache = AlertSampleCache(directory: cacheDirectory, limits: limits)
        let results = resultsDirectory
        let needed = neededIDs.map { byID[$0]! }
        let loaded = ParallelMap.map(needed) { digest -> Swift.Result<[RunSample], ResultFileErrors> in
            Swift.Result { () throws(ResultFileErrors) in try sampleCache.samples(for: digest, resultsDirectory: results) }
        }
        var samples: [String: [RunSample]] = [:]
        var problems: [ResultFileError] = []
        for (id, r) in zip(neededIDs, loaded) {
            switch r {
            case .success(let s): samples[id] = s
            case .failure(let e): problems += e.errors
            }
        }
        if !problems.isEmpty { throw ResultFileErrors(problems) }
        let policy = self.policy
        let allSamples = samples
        // One job per window and metric, not per window: after one new run there are only as
        // many windows as providers, too few and too uneven to keep every core busy.
        let jobs = misses.indices.flatMap { w in policy.metrics.map { (w, $0) } }
        let perJob = ParallelMap.map(jobs) { job -> [Alert] in
            let (w, metric) = (misses[job.0], job.1)
            let current = w.runs.last!
            let fp = current.provider(w.slug)?.workload.fingerprint ?? ""
            let history = w.runs.flatMap { r in
                (allSamples[r.runID] ?? []).filter { $0.providerSlug == w.slug && $0.workloadFingerprint == fp }
            }
            var one = policy
            one.metrics = [metric]
            return ChangeDetector.alerts(in: history, policy: one, onlyRun: current.runID)
        }
        var fresh = [[Alert]](repeating: [], count: misses.count)
        for (job, alerts) in zip(jobs, perJob) { fresh[job.0] += alerts }
        fresh = fresh.map { $0.sorted(by: Alert.stableOrder) }
        var entries: [String: CacheEntry] = [:]
        var all: [Alert] = []
        let freshByID = Dictionary(zip(misses.map(\.id), fresh), uniquingKeysWith: { a, _ in a })
        for w in windows {
            let alerts = freshByID[w.id] ?? cached[w.id]!.alerts
            entries[w.id] = CacheEntry(key: w.key, alerts: alerts)
            all += alerts
        }
        if !misses.isEmpty || entries.count != cached.count {
            try? FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
            if let bytes = AlertWindowCache.encode(entries) { try? AtomicFile.write(bytes, to: cachePath) }
        }
        return Result(alerts: all.sorted(by: Alert.stableOrder), windowsComputed: misses.count, windowsReused: windows.count - misses.count)
    }
}
