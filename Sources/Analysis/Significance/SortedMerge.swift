/// Merging of ascending arrays (pooling runs' sorted samples without sorting again).
enum SortedMerge {
    /// One ascending array holding every value of the ascending `parts`.
    static func merge(_ parts: [[Double]]) -> [Double] {
        guard parts.count > 1 else { return parts.first ?? [] }
        var merged = parts[0]
        for part in parts.dropFirst() { merged = mergeTwo(merged, part) }
        return merged
    }

    static func mergeTwo(_ a: [Double], _ b: [Double]) -> [Double] {
        [Double](unsafeUninitializedCapacity: a.count + b.count) { out, count in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    var i = 0, j = 0, k = 0
                    while i < pa.count && j < pb.count {
                        if pb[j] < pa[i] { out[k] = pb[j]; j += 1 } else { out[k] = pa[i]; i += 1 }
                        k += 1
                    }
                    while i < pa.count { out[k] = pa[i]; i += 1; k += 1 }
                    while j < pb.count { out[k] = pb[j]; j += 1; k += 1 }
                    count = k
                }
            }
        }
    }
}
