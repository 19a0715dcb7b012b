import Testing

@testable import Analysis

/// Percentiles by selection must be the very numbers the sorted form gives.
@Suite("Percentiles by selection")
struct PercentileSelectionTests {
    @Test(
        "equal to percentiles of the sorted values",
        arguments: [1, 2, 3, 4, 10, 41, 2_000, 2_001])
    func matchesSorted(count: Int) {
        var g = IntegerSelectionTests.TestStream(state: UInt64(count))
        for shape in 0..<3 {
            let values: [Double] = (0..<count).map { _ in
                switch shape {
                case 0: return Double(g.next() % 1_000_000) / 997
                case 1: return Double(g.next() % 5)  // many ties
                default: return g.next() % 10 == 0 ? .infinity : -Double(g.next() % 100)
                }
            }
            let sorted = values.sorted()
            for ps in [[2.5, 97.5], [0, 100], [50], [25, 50, 75], [5, 25, 50, 75, 95, 99], [49.9, 50.1]] {
                var scratch = values
                let got = scratch.withUnsafeMutableBufferPointer { Percentile.ofUnsorted($0, ps) }
                let expected = ps.map { Percentile.ofSorted(sorted, $0) }
                // (inf - inf interpolates to NaN in both forms.)
                let same = got.count == expected.count && zip(got, expected).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
                #expect(same, "n=\(count) shape \(shape) ps \(ps): \(got) vs \(expected)")
                #expect(scratch.sorted() == sorted, "reordered, not changed")
            }
        }
    }
}
