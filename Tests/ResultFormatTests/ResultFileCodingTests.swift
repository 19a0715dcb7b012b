import Foundation
import Randomness
import Testing

@testable import ResultFormat

/// The fixture text, read from the test bundle.
func fixtureText(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return try String(contentsOf: url, encoding: .utf8)
}

func decode(_ text: String, path: String = "results/run/x.json") throws(ResultFileError) -> ResultFile {
    try ResultFileDecoder.decode(Array(text.utf8), path: path)
}

@Suite struct ResultFileCodingTests {
    @Test func readsTheFixture() throws {
        let file = try decode(try fixtureText("valid.json"))
        #expect(file.schemaVersion == SchemaVersion(major: 1, minor: 0))
        #expect(file.provider.slug == "fixture-provider-one")
        #expect(file.tokenCount == .usage)
        #expect(file.run.source == .simulated)
        #expect(file.requests.count == 3)
        let r0 = file.requests[0]
        #expect(r0.chunkTimes == [200_150, 220_150, 240_150, 260_150])
        #expect(r0.firstToken == 200_150)
        let r1 = file.requests[1]
        #expect(r1.firstVisibleToken == 290_200)
        #expect(r1.chunkTokens == [1, 2, 2])
        let r2 = file.requests[2]
        #expect(r2.error == RequestError(kind: .rateLimited, status: 429, message: "HTTP 429: Too Many Requests", retryAfterSeconds: 2.5))
        #expect(file.selfCheck?.isSuspect == false)
    }

    @Test func encodeDecodeRoundTripIsExactAndDeterministic() throws {
        let file = try decode(try fixtureText("valid.json"))
        let bytes = ResultFileEncoder.encode(file)
        let again = try ResultFileDecoder.decode(bytes, path: "roundtrip")
        #expect(again == file)
        #expect(ResultFileEncoder.encode(again) == bytes)
    }

    /// Files are written as format 2 (chunks as base-64 digit text); a 1.x file keeps its decimal
    /// arrays when written again, and both read back to the same records.
    @Test func formatTwoWritesChunksAsTextAndReadsBack() throws {
        var file = try decode(try fixtureText("valid.json"))
        let v1 = String(decoding: ResultFileEncoder.encode(file), as: UTF8.self)
        #expect(v1.contains("\"chunks\": [200000,20000,20000,20000]"))
        file.schemaVersion = ResultFile.currentSchemaVersion
        #expect(file.schemaVersion == SchemaVersion(major: 2, minor: 1))
        let bytes = ResultFileEncoder.encode(file)
        let v2 = String(decoding: bytes, as: UTF8.self)
        #expect(v2.contains("\"schema_version\": \"2.1\""))
        #expect(v2.contains("\"chunks\": \"w1AE4gE4gE4g\""))
        #expect(v2.contains("\"chunks\": \"\""))  // the failed request
        #expect(!v2.contains("\"chunks\": ["))
        let again = try ResultFileDecoder.decode(bytes, path: "v2")
        #expect(again == file)
        #expect(ResultFileEncoder.encode(again) == bytes)
        #expect(try ResultFileDecoder.decode(Array(v1.utf8), path: "v1").requests == again.requests)
        // The journal's lines are format 2 too.
        #expect(String(decoding: ResultFileEncoder.encodeLine(file.requests[0]), as: UTF8.self).contains("\"chunks\": \"w1AE4gE4gE4g\""))
    }

    /// A malformed chunk text is reported with the request's field path.
    @Test func malformedChunkTextNamesTheField() throws {
        var file = try decode(try fixtureText("valid.json"))
        file.schemaVersion = ResultFile.currentSchemaVersion
        let text = String(decoding: ResultFileEncoder.encode(file), as: UTF8.self)
            .replacingOccurrences(of: "\"w1AE4gE4gE4g\"", with: "\"w1AE4gE4gE4\"")
        let error = try #require(throws: ResultFileError.self) { try decode(text) }
        #expect(error.description.contains("field 'requests[0].chunks': the text ends inside delta 3"))
    }

