// The SSE parser and the per-API stream decoders on top of it (OpenAI chat and completions,
// Anthropic Messages; their JSON goes through `JSONScanner`). The first byte chooses the API
// and how the body is cut into reads; the rest is the body. Properties checked, beyond "no crash":
// - `SSEParser` gives the events of a plain transcription of the WHATWG algorithm
//   ("Interpreting an event stream") below, however the body is cut;
// - `StreamDecoder` gives the same deltas, the same error and the same end-marker state whether
//   the body comes in one read or in pieces.
import FuzzSupport
import StreamProtocols

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let (control, body) = split(input(start, count)) else { return 0 }
    let pieces = cuts(body.count, seed: UInt64(control) &* 0x1_0000_0001 &+ UInt64(body.count))

    var parser = SSEParser()
    var events: [SSEEvent] = []
    for piece in pieces { events += parser.feed(UnsafeRawBufferPointer(rebasing: body[piece])) }
    events += parser.finish()
    let expected = referenceEvents(Array(body))
    guard events == expected else { violated("SSEParser follows the WHATWG algorithm", "got \(events)\nexpected \(expected)") }

    let sse: [APIKind] = [.openAIChat, .openAICompletions, .anthropicMessages]
    let api = sse[Int(control) % sse.count]
    let whole = decode(api, body, [0..<body.count])
    let split = decode(api, body, pieces)
    guard whole.deltas == split.deltas, whole.error == split.error, whole.ended == split.ended else {
        violated("StreamDecoder(\(api)) does not depend on how the body is cut", "whole \(whole)\nsplit \(split) \(pieces)")
    }
    return 0
}

func decode(_ api: APIKind, _ body: UnsafeRawBufferPointer, _ pieces: [Range<Int>]) -> (deltas: [StreamDelta], error: StreamProtocolError?, ended: Bool) {
    var decoder = StreamDecoder(api: api)
    var out: [StreamDelta] = []
    do {
        for piece in pieces { try decoder.feed(UnsafeRawBufferPointer(rebasing: body[piece]), into: &out) }
        out += try decoder.finish()
    } catch {
        return (out, error, decoder.sawEndMarker)
    }
    return (out, nil, decoder.sawEndMarker)
}

/// The WHATWG event-stream interpretation, written out plainly on the whole body. As in the
/// parser: the event's `retry` is the one given since the previous dispatch (1 to 18 digits).
func referenceEvents(_ body: [UInt8]) -> [SSEEvent] {
    var bytes = body[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    // Lines end at CRLF, LF or CR; an unterminated last line is not a line.
    var lines: [ArraySlice<UInt8>] = []
    var lineStart = bytes.startIndex
    var i = bytes.startIndex
    while i < bytes.endIndex {
        let c = bytes[i]
        if c == 0x0A || c == 0x0D {
            lines.append(bytes[lineStart..<i])
            if c == 0x0D, i + 1 < bytes.endIndex, bytes[i + 1] == 0x0A { i += 1 }
            lineStart = i + 1
        }
        i += 1
    }
    var events: [SSEEvent] = []
    var data: [UInt8] = []
    var type: [UInt8] = []
    var lastID: String?
    var retry: Int?
    for line in lines {
        if line.isEmpty {
            if !data.isEmpty {
                data.removeLast()  // the final LF
                events.append(SSEEvent(
                    type: type.isEmpty ? "message" : String(decoding: type, as: UTF8.self),
                    data: String(decoding: data, as: UTF8.self), id: lastID, retry: retry))
            }
            data = []
            type = []
            retry = nil
            continue
        }
        if line.first == UInt8(ascii: ":") { continue }
        let name: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            name = line[..<colon]
            value = line[(colon + 1)...]
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        } else {
            name = line
            value = line[line.endIndex...]
        }
        switch String(decoding: name, as: UTF8.self) {
        case "event": type = Array(value)
        case "data": data += value + [0x0A]
        case "id": if !value.contains(0) { lastID = String(decoding: value, as: UTF8.self) }
        case "retry":
            if (1...18).contains(value.count), value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                retry = Int(String(decoding: value, as: UTF8.self))
            }
        default: break
        }
    }
    return events
}
