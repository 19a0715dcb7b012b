import Randomness
/// Regression and improvement alerts across runs (issue "Numbers that hold up", item 3).
///
/// Each run of a provider is compared with (a) its previous comparable run (same provider slug and
/// workload fingerprint, the nearest earlier run id) and (b) the pooled trailing window of up to
/// `policy.trailingRuns` earlier comparable runs, when there are at least two of them (with one
/// it would repeat the previous-run comparison). A comparison alerts only when the change is both
/// large (beyond the metric's threshold) and statistically significant; see `AlertPolicy.ruleText`.
public enum ChangeDetector {
    /// Every alert in `history` (any order, any providers), in `Alert.stableOrder`.
    ///
    /// - Parameter runID: when given, only that run is compared with its predecessors (the
    ///   others serve as baselines), as an incremental caller needs.
    public static func alerts(in history: [RunSample], policy: AlertPolicy = AlertPolicy(), onlyRun runID: String? = nil) -> [Alert] {
        var groups: [String: [RunSample]] = [:]
        for run in history { groups[run.providerSlug + "\u{1F}" + run.workloadFingerprint, default: []].append(run) }
        var out: [Alert] = []
        for key in groups.keys.sorted() {
            let runs = groups[key]!.sorted { $0.runID < $1.runID }
            for (i, current) in runs.enumerated() where i > 0 && (runID == nil || current.runID == runID) {
                let earlier = runs[Swift.max(0, i - policy.trailingRuns)..<i]
                for metric in policy.metrics {
                    if let a = compare(metric: metric, current: current, baseline: [runs[i - 1]], kind: .previous, policy: policy) {
                        out.append(a)
                    }
                    if earlier.count >= 2,
                        let a = compare(metric: metric, current: current, baseline: Array(earlier), kind: .trailing, policy: policy)
                    {
                        out.append(a)
                    }
                }
            }
        }
        return out.sorted(by: Alert.stableOrder)
    }

    /// The alert for one comparison, or `nil` when the change is not both large and significant
    /// (or a sample is empty). `baseline` runs are pooled.
    public static func compare(
        metric: AlertMetric, current: RunSample, baseline: [RunSample], kind: Alert.Kind, policy: AlertPolicy = AlertPolicy()
    ) -> Alert? {
        guard !baseline.isEmpty else { return nil }
        let ids = baseline.map(\.runID)
        if let latency = metric.latency {
            let cur = current.latency[latency] ?? []
            let base = SortedMerge.merge(baseline.map { $0.latency[latency] ?? [] })
            guard !cur.isEmpty, !base.isEmpty else { return nil }
            let baseMedian = Percentile.ofSorted(base, 50), curMedian = Percentile.ofSorted(cur, 50)
            guard baseMedian > 0 else { return nil }
            let change = curMedian / baseMedian - 1
            // Cheap tests first: most comparisons stop here without a bootstrap.
            guard abs(change) > policy.threshold(for: metric) else { return nil }
            guard let test = MannWhitneyU(sortedX: cur, sortedY: base), test.pValue < policy.alpha else { return nil }
            let seed = StableSeed.of(["alert", current.providerSlug, current.runID, metric.rawValue, kind.rawValue] + ids)
            guard let ci = policy.bootstrap.relativeChangeInterval(sortedBaseline: base, sortedCurrent: cur, seed: seed),
                ci.excludesZero, ci.lower.isFinite, ci.upper.isFinite
            else { return nil }
            return Alert(
                providerSlug: current.providerSlug, metric: metric, runID: current.runID, baselineRunIDs: ids,
                baselineMedian: baseMedian, currentMedian: curMedian, relativeChange: change, pValue: test.pValue,
                ci: ci, direction: change > 0 ? .regression : .improvement, kind: kind)
        }
        let baseTotal = baseline.reduce(0) { $0 + $1.totalRequests }
        let baseFailed = baseline.reduce(0) { $0 + $1.failedRequests }
        guard baseTotal > 0, current.totalRequests > 0 else { return nil }
        let comparison = ProportionChange(
            failedBefore: baseFailed, totalBefore: baseTotal, failedAfter: current.failedRequests,
            totalAfter: current.totalRequests, level: policy.bootstrap.level)
        guard abs(comparison.difference) > policy.threshold(for: metric), comparison.pValue < policy.alpha,
            comparison.interval.excludesZero
        else { return nil }
        return Alert(
            providerSlug: current.providerSlug, metric: metric, runID: current.runID, baselineRunIDs: ids,
            baselineMedian: comparison.rateBefore, currentMedian: comparison.rateAfter,
            relativeChange: comparison.difference, pValue: comparison.pValue, ci: comparison.interval,
            direction: comparison.difference > 0 ? .regression : .improvement, kind: kind)
    }
}