    /// `cpu_steal_s` is optional: written only when known, read back as it was, and absent in
    /// older files (the fixture has none).
    @Test func hostStealIsKeptWhenKnown() throws {
        var file = try decode(try fixtureText("valid.json"))
        #expect(file.selfCheck != nil && file.selfCheck?.cpuStealSeconds == nil)
        #expect(!String(decoding: ResultFileEncoder.encode(file), as: UTF8.self).contains("cpu_steal_s"))
        file.selfCheck?.cpuStealSeconds = 1.25
        let bytes = ResultFileEncoder.encode(file)
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"wall_s\": 1.2, \"cpu_steal_s\": 1.25, \"warnings\""))
        #expect(try ResultFileDecoder.decode(bytes, path: "steal").selfCheck?.cpuStealSeconds == 1.25)
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"cpu_steal_s\": 1.25", with: "\"cpu_steal_s\": \"lots\"")
        #expect(throws: ResultFileError.self) { try decode(text) }
    }

    @Test func gzipRoundTripAndTransparentReading() throws {
        let file = try decode(try fixtureText("valid.json"))
        let plain = ResultFileEncoder.encode(file)
        let packed = try Gzip.compress(plain)
        #expect(Gzip.isCompressed(packed))
        #expect(try Gzip.decompress(packed) == plain)
        #expect(try Gzip.compress(plain) == packed, "gzip output must be deterministic")
        #expect(try ResultFileDecoder.decode(packed, path: "x.json.gz") == file)
    }

    /// Concatenated members read as one (like `gzip -d`); sizing each member's output from the
    /// file's last trailer is then too small for the first one, which must grow, not fail.
    @Test func gzipMembersAndDamage() throws {
        let big = Array((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) })
        let small = Array("tail\n".utf8)
        let joined = try Gzip.compress(big) + Gzip.compress(small)
        #expect(try Gzip.decompress(joined) == big + small)
        var badCRC = try Gzip.compress(big)
        badCRC[badCRC.count - 6] ^= 0x01
        #expect { try Gzip.decompress(badCRC) } throws: { "\($0)".contains("corrupt") }
        var badLength = try Gzip.compress(big)
        badLength[badLength.count - 2] ^= 0x01
        #expect { try Gzip.decompress(badLength) } throws: { "\($0)".contains("corrupt") }
    }

    @Test func truncatedGzipIsReported() throws {
        let packed = try Gzip.compress(ResultFileEncoder.encode(try decode(try fixtureText("valid.json"))))
        #expect {
            try ResultFileDecoder.decode(Array(packed.prefix(packed.count / 2)), path: "cut.json.gz")
        } throws: { error in
            guard let e = error as? ResultFileError, case .unreadable(let why) = e.problem else { return false }
            return e.path == "cut.json.gz" && why.contains("truncated")
        }
    }

    @Test func unknownFieldsAreIgnored() throws {
        let text = try fixtureText("valid.json").replacingOccurrences(
            of: "\"token_count\": \"usage\",", with: "\"token_count\": \"usage\", \"future_field\": {\"a\": [1, 2.5, \"x\"]},")
        #expect(try decode(text).requests.count == 3)
    }

    @Test func newerMinorVersionIsRead() throws {
        let text = try fixtureText("valid.json").replacingOccurrences(of: "\"1.0\"", with: "\"1.7\"")
        #expect(try decode(text).schemaVersion.minor == 7)
    }

    @Test func compactOnDiskAtTheSeedsScale() throws {
        // 1,200 requests of up to 1,024 tokens with ~20 ms jittered gaps: at most ~3 bytes per chunk
        // gzipped in format 1, about 2.2 in format 2 (docs/results-format.md, "Size").
        var rng = SplitMix64(seed: 7)
        func next() -> Double { rng.unit() }
        var records: [RequestRecord] = []
        var chunks = 0
        for i in 0..<1200 {
            let sent = Int64(i) * 100_000
            var t = sent + 300_000 + Int64(next() * 300_000)
            var times: [Int64] = []
            for _ in 0..<(50 + Int(next() * 974)) {
                times.append(t)
                t += 10_000 + Int64(next() * 20_000)
            }
            chunks += times.count
            records.append(RequestRecord(id: i, scheduled: sent, sent: sent, firstToken: times[0], end: t, outputTokens: times.count, chunkTimes: times))
        }
        var file = try decode(try fixtureText("valid.json"))
        file.requests = records
        #expect(file.schemaVersion.major == 1)
        let perChunk = Double(try Gzip.compress(ResultFileEncoder.encode(file)).count) / Double(chunks)
        #expect(perChunk < 3.2, "format 1, bytes per chunk on disk: \(perChunk)")
        file.schemaVersion = ResultFile.currentSchemaVersion
        let perChunk2 = Double(try Gzip.compress(ResultFileEncoder.encode(file)).count) / Double(chunks)
        #expect(perChunk2 < 2.4 && perChunk2 < perChunk, "format 2, bytes per chunk on disk: \(perChunk2) (format 1: \(perChunk))")
    }
}
