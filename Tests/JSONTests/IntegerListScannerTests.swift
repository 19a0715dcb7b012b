import Randomness
import Testing

@testable import JSON

/// The vectorised integer-list path (`IntegerListScanner`, C target `CIntegerList`) against
/// values known from generation: every shape it takes, every shape it must leave to the scalar
/// parser, at every alignment of a 64-byte block.
@Suite struct IntegerListScannerTests {
    /// A value of `digits` digits (1...19), the first not zero unless the value is 0.
    static func value(digits: Int, _ g: inout SplitMix64) -> Int64 {
        if digits == 1 { return Int64(g.below(10)) }
        var v = Int64(1 + g.below(9))
        for _ in 1..<digits { v = v * 10 + Int64(g.below(10)) }
        return v
    }

    @Test func randomIntegerArraysParseToTheirValues() throws {
        var g = SplitMix64(seed: 42)
        for trial in 0..<600 {
            let count = 1 + g.below(trial < 300 ? 40 : 400)
            var values: [Int64] = []
            var text = String(repeating: " ", count: g.below(70)) + "{\"d\":["
            for i in 0..<count {
                // Mostly the delta shape; sometimes long, negative or spaced.
                let r = g.below(100)
                var v = Self.value(digits: r < 85 ? 1 + g.below(7) : 8 + g.below(11), &g)
                if r >= 95 { v = -v }
                values.append(v)
                text += String(v)
                if i + 1 < count {
                    text += g.below(50) == 0 ? " ," : ","
                    if g.below(50) == 0 { text += ["\n", " ", "\t", "\r\n "][g.below(4)] }
                }
            }
            text += "]}"
            let parsed = try JSONParser.parse(Array(text.utf8))
            #expect(parsed == .object(["d": .intArray(values)]), "trial \(trial): \(text.prefix(200))")
        }
    }

    @Test func invalidNumbersAreStillRejectedAtEveryPosition() {
        var g = SplitMix64(seed: 7)
        for trial in 0..<300 {
            let count = 20 + g.below(100)
            let bad = g.below(count)
            var parts = (0..<count).map { _ in String(Self.value(digits: 1 + g.below(7), &g)) }
            let defect = ["01", "007", "1,,2", "1.", "--1", "1x", "+1", "0x10", "١"][trial % 9]
            parts[bad] = defect
            let text = String(repeating: " ", count: g.below(64)) + "[" + parts.joined(separator: ",") + "]"
            #expect(throws: JSONSyntaxError.self, "trial \(trial): \(defect) at \(bad)") {
                try JSONParser.parse(Array(text.utf8))
            }
        }
    }

    @Test func nonIntegersInTheMiddleMakeAGeneralArray() throws {
        for position in 0..<40 {
            var values: [JSONValue] = (0..<40).map { .int(Int64(100 + $0)) }
            values[position] = .double(1.5)
            let text = "[" + values.map { $0 == .double(1.5) ? "1.5" : String(100 + values.firstIndex(of: $0)!) }.joined(separator: ",") + "]"
            #expect(try JSONParser.parse(Array(text.utf8)) == .array(values), "1.5 at \(position)")
        }
    }

    @Test func theScannerTakesOnlyCommaTerminatedPlainNumbers() throws {
        guard IntegerListScanner.isAvailable else { return }  // the scalar path is tested above
        let text = "{\"chunk_deltas_us\":[" + (1...30).map(String.init).joined(separator: ",") + ", 31,0012,5]" + String(repeating: " ", count: 64)
        let bytes = Array(text.utf8)
        var out = [Int64](repeating: -1, count: 64)
        let (n, stop) = bytes.withUnsafeBufferPointer { b in
            out.withUnsafeMutableBufferPointer { IntegerListScanner.scan(b, from: 20, into: $0.baseAddress!) }
        }
        #expect(Array(out[..<n]) == (1...30).map(Int64.init))
        #expect(bytes[stop] == UInt8(ascii: " "), "stops at the space before 31")
        #expect(out[n] == -1, "writes nothing beyond what it reports")
    }
}

/// Test draws on the project's seeded generator, so a failure can be replayed.
extension SplitMix64 {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
