import ResultFormat

/// Total tokens per second summed over all requests in flight (docs/metrics.md, "Peak total TPS").
///
/// Token arrivals of all the provider's requests (failed ones too: their tokens were served)
/// are pooled; a window of `window` µs is centred on sample points every `step` µs from the
/// first to the last arrival, both window edges inclusive like the original Python pipeline's bisect code;
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
        self.init(requests: requests, tokenCount: tokenCount, windowSeconds: windowSeconds, stepSeconds: stepSeconds) { _ in }
    }

    /// Also hands each request with chunks to `visit` right after its chunks were walked, while
    /// they are still in cache (`ProviderRunSummary` counts their gaps there).
    ///
    /// One long function on purpose: it is the per-chunk loop of every site generation, and its
    /// window edges live in local variables that the compiler keeps in registers.
    init(
        requests: [RequestRecord], tokenCount: TokenCountMethod, windowSeconds: Double, stepSeconds: Double,
        visiting visit: (RequestRecord) -> Void
    ) {
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
        let divider = ExactDivider(step)
        let lastSample = Int64(samples - 1)
        // Beyond this jump between two chunks the edges are recomputed by division, not walked.
        let jumpLimit = 16 * step
        diff.withUnsafeMutableBufferPointer { d in
            for r in requests where !r.chunkTimes.isEmpty {
                // Tokens per chunk: known per chunk, or spread evenly from the usage report, else 1.
                let even: Double? =
                    (r.chunkTokens == nil && tokenCount == .usage && r.error == nil)
                    ? Double(r.outputTokens) / Double(r.chunkTimes.count) : nil
                // Chunk weights are whole tokens (or 1 per event), counted as integers and scaled
                // by the even share (1 unless spread from the usage report) when an edge is written.
                let unit = even ?? 1
                let hasWeights = r.chunkTokens != nil
                let weights = r.chunkTokens ?? []
                r.chunkTimes.withUnsafeBufferPointer { times in
                    // Sample indices of the window edges only grow while the times do, so they are
                    // advanced against precomputed limits instead of divided out, and each edge's
                    // weight is accumulated in a register until the edge moves.
                    var lo: Int64 = 0, hi: Int64 = 0
                    var loLimit = Int64.min, hiLimit = Int64.min
                    var previous = Int64.max
                    var addAt = -1, addCount = 0, subtractAt = -1, subtractCount = 0
                    let count = times.count
                    var i = 0
                    while i < count {
                        let t = times[i]
                        // Samples k with t - highHalf <= first + k*step <= t + lowHalf, i.e.
                        // lo = first k with t <= first + k*step + highHalf (loLimit),
                        // hi = last k with first + k*step - lowHalf <= t (hiLimit is hi + 1's bound).
                        if t < previous || t &- previous > jumpLimit {
                            lo = divider.ceil(t - highHalf - first)
                            hi = divider.floor(t + lowHalf - first)
                            loLimit = first + lo * step + highHalf
                            hiLimit = first + (hi + 1) * step - lowHalf
                        } else {
                            while t > loLimit {
                                lo &+= 1
                                loLimit &+= step
                            }
                            while t >= hiLimit {
                                hi &+= 1
                                hiLimit &+= step
                            }
                        }
                        // The chunks after this one that move neither edge (not going back, and
                        // at or below both limits, so less than a step later) fall in exactly
                        // the same windows: one scan takes them all, without edge arithmetic.
                        let bound = min(loLimit, hiLimit - 1)
                        var j = i + 1
                        var w: Int
                        if hasWeights {
                            w = weights[i]
                            while j < count, times[j] <= bound, times[j] >= times[j &- 1] {
                                w &+= weights[j]
                                j &+= 1
                            }
                        } else {
                            while j < count, times[j] <= bound, times[j] >= times[j &- 1] { j &+= 1 }
                            w = j - i
                        }
                        previous = times[j - 1]
                        i = j
                        let kLo = max(lo, 0), kHi = min(hi, lastSample)
                        if kLo > kHi { continue }
                        let a = Int(kLo), b = Int(kHi) + 1
                        if a != addAt {
                            if addAt >= 0 { d[addAt] += Double(addCount) * unit }
                            addAt = a
                            addCount = 0
                        }
                        addCount &+= w
                        if b != subtractAt {
                            if subtractAt >= 0 { d[subtractAt] -= Double(subtractCount) * unit }
                            subtractAt = b
                            subtractCount = 0
                        }
                        subtractCount &+= w
                    }
                    if addAt >= 0 { d[addAt] += Double(addCount) * unit }
                    if subtractAt >= 0 { d[subtractAt] -= Double(subtractCount) * unit }
                }
                visit(r)
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
}

/// Floor and ceiling division of integers by one positive divisor, by a floating-point estimate
/// corrected to the exact integer result: two hardware integer divisions per token arrival
/// were the largest part of the peak-TPS computation.
struct ExactDivider {
    let divisor: Int64
    let reciprocal: Double

    init(_ divisor: Int64) {
        precondition(divisor > 0)
        self.divisor = divisor
        reciprocal = 1 / Double(divisor)
    }

    /// ⌊a / divisor⌋, exact for every Int64 whose quotient fits a Double's integer range.
    @inline(__always) func floor(_ a: Int64) -> Int64 {
        // Truncation (not floor) is cheap; the corrections below make it exact either way.
        var q = Int64(Double(a) * reciprocal)
        while q &* divisor > a { q -= 1 }
        while (q &+ 1) &* divisor <= a { q += 1 }
        return q
    }

    /// ⌈a / divisor⌉.
    @inline(__always) func ceil(_ a: Int64) -> Int64 { -floor(-a) }
}
