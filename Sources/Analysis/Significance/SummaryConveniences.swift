import Randomness
/// Shortcuts from the leaderboard's per-provider summaries to the significance API.
extension ProviderSample {
    /// `metric`'s values of one provider in one run.
    public init(summary: ProviderRunSummary, metric: LatencyMetric) {
        self.init(
            slug: summary.provider.slug, name: summary.provider.name, values: metric.values(summary.metrics),
            succeeded: summary.succeeded, total: summary.totalRequests)
    }
}

extension PeakThroughputDecision.Entry {
    /// The total-TPS series of one provider in one run.
    public init(summary: ProviderRunSummary) {
        self.init(
            slug: summary.provider.slug, name: summary.provider.name, series: summary.throughput.series,
            succeeded: summary.succeeded, total: summary.totalRequests)
    }
}

extension MedianBootstrap {
    /// The interval of the median of `metric` for one provider in one run, seeded from the
    /// provider slug, run id and metric so that every `sitegen` run prints the same interval.
    /// `nil` when the provider has no value of the metric.
    public func medianInterval(of metric: LatencyMetric, in summary: ProviderRunSummary) -> ConfidenceInterval? {
        medianInterval(
            metric.values(summary.metrics), seed: StableSeed.of([summary.provider.slug, summary.runID, metric.rawValue]))
    }
}
