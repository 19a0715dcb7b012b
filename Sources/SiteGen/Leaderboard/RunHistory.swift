import Analysis
import ResultFormat

/// Alerts of the latest run against the earlier comparable runs of each provider.
public enum RunHistory {
    /// Alerts whose run is `latest`, comparing it with the previous comparable run and the pooled
    /// trailing window (`policy.trailingRuns` runs) of the same provider and workload.
    ///
    /// Only the runs the policy can look at are turned into samples, so the cost does not grow
    /// with the length of the history.
    public static func alerts(latest: LoadedRun, earlier: [LoadedRun], policy: AlertPolicy = AlertPolicy()) -> [Alert] {
        let wanted = Set(latest.files.map { $0.provider.slug + "\u{1F}" + $0.workload.fingerprint })
        var picked: [String: Int] = [:]
        var files: [ResultFile] = latest.files
        for run in earlier.sorted(by: { $0.id > $1.id }) {
            for f in run.files {
                let key = f.provider.slug + "\u{1F}" + f.workload.fingerprint
                guard wanted.contains(key), picked[key, default: 0] < policy.trailingRuns else { continue }
                picked[key, default: 0] += 1
                files.append(f)
            }
        }
        let samples = ParallelMap.map(files) { RunSample(file: $0) }
        return ChangeDetector.alerts(in: samples, policy: policy, onlyRun: latest.id)
    }
}
