import ResultFormat

/// Total tokens per second summed over all requests in flight (METRICS.md "total TPS").
///
/// Token arrivals of all the provider's requests (failed ones too: their tokens were served)
/// are pooled; a window of `window` µs is centred on sample points every `step` µs from the
/// first to the last arrival, both window edges inclusive like the seed's bisect code;
/// TPS(t) = tokens in window / window seconds. Integer microseconds keep the edges exact.
public struct PeakThroughput: Sendable, Equatable {
    public var windowMicros: Int64
    public var stepMicros: Int64
    /// TPS at each sample point.
    public var series: [Double]
    /// Time of the first sample, µs from run start.
    public var firstSampleMicros: Int64

    /// The maximum of `series` (0 when there were no tokens).
    public var peak: Double { series.max() ?? 0 }

    public init(requests: [RequestRecord], tokenCount: TokenCountMethod, windowSeconds: Double = 5, stepSeconds: Double = 1) {
        windowMicros = Int64((windowSeconds * 1_000_000).rounded())
        stepMicros = Int64((stepSeconds * 1_000_000).rounded())
        precondition(windowMicros > 0 && stepMicros > 0, "window and step must be positive")
        var total = 0
        for r in requests { total += r.chunkTimes.count }
        var times: [Int64] = []
        times.reserveCapacity(total)
        var weights: [Double]? = nil
        // Tokens per chunk: known per chunk, or spread evenly from the usage report, else 1.
        let needsWeights = requests.contains { r in
            r.chunkTokens != nil || (tokenCount == .usage && r.error == nil && !r.chunkTimes.isEmpty && r.outputTokens != r.chunkTimes.count)
        }
        if needsWeights {
            var w: [(Int64, Double)] = []
            w.reserveCapacity(total)
            for r in requests {
                if let tokens = r.chunkTokens {
                    for (t, n) in zip(r.chunkTimes, tokens) { w.append((t, Double(n))) }
                } else if tokenCount == .usage && r.error == nil && !r.chunkTimes.isEmpty {
                    let each = Double(r.outputTokens) / Double(r.chunkTimes.count)
                    for t in r.chunkTimes { w.append((t, each)) }
                } else {
                    for t in r.chunkTimes { w.append((t, 1)) }
                }
            }
            w.sort { $0.0 < $1.0 }
            times = w.map(\.0)
            weights = w.map(\.1)
        } else {
            for r in requests { times.append(contentsOf: r.chunkTimes) }
            times.sort()
        }
        guard let first = times.first, let last = times.last else {
            series = []
            firstSampleMicros = 0
            return
        }
        firstSampleMicros = first
        // Prefix sums of weights make each window an O(1) difference.
        var prefix: [Double]? = nil
        if let weights {
            var p = [Double](repeating: 0, count: weights.count + 1)
            for i in 0..<weights.count { p[i + 1] = p[i] + weights[i] }
            prefix = p
        }
        let samples = Int((last - first) / stepMicros) + 1
        var out = [Double](repeating: 0, count: samples)
        let window = windowMicros, step = stepMicros
        let half = window / 2
        let windowSecondsExact = Double(window) / 1_000_000
        var lo = 0, hi = 0  // lo: first index with t >= start; hi: first index with t > end
        times.withUnsafeBufferPointer { t in
            for k in 0..<samples {
                let centre = first + Int64(k) * step
                let start = centre - half, end = centre + (window - half)
                while lo < t.count && t[lo] < start { lo += 1 }
                while hi < t.count && t[hi] <= end { hi += 1 }
                let tokens = prefix.map { $0[hi] - $0[lo] } ?? Double(hi - lo)
                out[k] = tokens / windowSecondsExact
            }
        }
        series = out
    }
}
