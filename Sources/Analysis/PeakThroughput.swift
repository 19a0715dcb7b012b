import ResultFormat

/// Total tokens per second summed over all requests in flight (METRICS.md "total TPS").
///
/// Token arrivals of all the provider's requests (failed ones too: their tokens were served)
/// are pooled; a window of `window` µs is centred on sample points every `step` µs from the
/// first to the last arrival, both window edges inclusive like the seed's bisect code;
/// TPS(t) = tokens in window / window seconds.
///
/// Integer microseconds keep the edges exact, and make an O(n) computation possible without
/// sorting: a chunk at time t lies in the windows of exactly the samples k with
/// |first + k·step − t| ≤ window/2, a contiguous range of k, added with a difference array.
public struct PeakThroughput: Sendable, Equatable {
    public var windowMicros: Int64
    public var stepMicros: Int64
    /// TPS at each sample point.
    public var series: [Double]
    /// Time of the first sample (the first token arrival), µs from run start.
    public var firstSampleMicros: Int64

    /// The maximum of `series` (0 when there were no tokens).
    public var peak: Double { series.max() ?? 0 }

    public init(requests: [RequestRecord], tokenCount: TokenCountMethod, windowSeconds: Double = 5, stepSeconds: Double = 1) {
        let window = Int64((windowSeconds * 1_000_000).rounded())
        let step = Int64((stepSeconds * 1_000_000).rounded())
        precondition(window > 0 && step > 0, "window and step must be positive")
        windowMicros = window
        stepMicros = step
        var first = Int64.max, last = Int64.min
        for r in requests {
            if let a = r.chunkTimes.first, a < first { first = a }
            if let b = r.chunkTimes.last, b > last { last = b }
        }
        guard first <= last else {
            series = []
            firstSampleMicros = 0
            return
        }
        firstSampleMicros = first
        let samples = Int((last - first) / step) + 1
        // Window [c - lowHalf, c + highHalf] around each centre c (equal halves for even windows).
        let lowHalf = window / 2, highHalf = window - lowHalf
        var diff = [Double](repeating: 0, count: samples + 1)
        diff.withUnsafeMutableBufferPointer { d in
            for r in requests where !r.chunkTimes.isEmpty {
                // Tokens per chunk: known per chunk, or spread evenly from the usage report, else 1.
                let even: Double? =
                    (r.chunkTokens == nil && tokenCount == .usage && r.error == nil)
                    ? Double(r.outputTokens) / Double(r.chunkTimes.count) : nil
                for (i, t) in r.chunkTimes.enumerated() {
                    let w = r.chunkTokens.map { Double($0[i]) } ?? even ?? 1
                    // Samples k with t - highHalf <= first + k*step <= t + lowHalf.
                    let lo = Self.ceilDiv(t - highHalf - first, step)
                    let hi = Self.floorDiv(t + lowHalf - first, step)
                    let kLo = max(lo, 0), kHi = min(hi, Int64(samples - 1))
                    if kLo > kHi { continue }
                    d[Int(kLo)] += w
                    d[Int(kHi) + 1] -= w
                }
            }
        }
        var out = [Double](repeating: 0, count: samples)
        let seconds = Double(window) / 1_000_000
        var running = 0.0
        for k in 0..<samples {
            running += diff[k]
            out[k] = running / seconds
        }
        series = out
    }

    @inline(__always) static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    @inline(__always) static func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 {
        -floorDiv(-a, b)
    }
}
