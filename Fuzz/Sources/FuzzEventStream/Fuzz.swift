// The AWS event-stream decoder (Bedrock ConverseStream framing) and the Bedrock event decoder
// on top of it. The first byte chooses how the body is cut into reads and, when odd, has the
// harness fix both CRC-32s of every frame first (else nearly every mutation would only test the
// CRC check). Properties checked, beyond "no crash":
// - the messages (those before an error included) and the error do not depend on how the body
//   is cut; neither do Bedrock's deltas;
// - a decoded message, encoded again by `AWSEventStreamEncoder`, decodes to the same message.
import FuzzSupport
@testable import StreamProtocols
import TestSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let (control, payload) = split(input(start, count)) else { return 0 }
    var body = [UInt8](payload)
    if control & 1 == 1 { fixChecksums(&body) }
    let pieces = cuts(body.count, seed: UInt64(control) &* 0x1_0000_0001 &+ UInt64(body.count))
    body.withUnsafeBytes { raw in
        let whole = frames(raw, [0..<raw.count])
        let split = frames(raw, pieces)
        guard whole.messages == split.messages, whole.error == split.error else {
            violated("frames do not depend on how the body is cut", "whole \(whole)\nsplit \(split)\n\(pieces)")
        }
        for message in whole.messages {
            let again = frames(AWSEventStreamEncoder.encode(message))
            guard again.error == nil, again.messages == [message] else {
                violated("decode(encode(m)) == m", "\(message)\n\(again)")
            }
        }
        let deltasWhole = bedrock(raw, [0..<raw.count])
        let deltasSplit = bedrock(raw, pieces)
        guard deltasWhole.deltas == deltasSplit.deltas, deltasWhole.error == deltasSplit.error, deltasWhole.ended == deltasSplit.ended else {
            violated("Bedrock deltas do not depend on how the body is cut", "whole \(deltasWhole)\nsplit \(deltasSplit)")
        }
    }
    return 0
}

func frames(_ bytes: [UInt8]) -> (messages: [AWSEventStreamMessage], error: StreamProtocolError?) {
    bytes.withUnsafeBytes { frames($0, [0..<$0.count]) }
}

func frames(_ body: UnsafeRawBufferPointer, _ pieces: [Range<Int>]) -> (messages: [AWSEventStreamMessage], error: StreamProtocolError?) {
    var decoder = AWSEventStreamDecoder()
    var out: [AWSEventStreamMessage] = []
    do {
        // `decode` hands over each message as it completes: `feed` returns none of a read's
        // messages when a later frame in the same read is bad.
        for piece in pieces { try decoder.decode(UnsafeRawBufferPointer(rebasing: body[piece])) { out.append($0) } }
        try decoder.finish()
    } catch {
        return (out, error)
    }
    return (out, nil)
}

func bedrock(_ body: UnsafeRawBufferPointer, _ pieces: [Range<Int>]) -> (deltas: [StreamDelta], error: StreamProtocolError?, ended: Bool) {
    var decoder = StreamDecoder(api: .bedrockConverseStream)
    var out: [StreamDelta] = []
    do {
        for piece in pieces { try decoder.feed(UnsafeRawBufferPointer(rebasing: body[piece]), into: &out) }
        out += try decoder.finish()
    } catch {
        return (out, error, decoder.sawEndMarker)
    }
    return (out, nil, decoder.sawEndMarker)
}

/// Rewrites the prelude CRC and the message CRC of each whole frame the lengths describe.
func fixChecksums(_ body: inout [UInt8]) {
    func u32(_ at: Int) -> Int { Int(body[at]) << 24 | Int(body[at + 1]) << 16 | Int(body[at + 2]) << 8 | Int(body[at + 3]) }
    func put(_ value: UInt32, _ at: Int) {
        for k in 0..<4 { body[at + k] = UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(k))) }
    }
    var at = 0
    while body.count - at >= 12 {
        let total = u32(at)
        put(CRC32.checksum(Array(body[at..<(at + 8)])), at + 8)
        guard total >= 16, total <= body.count - at else { return }
        put(CRC32.checksum(Array(body[at..<(at + total - 4)])), at + total - 4)
        at += total
    }
}
