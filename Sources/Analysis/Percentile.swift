/// Percentiles by linear interpolation between closest ranks (Hyndman–Fan type 7), the default
/// of numpy and R, so every figure can be checked against them.
public enum Percentile {
    /// The `p`-th percentile (0...100) of `sorted`, which must be ascending and non-empty.
    @inlinable
    public static func ofSorted(_ sorted: UnsafeBufferPointer<Double>, _ p: Double) -> Double {
        precondition(!sorted.isEmpty, "percentile of an empty sample")
        let h = Double(sorted.count - 1) * p / 100
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        let frac = h - Double(lo)
        // numpy's form: a + (b - a) * frac, computed to be exact when a == b.
        let a = sorted[lo], b = sorted[hi]
        return frac == 0 ? a : a + (b - a) * frac
    }

    /// The `p`-th percentile (0...100) of `sorted`, which must be ascending and non-empty.
    public static func ofSorted(_ sorted: [Double], _ p: Double) -> Double {
        sorted.withUnsafeBufferPointer { ofSorted($0, p) }
    }

    /// The `ps`-th percentiles (ascending, 0...100) of `values`, equal to `ofSorted` of the sorted
    /// values, found by quickselect of the order statistics they interpolate (O(n), no sort).
    /// Reorders `values`; they must not contain NaN.
    ///
    /// The bootstrap's intervals need two percentiles of 2,000 replicates, thousands of times per
    /// site generation: sorting the replicates was a few percent of the whole run.
    public static func ofUnsorted(_ values: UnsafeMutableBufferPointer<Double>, _ ps: [Double]) -> [Double] {
        precondition(!values.isEmpty, "percentile of an empty sample")
        let n = values.count
        let ranks = ps.map { p -> (lo: Int, hi: Int, frac: Double) in
            let h = Double(n - 1) * p / 100
            let lo = Int(h.rounded(.down))
            return (lo, min(lo + 1, n - 1), h - Double(lo))
        }
        // Selection needs each pair of ranks above the previous pair; a tiny sample may not have that.
        if zip(ranks, ranks.dropFirst()).contains(where: { $1.lo < $0.hi }) {
            var all = values
            all.sort()
            return ps.map { ofSorted(UnsafeBufferPointer(all), $0) }
        }
        var settled = 0  // values[..<settled] are the smallest, in order up to the last rank found
        var out: [Double] = []
        for (lo, hi, frac) in ranks {
            if lo >= settled { select(values, rank: lo, from: settled) }
            // Everything after `lo` is at least values[lo]: the next order statistic is their minimum.
            var next = values[hi]
            if hi > lo {
                var at = hi
                for i in (hi + 1)..<max(hi + 1, n) where values[i] < next { next = values[i]; at = i }
                values.swapAt(hi, at)
            }
            settled = hi + 1
            let a = values[lo], b = next
            out.append(frac == 0 ? a : a + (b - a) * frac)
        }
        return out
    }

    /// Quickselect: afterwards `v[rank]` holds the value of that rank within `v[from...]`, with no
    /// larger value before it and no smaller one after it.
    private static func select(_ v: UnsafeMutableBufferPointer<Double>, rank k: Int, from: Int) {
        var lo = from, hi = v.count - 1
        while hi > lo {
            let mid = lo + (hi - lo) / 2
            if v[mid] < v[lo] { v.swapAt(mid, lo) }
            if v[hi] < v[lo] { v.swapAt(hi, lo) }
            if v[hi] < v[mid] { v.swapAt(hi, mid) }
            let pivot = v[mid]
            var i = lo, j = hi
            while i <= j {
                while v[i] < pivot { i += 1 }
                while pivot < v[j] { j -= 1 }
                if i <= j {
                    v.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                hi = j
            } else if k >= i {
                lo = i
            } else {
                return
            }
        }
    }

    /// The `p`-th percentile of unsorted values (sorts a copy).
    public static func of(_ values: [Double], _ p: Double) -> Double {
        ofSorted(values.sortedAscending(), p)
    }
}
