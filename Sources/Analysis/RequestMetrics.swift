import ResultFormat

/// The latency metrics of docs/metrics.md, derived from one provider's request records.
///
/// Latency figures use successful requests only; every array is in request order.
public struct RequestMetrics: Sendable {
    /// `first_token - sent`, seconds.
    public var ttft: [Double] = []
    /// `first_visible_token - sent`, seconds, for requests whose visible answer came after reasoning.
    public var ttftVisible: [Double] = []
    /// `(end - sent) / output_tokens`, milliseconds (the original Python pipeline's TPOT).
    public var tpot: [Double] = []
    /// `(end - first_token) / (output_tokens - 1)`, milliseconds, requests with 2+ tokens.
    public var itl: [Double] = []
    /// `end - sent`, seconds.
    public var e2e: [Double] = []
    /// `sent - scheduled`, milliseconds, every request (a property of the client, not the provider).
    public var launchLag: [Double] = []
    /// Output tokens of each successful request.
    public var outputTokens: [Double] = []

    public init(requests: [RequestRecord]) {
        ttft.reserveCapacity(requests.count)
        tpot.reserveCapacity(requests.count)
        itl.reserveCapacity(requests.count)
        e2e.reserveCapacity(requests.count)
        launchLag.reserveCapacity(requests.count)
        for r in requests {
            launchLag.append(Double(r.sent - r.scheduled) / 1_000)
            guard r.error == nil, let first = r.firstToken, r.outputTokens > 0 else { continue }
            let sentToEnd = Double(r.end - r.sent)
            ttft.append(Double(first - r.sent) / 1_000_000)
            if let visible = r.firstVisibleToken, visible != first {
                ttftVisible.append(Double(visible - r.sent) / 1_000_000)
            }
            tpot.append(sentToEnd / Double(r.outputTokens) / 1_000)
            if r.outputTokens >= 2 {
                itl.append(Double(r.end - first) / Double(r.outputTokens - 1) / 1_000)
            }
            e2e.append(sentToEnd / 1_000_000)
            outputTokens.append(Double(r.outputTokens))
        }
    }

    /// Gaps between consecutive token-bearing events, pooled over successful requests, in ms.
    public static func interChunkGaps(_ requests: [RequestRecord]) -> [Double] {
        var gaps: [Double] = []
        for r in requests where r.error == nil && r.chunkTimes.count > 1 {
            var previous = r.chunkTimes[0]
            for t in r.chunkTimes.dropFirst() {
                gaps.append(Double(t - previous) / 1_000)
                previous = t
            }
        }
        return gaps
    }
}
