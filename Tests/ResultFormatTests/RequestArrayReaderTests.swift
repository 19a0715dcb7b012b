import JSON
import Foundation
import Randomness
import Testing

@testable import ResultFormat

/// `RequestArrayReader` is only a faster way to the same result: on every document, valid or
/// not, decoding with it must give exactly what decoding through the `JSONValue` tree gives (the
/// same file, or the same error naming the same field, line and column).
@Suite("Reading request records directly")
struct RequestArrayReaderTests {
    static func outcome(_ text: String, direct: Bool) -> Result<ResultFile, ResultFileError> {
        Result { () throws(ResultFileError) in
            try ResultFileDecoder.decode(Array(text.utf8), path: "results/r1/p.json", readingRequestsDirectly: direct)
        }
    }

    static func expectSame(_ text: String, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let direct = outcome(text, direct: true), reference = outcome(text, direct: false)
        #expect(direct == reference, "\(label)", sourceLocation: sourceLocation)
    }

    static let record =
        #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null, "chunks": [100,50,60]}"#

    /// Variations of one request record, each either valid or wrong in one way.
    static let records: [(String, String)] = [
        ("canonical", record),
        ("keys reordered", #"{"chunks": [100,50,60], "error": null, "output_tokens": 3, "end": 400, "first_token": 120, "sent": 20, "scheduled": 10, "id": 7}"#),
        ("whitespace everywhere", "{ \"id\" :7 ,\n\t\"scheduled\":10,\"sent\":\r\n20,\"first_token\": 120 ,\"end\":400,\"output_tokens\":3,\"error\":null,\"chunks\":[ 100 , 50,\n60 ] }"),
        ("unknown keys", #"{"id": 7, "x": {"a": [1, "b", null]}, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null, "chunks": [100,50,60], "y": 1.5}"#),
        ("duplicate key", #"{"id": 7, "id": 8, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null, "chunks": [100,50,60]}"#),
        ("escaped key", #"{"\u0069d": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null, "chunks": [100,50,60]}"#),
        ("missing id", #"{"scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null, "chunks": [100,50,60]}"#),
        ("missing error", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "chunks": [100,50,60]}"#),
        ("missing chunks", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null}"#),
        ("fractional time", #"{"id": 7, "scheduled": 10.5, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null, "chunks": [100,50,60]}"#),
        ("negative time", #"{"id": 7, "scheduled": -10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null, "chunks": [100,50,60]}"#),
        ("string id", #"{"id": "7", "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null, "chunks": [100,50,60]}"#),
        ("end before sent", #"{"id": 7, "scheduled": 10, "sent": 500, "first_token": 520, "end": 400, "output_tokens": 3, "error": null, "chunks": [20]}"#),
        ("first token after end", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 420, "end": 400, "output_tokens": 3, "error": null, "chunks": [100,50,60]}"#),
        ("negative delta", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null, "chunks": [100,-50,60]}"#),
        ("overflowing delta", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null, "chunks": [100,9223372036854775800,60]}"#),
        ("chunk after end", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 200, "output_tokens": 3, "error": null, "chunks": [100,50,60]}"#),
        ("fractional delta", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null, "chunks": [100,5e1,60]}"#),
        ("leading zero delta", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null, "chunks": [100,050,60]}"#),
        ("chunk tokens", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 5, "error": null, "chunks": [100,50,60], "chunk_tokens": [1,2,2]}"#),
        ("chunk tokens miscounted", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 5, "error": null, "chunks": [100,50,60], "chunk_tokens": [1,2]}"#),
        ("empty chunk tokens", #"{"id": 7, "scheduled": 10, "sent": 20, "end": 400, "output_tokens": 0, "error": {"kind": "timeout", "message": "t"}, "chunks": [], "chunk_tokens": []}"#),
        ("failure", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": null, "end": 400, "output_tokens": 0, "error": {"kind": "rate_limited", "status": 429, "message": "HTTP 429", "retry_after_s": 2.5}, "chunks": []}"#),
        ("unknown failure kind", #"{"id": 7, "scheduled": 10, "sent": 20, "end": 400, "output_tokens": 0, "error": {"kind": "gremlins", "message": "?"}, "chunks": []}"#),
        ("success without tokens", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 0, "error": null, "chunks": [100]}"#),
        ("success without first token", #"{"id": 7, "scheduled": 10, "sent": 20, "end": 400, "output_tokens": 3, "error": null, "chunks": [100,50,60]}"#),
        ("first visible token", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "first_visible_token": 170, "end": 400, "output_tokens": 3, "error": null, "chunks": [100,50,60]}"#),
        ("long deltas", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 123456789020, "end": 999999999999999, "output_tokens": 3, "error": null, "chunks": [123456789000,12345678901234,1]}"#),
        ("compact chunks", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null, "chunks": "ABkAAyAA8"}"#),
        ("compact chunks before sent", #"{"id": 7, "chunks": "ABkAAyAA8", "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null}"#),
        ("compact chunks with an escape", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null, "chunks": "\u0041BkAAyAA8"}"#),
        ("compact chunks not base64", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null, "chunks": "ABk#AyAA8"}"#),
        ("compact chunk after end", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 200, "output_tokens": 3, "error": null, "chunks": "ABkAAyAA8"}"#),
        ("compact negative delta", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 25, "end": 400, "output_tokens": 2, "error": null, "chunks": "AAF~P//////////"}"#),
        ("compact truncated", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 2, "error": null, "chunks": "ABkAA"}"#),
        ("compact empty", #"{"id": 7, "scheduled": 10, "sent": 20, "end": 400, "output_tokens": 0, "error": {"kind": "timeout", "message": "t"}, "chunks": ""}"#),
        ("compact with chunk tokens", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 5, "error": null, "chunks": "ABkAAyAA8", "chunk_tokens": [1,2,2]}"#),
        ("compact misplaced escape", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null, "chunks": "ABkAAyAA8AA~"}"#),
        ("compact unterminated", #"{"id": 7, "scheduled": 10, "sent": 20, "first_token": 120, "end": 400, "output_tokens": 3, "error": null, "chunks": "ABkAAyAA8"#),
        ("not an object", "[1, 2]"),
        ("empty object", "{}"),
    ]

    static func document(_ requests: String) -> String {
        let text = try! String(contentsOf: Bundle.module.url(forResource: "valid", withExtension: "json", subdirectory: "Fixtures")!, encoding: .utf8)
        let start = text.range(of: "\"requests\": [")!.lowerBound
        return String(text[..<start]) + "\"requests\": " + requests + "\n}\n"
    }

    /// The point of format 2's text is speed: the encoder's output must take the fast path, not
    /// fall back to the tree (which would give the same records, slowly).
    @Test("format 2 records are read by the fast path")
    func compactRecordsTakeTheFastPath() throws {
        var file = try decode(try fixtureText("valid.json"))
        file.schemaVersion = ResultFile.currentSchemaVersion
        let bytes = ResultFileEncoder.encode(file)
        let decoder = ResultFileDecoder(path: "v2")
        let (_, records) = try bytes.withUnsafeBufferPointer { buffer in
            try JSONParser.parse(buffer, intercepting: "requests") { RequestArrayReader(decoder: decoder).read(&$0) }
        }
        #expect(records == file.requests)
    }

    @Test("each record variation decodes as through the JSON tree")
    func variations() {
        for (label, r) in Self.records {
            Self.expectSame(Self.document("[\(Self.record), \(r)]"), label)
            Self.expectSame(Self.document("[\(r)]"), label + " alone")
        }
        Self.expectSame(Self.document("[]"), "no requests")
        Self.expectSame(Self.document("[ ]"), "no requests, spaced")
        Self.expectSame(Self.document("{}"), "requests not an array")
        Self.expectSame(Self.document("[\(Self.record),]"), "trailing comma")
    }

    @Test("the fixture, a duplicated requests key and every truncation decode as through the JSON tree")
    func truncationsAndDuplicates() {
        // Four variations with distinct ids (a file lists each id once).
        let four = Self.records.map(\.1).prefix(4).enumerated().map { i, r in
            r.replacingOccurrences(of: "\"id\": 7", with: "\"id\": \(i)").replacingOccurrences(of: "\"id\" :7", with: "\"id\" :\(i)")
        }
        let valid = Self.document("[\(four.joined(separator: ",\n"))]")
        Self.expectSame(valid, "valid")
        if case .failure(let e) = Self.outcome(valid, direct: true) { Issue.record("valid document rejected: \(e)") }
        let bytes = Array(valid.utf8)
        for n in stride(from: 0, to: bytes.count, by: 3) {
            Self.expectSame(String(decoding: bytes[..<n], as: UTF8.self), "cut at \(n)")
        }
        let twice = valid.replacingOccurrences(of: "\"requests\":", with: "\"requests\": [\(Self.record)], \"requests\":")
        Self.expectSame(twice, "requests twice")
        let twiceBad = valid.replacingOccurrences(of: "\"requests\":", with: "\"requests\": [\(Self.record)], \"requests\": [1], \"x\":")
        Self.expectSame(twiceBad, "requests twice, the last bad")
    }

    @Test("random byte changes decode as through the JSON tree")
    func byteFlips() {
        let text = Self.document("[\(Self.records.map(\.1).prefix(4).joined(separator: ",\n"))]")
        let valid = Array(text.utf8)
        let alphabet = Array("0123456789,[]{}\":-. en\\".utf8)
        var rng = SplitMix64(seed: 0x5EED)
        func next() -> Int { Int(rng.next() >> 33) }
        let start = text.utf8.distance(from: text.startIndex, to: text.range(of: "\"requests\":")!.lowerBound)
        for _ in 0..<600 {
            var bytes = valid
            for _ in 0...(next() % 2) {
                bytes[start + next() % (bytes.count - start)] = alphabet[next() % alphabet.count]
            }
            Self.expectSame(String(decoding: bytes, as: UTF8.self), "mutated")
        }
    }
}
