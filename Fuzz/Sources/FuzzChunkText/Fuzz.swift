// Chunk text (result format 2's base-64 digit deltas, decoded in C by `lb_decode_chunk_text`).
// The first 8 bytes are `sent` (little-endian), the next one sizes a deliberately small output
// buffer, the rest is the text. Properties checked, beyond "no crash" (AddressSanitizer watches
// the C decoder's reads and writes):
// - decoded times never go back and none is before `sent`;
// - decoding is canonical: an accepted text, written back by `ChunkDeltaText.append`, is the
//   same text (so one list has one text);
// - into a buffer of any size, the decoder writes only inside it, and either fits (same result
//   as with room to spare) or reports that it does not.
import FuzzSupport
@testable import JSON
@testable import ResultFormat

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = input(start, count)
    guard data.count >= 9 else { return 0 }
    let sent = data.loadUnaligned(fromByteOffset: 0, as: Int64.self)
    let room = Int(data[8])
    let textBytes = Array(data[9...])
    let text = String(decoding: textBytes, as: UTF8.self)

    let decoded = ChunkDeltaText.decode(text, sent: sent)
    if case .success(let times) = decoded {
        var previous = sent
        for t in times {
            guard t >= previous else { violated("times never go back", "\(times) from \(sent)") }
            previous = t
        }
        var w = JSONWriter(reservingCapacity: 16)
        ChunkDeltaText.append(times, after: sent, to: &w)
        let written = Array(w.bytes.dropFirst().dropLast())  // without the quotes
        guard written == Array(text.utf8) else {
            violated("accepted text is canonical", "\(text.debugDescription) -> \(times) -> \(String(decoding: written, as: UTF8.self))")
        }
    }

    // The raw bytes (invalid UTF-8 included) into an exactly-sized buffer: ASan catches any
    // write past it.
    let out = UnsafeMutableBufferPointer<Int64>.allocate(capacity: room)
    defer { out.deallocate() }
    let small = textBytes.withUnsafeBufferPointer { ChunkDeltaText.decode($0, sent: sent, into: out) }
    let roomy = textBytes.withUnsafeBufferPointer { t in
        let big = UnsafeMutableBufferPointer<Int64>.allocate(capacity: max(1, ChunkDeltaText.capacity(forTextLength: t.count)))
        defer { big.deallocate() }
        return ChunkDeltaText.decode(t, sent: sent, into: big).map { r in r.map { Array(big[..<$0]) } }
    }
    guard let roomy else { violated("length / 3 values is always room enough") }
    switch small {
    case nil:
        if case .success(let times) = roomy, times.count <= room { violated("a result that fits is not refused for room", "\(times.count) in \(room)") }
    case .success(let n)?:
        guard case .success(let times) = roomy, times == Array(out[..<n]) else { violated("a small buffer gives the same result", "\(roomy)") }
    case .failure(let problem)?:
        guard case .failure(problem) = roomy else { violated("a small buffer gives the same error", "\(problem) vs \(roomy)") }
    }
    return 0
}
