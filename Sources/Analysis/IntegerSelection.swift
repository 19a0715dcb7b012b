/// Order statistics of a large sample of integers (microseconds) without sorting it.
///
/// A histogram pass over 4,096 buckets of the value range finds the bucket that holds each wanted
/// rank; the values of those few buckets are gathered and the search repeats inside them, each
/// level narrowing the range by 2^12, until a bucket is a single value or the rest is small enough
/// to sort. Every level is a sequential pass, so hundreds of thousands of values cost a few
/// milliseconds where quickselect on doubles cost tens.
public enum IntegerSelection {
    /// Below this many values a sort is cheaper than a histogram.
    static let sortThreshold = 2_048
    /// 4,096 counters fit in the first-level cache; each level narrows the range by 2^12.
    static let bucketBits = 12

    /// The values at the given 0-based ranks of `values` in ascending order. Ranks must be in
    /// `0..<values.count`.
    ///
    /// - Parameter bounds: the sample's minimum and maximum when the caller already knows them
    ///   (saves a pass).
    public static func orderStatistics<T: FixedWidthInteger & SignedInteger>(
        _ values: [T], ranks: Set<Int>, bounds: (min: Int64, max: Int64)? = nil
    ) -> [Int: Int64] {
        var out: [Int: Int64] = [:]
        guard !values.isEmpty, !ranks.isEmpty else { return out }
        precondition(ranks.allSatisfy { $0 >= 0 && $0 < values.count }, "rank out of range")
        values.withUnsafeBufferPointer {
            select(in: $0, ranks: ranks.sorted().map { ($0, $0) }, bounds: bounds, into: &out)
        }
        return out
    }

    /// `wanted`: (rank within `values`, rank in the caller's sample) pairs, ascending.
    private static func select<T: FixedWidthInteger & SignedInteger>(
        in values: UnsafeBufferPointer<T>, ranks wanted: [(Int, Int)], bounds: (min: Int64, max: Int64)? = nil,
        into out: inout [Int: Int64]
    ) {
        if values.count <= sortThreshold {
            let sorted = values.sorted()
            for (local, global) in wanted { out[global] = Int64(sorted[local]) }
            return
        }
        var lo = Int64.max, hi = Int64.min
        if let bounds {
            (lo, hi) = bounds
        } else {
            for v in values {
                if Int64(v) < lo { lo = Int64(v) }
                if Int64(v) > hi { hi = Int64(v) }
            }
        }
        if lo == hi {
            for (_, global) in wanted { out[global] = lo }
            return
        }
        // The span fits in UInt64 even for the extremes of Int64.
        let span = UInt64(bitPattern: hi &- lo)
        let shift = max(0, (64 - span.leadingZeroBitCount) - bucketBits)
        let bucketCount = Int(span >> UInt64(shift)) + 1
        var counts = [UInt32](repeating: 0, count: bucketCount)
        counts.withUnsafeMutableBufferPointer { c in
            for v in values { c[Int(UInt64(bitPattern: Int64(v) &- lo) >> UInt64(shift))] += 1 }
        }
        // Walk the cumulative counts once, assigning each wanted rank to its bucket.
        var byBucket: [(bucket: Int, first: Int, ranks: [(Int, Int)])] = []
        var k = 0, below = 0
        for b in 0..<bucketCount where counts[b] > 0 {
            var inBucket: [(Int, Int)] = []
            while k < wanted.count && wanted[k].0 < below + Int(counts[b]) {
                inBucket.append((wanted[k].0 - below, wanted[k].1))
                k += 1
            }
            if !inBucket.isEmpty { byBucket.append((b, below, inBucket)) }
            below += Int(counts[b])
            if k == wanted.count { break }
        }
        if shift == 0 {
            // Each bucket is one value.
            for entry in byBucket {
                for (_, global) in entry.ranks { out[global] = lo + Int64(entry.bucket) }
            }
            return
        }
        // Gather the values of the wanted buckets (at most one bucket per rank), then search inside.
        var slotOfBucket = [Int32](repeating: -1, count: bucketCount)
        for (i, entry) in byBucket.enumerated() { slotOfBucket[entry.bucket] = Int32(i) }
        let lowBucket = byBucket.first!.bucket, highBucket = byBucket.last!.bucket
        var gathered = byBucket.map { e -> [T] in
            var a: [T] = []
            a.reserveCapacity(Int(counts[e.bucket]))
            return a
        }
        for v in values {
            let b = Int(UInt64(bitPattern: Int64(v) &- lo) >> UInt64(shift))
            if b < lowBucket || b > highBucket { continue }
            let slot = slotOfBucket[b]
            if slot >= 0 { gathered[Int(slot)].append(v) }
        }
        for (i, entry) in byBucket.enumerated() {
            gathered[i].withUnsafeBufferPointer { select(in: $0, ranks: entry.ranks, into: &out) }
        }
    }
}
