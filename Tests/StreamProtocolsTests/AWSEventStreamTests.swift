import Testing

@testable import StreamProtocols
import TestSupport

func decodeFrames(_ bytes: [UInt8], cuts: [Int]) throws(StreamProtocolError) -> [AWSEventStreamMessage] {
    var decoder = AWSEventStreamDecoder()
    var out: [AWSEventStreamMessage] = []
    var start = 0
    for cut in cuts + [bytes.count] where cut >= start {
        out += try decoder.feed(Array(bytes[start..<cut]))
        start = cut
    }
    try decoder.finish()
    return out
}

@Suite struct AWSEventStreamTests {
    let messages = [
        AWSEventStreamMessage(
            headers: [
                ":message-type": .string("event"), ":event-type": .string("contentBlockDelta"),
                ":content-type": .string("application/json"),
            ],
            payload: Array(#"{"contentBlockIndex":0,"delta":{"text":"Hi 🌍"},"p":"abcdefgh"}"#.utf8)),
        AWSEventStreamMessage(
            headers: [
                "t": .bool(true), "f": .bool(false), "b": .byte(-3), "s": .short(-1234), "i": .integer(70_000),
                "l": .long(-9_000_000_000), "bytes": .byteArray([0, 1, 255]), "str": .string("ünï"),
                "ts": .timestamp(1_700_000_000_123), "id": .uuid(Array(0..<16)),
            ],
            payload: []),
        AWSEventStreamMessage(headers: [:], payload: Array(repeating: 0x41, count: 300)),
    ]

    var stream: [UInt8] { messages.flatMap(AWSEventStreamEncoder.encode) }

    @Test func crc32KnownValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    /// Frames from AWS's event-stream test vectors (aws/aws-sdk-js-v3,
    /// packages/eventstream-marshaller/src/TestVectors.fixture.ts, cases `empty_message`,
    /// `payload_no_headers`, `int32_header`): decoded and re-encoded byte for byte.
    @Test func publishedTestVectors() throws {
        let empty: [UInt8] = [0, 0, 0, 16, 0, 0, 0, 0, 5, 194, 72, 235, 125, 152, 200, 255]
        #expect(try decodeFrames(empty, cuts: []) == [AWSEventStreamMessage(headers: [:], payload: [])])
        let noHeaders: [UInt8] = [
            0, 0, 0, 29, 0, 0, 0, 0, 253, 82, 140, 90, 123, 39, 102, 111, 111, 39, 58, 39, 98, 97, 114, 39, 125, 195,
            101, 57, 54,
        ]
        #expect(try decodeFrames(noHeaders, cuts: [7]) == [AWSEventStreamMessage(headers: [:], payload: Array("{'foo':'bar'}".utf8))])
        #expect(AWSEventStreamEncoder.encode(AWSEventStreamMessage(headers: [:], payload: Array("{'foo':'bar'}".utf8))) == noHeaders)

        let frame: [UInt8] = [
            0x00, 0x00, 0x00, 0x2D, 0x00, 0x00, 0x00, 0x10, 0x41, 0xC4, 0x24, 0xB8, 0x0A, 0x65, 0x76, 0x65,
            0x6E, 0x74, 0x2D, 0x74, 0x79, 0x70, 0x65, 0x04, 0x00, 0x00, 0xA0, 0x0C, 0x7B, 0x27, 0x66, 0x6F,
            0x6F, 0x27, 0x3A, 0x27, 0x62, 0x61, 0x72, 0x27, 0x7D, 0x36, 0xF4, 0x80, 0xA0,
        ]
        let decoded = try decodeFrames(frame, cuts: [])
        #expect(decoded == [AWSEventStreamMessage(headers: ["event-type": .integer(0xA00C)], payload: Array("{'foo':'bar'}".utf8))])
        #expect(AWSEventStreamEncoder.encode(decoded[0]) == frame)
    }

    @Test func roundTrip() throws {
        #expect(try decodeFrames(stream, cuts: []) == messages)
    }

    @Test func splitAtEveryByte() throws {
        let bytes = stream
        for cut in 0...bytes.count {
            #expect(try decodeFrames(bytes, cuts: [cut]) == messages, "cut \(cut)")
        }
        #expect(try decodeFrames(bytes, cuts: Array(0...bytes.count)) == messages)
    }

    @Test func anyFlippedByteIsCaught() {
        let bytes = Array(stream.prefix(AWSEventStreamEncoder.encode(messages[0]).count))
        for i in bytes.indices {
            var bad = bytes
            bad[i] ^= 0x10
            #expect(throws: StreamProtocolError.self, "byte \(i)") { try decodeFrames(bad, cuts: []) }
        }
        // A payload byte (past the prelude) is caught by the message CRC specifically.
        var bad = bytes
        bad[bytes.count - 10] ^= 1
        #expect(throws: StreamProtocolError(.badCRC, "event-stream message CRC mismatch")) { try decodeFrames(bad, cuts: []) }
        var badPrelude = bytes
        badPrelude[2] ^= 1
        #expect(throws: StreamProtocolError(.badCRC, "event-stream prelude CRC mismatch")) {
            try decodeFrames(badPrelude, cuts: [5])
        }
    }

    @Test func truncatedBodyIsReported() {
        let bytes = stream
        for cut in [1, 11, 12, 40, bytes.count - 1] {
            do {
                _ = try decodeFrames(Array(bytes.prefix(cut)), cuts: [])
                Issue.record("no error at \(cut)")
            } catch {
                #expect(error.kind == .truncatedFrame)
            }
        }
    }

    @Test func absurdLengthIsRejectedBeforeBuffering() {
        // A valid prelude CRC over a 1 GiB length.
        var prelude: [UInt8] = [0x40, 0, 0, 0, 0, 0, 0, 0]
        let crc = CRC32.checksum(prelude)
        prelude += [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]
        var decoder = AWSEventStreamDecoder()
        #expect(throws: StreamProtocolError.self) { _ = try decoder.feed(prelude) }
    }
}
