import Analysis
import Foundation

/// `Summary` of a large sample without sorting it: the order statistics that type-7 percentiles
/// need are found by quickselect, each search narrowed to the part right of the previous rank.
///
/// Used for the pooled inter-chunk gaps (hundreds of thousands of values per provider per run),
/// where a full sort would dominate the cost of a run. Gives the same figures as `Summary(_:)`.
enum SelectionSummary {
    static let percentiles: [Double] = [50, 5, 25, 75, 95, 99]

    /// Reorders `values` in place.
    static func summary(_ values: inout [Double]) -> Summary? {
        let n = values.count
        guard n > 0 else { return nil }
        if n < 4096 { return Summary(values) }
        var sum = 0.0, compensation = 0.0, lo = Double.infinity, hi = -Double.infinity
        for v in values {
            let t = sum + v
            compensation += abs(sum) >= abs(v) ? (sum - t) + v : (v - t) + sum
            sum = t
            if v < lo { lo = v }
            if v > hi { hi = v }
        }
        // Ranks needed: floor(h) by quickselect, and floor(h)+1 as the minimum of what lies right
        // of it (quickselect leaves only values >= buf[r] there).
        var ranks = Set<Int>()
        for p in percentiles { ranks.insert(Int((Double(n - 1) * p / 100).rounded(.down))) }
        var order: [Int: Double] = [:]
        values.withUnsafeMutableBufferPointer { buf in
            var left = 0
            for r in ranks.sorted() {
                if order[r] == nil {
                    select(buf, r, from: left, to: n - 1)
                    order[r] = buf[r]
                }
                if r + 1 < n && order[r + 1] == nil {
                    var m = Double.infinity
                    for k in (r + 1)..<n where buf[k] < m { m = buf[k] }
                    order[r + 1] = m
                }
                left = r
            }
        }
        func percentile(_ p: Double) -> Double {
            let h = Double(n - 1) * p / 100
            let r = Int(h.rounded(.down))
            let frac = h - Double(r)
            let a = order[r]!, b = order[min(r + 1, n - 1)]!
            return frac == 0 ? a : a + (b - a) * frac
        }
        return SummaryFields(
            count: n, mean: (sum + compensation) / Double(n), min: lo, max: hi, median: percentile(50),
            p5: percentile(5), p25: percentile(25), p75: percentile(75), p95: percentile(95), p99: percentile(99)
        ).summary
    }

    /// Hoare-style quickselect: afterwards `buf[k]` holds the k-th smallest of `buf[lo...hi]`,
    /// with smaller-or-equal values left of it and greater-or-equal right of it.
    private static func select(_ buf: UnsafeMutableBufferPointer<Double>, _ k: Int, from lo0: Int, to hi0: Int) {
        var lo = lo0, hi = hi0
        while hi > lo {
            // Median of three as pivot (deterministic).
            let mid = lo + (hi - lo) / 2
            let a = buf[lo], b = buf[mid], c = buf[hi]
            let pivot = max(min(a, b), min(max(a, b), c))
            var i = lo, j = hi
            while i <= j {
                while buf[i] < pivot { i += 1 }
                while buf[j] > pivot { j -= 1 }
                if i <= j {
                    buf.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }
}

/// `Summary` has no public memberwise initializer; it is `Codable`, so its fields are filled
/// through its own decoder (no behaviour of `Summary` is bypassed).
struct SummaryFields: Codable {
    var count: Int
    var mean, min, max, median, p5, p25, p75, p95, p99: Double

    var summary: Summary? {
        guard let data = try? JSONEncoder().encode(self) else { return nil }
        return try? JSONDecoder().decode(Summary.self, from: data)
    }
}
