import Foundation
import Testing

@testable import ResultFormat

/// Format 2.2: `run.segment`, the share of a sharded run a file holds, and its file name.
@Suite struct SegmentFormatTests {
    static func file() throws -> ResultFile {
        var file = try FormatTwoOneTests.file()
        file.run.segment = SegmentInfo(
            index: 2, count: 4, host: "bench-2.bench", clockAnchorMicros: 1_764_900_000_123_456, clockUncertaintyMicros: 1_500)
        return file
    }

    @Test func aSegmentRoundTripsAsVersionTwoTwo() throws {
        let file = try Self.file()
        let text = String(decoding: ResultFileEncoder.encode(file), as: UTF8.self)
        #expect(text.contains(#""schema_version": "2.2""#))
        #expect(text.contains(#""segment": {"index": 2, "count": 4, "host": "bench-2.bench", "clock_anchor_us": 1764900000123456, "clock_uncertainty_us": 1500}"#))
        for direct in [true, false] {
            let back = try ResultFileDecoder.decode(Array(text.utf8), path: "x", readingRequestsDirectly: direct)
            #expect(back.run.segment == file.run.segment)
            #expect(back.schemaVersion == ResultFile.segmentSchemaVersion)
        }
        // A file without a segment keeps its version and bytes.
        let plain = String(decoding: ResultFileEncoder.encode(try FormatTwoOneTests.file()), as: UTF8.self)
        #expect(plain.contains(#""schema_version": "2.1""#) && !plain.contains("segment"))
    }

    @Test(arguments: [
        (#""index": 2"#, #""index": 4"#, "run.segment.index"),
        (#""index": 2"#, #""index": -1"#, "run.segment.index"),
        (#""count": 4"#, #""count": 0"#, "run.segment.count"),
        (#""count": 4"#, #""count": 5000"#, "run.segment.count"),
        (#""host": "bench-2.bench", "#, "", "run.segment.host"),
        (#""clock_anchor_us": 1764900000123456"#, #""clock_anchor_us": -5"#, "run.segment.clock_anchor_us"),
        (#""clock_uncertainty_us": 1500"#, #""clock_uncertainty_us": 1.5"#, "run.segment.clock_uncertainty_us"),
    ])
    func badSegmentsNameTheField(original: String, replacement: String, field: String) throws {
        let text = String(decoding: ResultFileEncoder.encode(try Self.file()), as: UTF8.self)
        #expect(text.contains(original))
        let bad = text.replacingOccurrences(of: original, with: replacement)
        #expect(throws: ResultFileError.self) { try ResultFileDecoder.decode(Array(bad.utf8), path: "p.json") }
        do {
            _ = try ResultFileDecoder.decode(Array(bad.utf8), path: "p.json")
        } catch {
            #expect("\(error)".contains(field), "\(error)")
        }
    }

    @Test func fileNamesCarryTheSegment() throws {
        let file = try Self.file()
        #expect(ResultStore.path(for: file, in: "results").hasSuffix("/\(file.provider.slug).segment-2-of-4.json.gz"))
        #expect(ResultStore.slug(ofFileName: "acme.segment-2-of-4.json.gz") == "acme")
        #expect(ResultStore.segmentTag(ofFileName: "acme.segment-2-of-4.json.gz")! == (2, 4))
        #expect(ResultStore.slug(ofFileName: "acme.json.gz") == "acme")
        #expect(ResultStore.segmentTag(ofFileName: "acme.json") == nil)
        for odd in ["acme.segment-4-of-4.json.gz", "acme.segment-02-of-4.json", "acme.segment-1-of-0.json", "acme.seg-1-of-4.json"] {
            #expect(ResultStore.segmentTag(ofFileName: odd) == nil, "\(odd)")
        }
    }
}
