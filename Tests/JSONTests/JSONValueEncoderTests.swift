import Foundation
import Testing

@testable import JSON

@Suite("Fast Encodable to sorted JSON")
struct JSONValueEncoderTests {
    typealias Sample = JSONValueDecoderTests.Sample

    @Test("round-trips through both decoders, compact and indented", arguments: [false, true])
    func roundTrip(pretty: Bool) throws {
        var sample = JSONValueDecoderTests.sample
        sample.seed = 1234  // representable: the fast path itself is tested (UInt64.max falls back below)
        _ = try JSONValueEncoder.tree(of: sample)
        let bytes = try JSONValueEncoder.encode(sample, pretty: pretty)
        #expect(try JSONDecoder().decode(Sample.self, from: Data(bytes)) == sample)
        #expect(try JSONValueDecoder.decode(Sample.self, from: bytes) == sample)
        #expect(try JSONValueEncoder.encode(sample, pretty: pretty) == bytes, "deterministic")
    }

    @Test("keys sorted, nil optionals omitted, indentation of two spaces")
    func layout() throws {
        let value = JSONValueDecoderTests.Inner(value: 1.5, label: nil, flags: [true])
        #expect(String(decoding: try JSONValueEncoder.encode(value), as: UTF8.self) == #"{"flags":[true],"value":1.5}"#)
        #expect(String(decoding: try JSONValueEncoder.encode(value, pretty: true), as: UTF8.self)
            == "{\n  \"flags\" : [\n    true\n  ],\n  \"value\" : 1.5\n}")
        #expect(String(decoding: try JSONValueEncoder.encode([String](), pretty: true), as: UTF8.self) == "[]")
        #expect(String(decoding: try JSONValueEncoder.encode(["a/b": "x\"y\n"]), as: UTF8.self) == #"{"a/b":"x\"y\n"}"#)
    }

    @Test("values it cannot represent fall back to JSONEncoder or fail like it")
    func fallback() throws {
        struct Big: Codable, Equatable { var n: UInt64 }
        let bytes = try JSONValueEncoder.encode(Big(n: .max))
        #expect(try JSONDecoder().decode(Big.self, from: Data(bytes)) == Big(n: .max))
        #expect(throws: (any Error).self) { try JSONValueEncoder.encode([Double.nan]) }
    }
}
