import Testing

@testable import Analysis

/// The radix sort must return exactly what the standard library's stable sort returns.
@Suite("Ascending sort of doubles")
struct AscendingSortTests {
    @Test("identical to sorted(), bit for bit", arguments: [0, 1, 63, 64, 65, 1_200, 5_000])
    func matchesStandardSort(count: Int) {
        var g = IntegerSelectionTests.TestStream(state: UInt64(count) &+ 3)
        for shape in 0..<5 {
            let values: [Double] = (0..<count).map { i in
                let r = g.next()
                switch shape {
                case 0: return Double(r % 10_000_000) / 1_000  // latencies in ms
                case 1: return Double(r % 7)  // heavy ties
                case 2: return r % 13 == 0 ? (r % 2 == 0 ? .infinity : -.infinity) : Double(Int64(r % 2_001) - 1_000) * 1e-3
                case 3: return i % 3 == 0 ? -0.0 : (i % 3 == 1 ? 0.0 : Double(r % 3) - 1)  // signed zeros keep input order
                default: return Double(bitPattern: r &* 0x9E37_79B9_7F4A_7C15 & 0x7FEF_FFFF_FFFF_FFFF) * (r % 2 == 0 ? 1 : -1)
                }
            }
            let expected = values.sorted()
            let got = values.sortedAscending()
            #expect(got.map(\.bitPattern) == expected.map(\.bitPattern), "n=\(count) shape \(shape)")
        }
    }
}
