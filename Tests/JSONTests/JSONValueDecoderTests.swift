import Foundation
import Testing

@testable import JSON

@Suite("Fast Decodable through JSONParser")
struct JSONValueDecoderTests {
    struct Inner: Codable, Equatable {
        var value: Double
        var label: String?
        var flags: [Bool]
    }

    struct Sample: Codable, Equatable {
        var name: String
        var count: Int
        var seed: UInt64
        var small: Int8
        var ratio: Double
        var whole: Double
        var huge: Double
        var tiny: Float
        var missing: String?
        var present: String?
        var list: [Int64]
        var nested: [Inner]
        var byKey: [String: Inner]
        var matrix: [[Int]]
        var empty: [String]
    }

    static let sample = Sample(
        name: "a \"quoted\" name / é 😀", count: -42, seed: 18_446_744_073_709_551_615, small: -8, ratio: 0.1 + 0.2,
        whole: 12, huge: 1e300, tiny: 1.5, missing: nil, present: "here", list: [1, -2, Int64.max, Int64.min],
        nested: [Inner(value: 2.5, label: nil, flags: [true, false]), Inner(value: -0.0, label: "x", flags: [])],
        byKey: ["b": Inner(value: 1, label: "1", flags: [true]), "a": Inner(value: 5e-324, label: nil, flags: [])],
        matrix: [[1, 2], [], [3]], empty: [])

    @Test("decodes what JSONEncoder wrote exactly as JSONDecoder does")
    func matchesFoundation() throws {
        for formatting in [JSONEncoder.OutputFormatting.sortedKeys, [.prettyPrinted, .withoutEscapingSlashes]] {
            let e = JSONEncoder()
            e.outputFormatting = formatting
            let bytes = [UInt8](try e.encode(Self.sample))
            let fast = try JSONValueDecoder.decode(Sample.self, from: bytes)
            let foundation = try JSONDecoder().decode(Sample.self, from: Data(bytes))
            #expect(fast == foundation)
            #expect(fast == Self.sample)
            #expect(fast.whole.bitPattern == Self.sample.whole.bitPattern)
        }
    }

    @Test("the fast path reports wrong types and missing keys")
    func fastPathErrors() throws {
        func value(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder.decode(Inner.self, from: try value(#"{"value": "1", "flags": []}"#)) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder.decode(Inner.self, from: try value(#"{"flags": []}"#)) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder.decode(Int8.self, from: try value("300")) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder.decode([Int].self, from: try value("[1, 2.5]")) }
        #expect(try JSONValueDecoder.decode(Inner.self, from: try value(#"{"value": 3, "flags": [true], "extra": 1}"#))
            == Inner(value: 3, label: nil, flags: [true]))
    }

    @Test("invalid JSON is still an error")
    func invalid() {
        #expect(throws: (any Error).self) { try JSONValueDecoder.decode(Sample.self, from: Array("{\"name\":".utf8)) }
    }
}
