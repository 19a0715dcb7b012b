import JSON
import Foundation

/// Reads the `requests` array of a result file straight from the JSON bytes into
/// `RequestRecord`s, without building a `JSONValue` tree for every record: no dictionary, key
/// strings or boxed values per request, and the chunk deltas are parsed into one reused buffer
/// and summed from there into an array of exactly their size (format 2's text is decoded
/// straight into absolute times there, `ChunkDeltaText`).
///
/// It is a fast path only. It takes the shape `ResultFileEncoder` writes (any whitespace, any key
/// order, unknown keys skipped) and returns nil at anything else: a syntax error, an escaped key,
/// a duplicate key, a missing field, a value of an unexpected type, or a record that fails one of
/// the decoder's checks. `JSONParser` then parses the array as usual and `ResultFileDecoder`
/// reports the problem exactly as it always did. The checks that relate a record's fields are the
/// decoder's own (`checkTimes`, `absoluteChunkTimes`, `chunkTokens`, `requestError`).
struct RequestArrayReader {
    let decoder: ResultFileDecoder

    /// The fields a record must have (`first_token`, `first_visible_token`, `chunk_tokens` and
    /// `server_timings` may be absent).
    private enum Field: Int {
        case id, scheduled, sent, end, firstToken, firstVisible, outputTokens, chunks, chunkTokens, error, serverTimings

        /// The field named by `key`, nil for a key the format does not define. The defined keys
        /// have distinct lengths, so the length picks the only candidate.
        static func named(_ key: UnsafeBufferPointer<UInt8>) -> Field? {
            let candidate: (Field, StaticString)
            switch key.count {
            case 2: candidate = (.id, "id")
            case 9: candidate = (.scheduled, "scheduled")
            case 4: candidate = (.sent, "sent")
            case 3: candidate = (.end, "end")
            case 11: candidate = (.firstToken, "first_token")
            case 19: candidate = (.firstVisible, "first_visible_token")
            case 13: candidate = (.outputTokens, "output_tokens")
            case 6: candidate = (.chunks, "chunks")
            case 12: candidate = (.chunkTokens, "chunk_tokens")
            case 5: candidate = (.error, "error")
            case 14: candidate = (.serverTimings, "server_timings")
            default: return nil
            }
            return memcmp(key.baseAddress!, candidate.1.utf8Start, key.count) == 0 ? candidate.0 : nil
        }

        var bit: Int { 1 << rawValue }
        static let required = [Field.id, .scheduled, .sent, .end, .outputTokens, .chunks, .error].reduce(0) { $0 | $1.bit }
    }

    /// The records, with the parser after the array's `]`; nil if the array is not in the fast
    /// path's shape (the caller restores the parser's position).
    func read(_ p: inout JSONParser) -> [RequestRecord]? {
        guard p.peek() == UInt8(ascii: "[") else { return nil }
        p.pos += 1
        p.skipWhitespace()
        var records: [RequestRecord] = []
        if p.peek() == UInt8(ascii: "]") {
            p.pos += 1
            return records
        }
        // Nested values handed to `parseValue` see the depth they have in the document.
        p.depth += 2
        defer { p.depth -= 2 }
        // Chunk deltas are parsed into one reused buffer, then summed into their exact-size array.
        var scratch = UnsafeMutableBufferPointer<Int64>(start: nil, count: 0)
        defer { if scratch.baseAddress != nil { scratch.deallocate() } }
        while true {
            guard let record = readRecord(&p, index: records.count, scratch: &scratch) else { return nil }
            records.append(record)
            p.skipWhitespace()
            switch p.peek() {
            case UInt8(ascii: ","):
                p.pos += 1
                p.skipWhitespace()
            case UInt8(ascii: "]"):
                p.pos += 1
                return records
            default:
                return nil
            }
        }
    }

    /// One long function on purpose: it reads every request record of every result file, and
    /// its fields live in local variables until the record is built.
    private func readRecord(_ p: inout JSONParser, index: Int, scratch: inout UnsafeMutableBufferPointer<Int64>) -> RequestRecord? {
        guard p.peek() == UInt8(ascii: "{") else { return nil }
        p.pos += 1
        var seen = 0
        var id: Int64 = 0, scheduled: Int64 = 0, sent: Int64 = 0, end: Int64 = 0, outputTokens: Int64 = 0
        var firstToken: Int64?, firstVisible: Int64?
        var deltas = UnsafeBufferPointer<Int64>(start: nil, count: 0)
        var compact: [Int64]?
        var chunkTokens: JSONValue?
        var error: JSONValue?
        var serverTimings: JSONValue?
        var unknownKeys: [Range<Int>] = []
        while true {
            p.skipWhitespace()
            guard p.peek() == UInt8(ascii: "\"") else { return nil }
            p.pos += 1
            let keyStart = p.pos
            while p.pos < p.bytes.count {
                let c = p.bytes[p.pos]
                if c == UInt8(ascii: "\"") { break }
                if c == UInt8(ascii: "\\") || c < 0x20 { return nil }
                p.pos += 1
            }
            guard p.pos < p.bytes.count else { return nil }
            let keyEnd = p.pos
            let field = Field.named(UnsafeBufferPointer(rebasing: p.bytes[keyStart..<keyEnd]))
            p.pos += 1
            p.skipWhitespace()
            guard p.peek() == UInt8(ascii: ":") else { return nil }
            p.pos += 1
            p.skipWhitespace()
            if let field {
                guard seen & field.bit == 0 else { return nil }
                seen |= field.bit
                switch field {
                case .id: guard let v = p.scanInteger() else { return nil }; id = v
                case .scheduled: guard let v = time(&p) else { return nil }; scheduled = v
                case .sent: guard let v = time(&p) else { return nil }; sent = v
                case .end: guard let v = time(&p) else { return nil }; end = v
                case .outputTokens: guard let v = p.scanInteger() else { return nil }; outputTokens = v
                case .firstToken: guard let v = optionalTime(&p) else { return nil }; firstToken = v
                case .firstVisible: guard let v = optionalTime(&p) else { return nil }; firstVisible = v
                case .chunks where p.peek() == UInt8(ascii: "\""):
                    // Format 2's text decodes straight to absolute times, so it needs `sent`
                    // first (the encoder's key order); any other order takes the full parse.
                    guard seen & Field.sent.bit != 0, let times = compactChunks(&p, sent: sent) else { return nil }
                    compact = times
                case .chunks:
                    guard p.peek() == UInt8(ascii: "[") else { return nil }
                    p.pos += 1
                    p.skipWhitespace()
                    if p.peek() == UInt8(ascii: "]") {
                        p.pos += 1
                    } else {
                        guard let scanned = p.scanIntegers(reusing: &scratch) else { return nil }
                        deltas = scanned
                    }
                case .chunkTokens: guard let v = value(&p) else { return nil }; chunkTokens = v
                case .error: guard let v = value(&p) else { return nil }; error = v
                case .serverTimings: guard let v = value(&p) else { return nil }; serverTimings = v
                }
            } else {
                // A key this version does not define (invalid UTF-8 in it is left to the usual parse to report).
                guard String(validating: UnsafeBufferPointer(rebasing: p.bytes[keyStart..<keyEnd]), as: UTF8.self) != nil else { return nil }
                // Twice in one record is a duplicate key, which the usual parse refuses (found by the fuzzer).
                let key = keyStart..<keyEnd
                for other in unknownKeys where other.count == key.count && p.bytes[other].elementsEqual(p.bytes[key]) { return nil }
                unknownKeys.append(key)
                guard value(&p) != nil else { return nil }
            }
            p.skipWhitespace()
            if p.peek() == UInt8(ascii: ",") {
                p.pos += 1
                continue
            }
            guard p.peek() == UInt8(ascii: "}") else { return nil }
            p.pos += 1
            break
        }
        guard seen & Field.required == Field.required else { return nil }
        do throws(ResultFileError) {
            try decoder.checkTimes(
                index: index, scheduled: scheduled, sent: sent, end: end, firstToken: firstToken, firstVisible: firstVisible, outputTokens: outputTokens)
            let chunks: [Int64]
            if let compact {
                try decoder.checkLastChunk(compact, index: index, end: end)
                chunks = compact
            } else {
                chunks = try decoder.absoluteChunkTimes(deltas, index: index, sent: sent, end: end)
            }
            let tokens = try decoder.chunkTokens(chunkTokens, index: index, chunks: chunks.count)
            let failure = try decoder.requestError(error, index: index, firstToken: firstToken, outputTokens: outputTokens)
            return RequestRecord(
                id: Int(id), scheduled: scheduled, sent: sent, firstToken: firstToken, firstVisibleToken: firstVisible,
                end: end, outputTokens: Int(outputTokens), chunkTimes: chunks, chunkTokens: tokens, error: failure,
                serverTimings: try decoder.serverTimings(serverTimings, index: index))
        } catch {
            return nil
        }
    }

    /// A format-2 `chunks` string from `p.pos` (its opening quote) decoded into absolute times
    /// from `sent`, with the parser after the closing quote. The count follows from the length
    /// and the number of escapes, so the times are decoded straight into an array of their size.
    /// Nil for text the decoder refuses, JSON escapes included (no digit needs one).
    private func compactChunks(_ p: inout JSONParser, sent: Int64) -> [Int64]? {
        let base = p.bytes.baseAddress!
        let start = p.pos + 1
        guard start <= p.bytes.count, let close = memchr(base + start, Int32(UInt8(ascii: "\"")), p.bytes.count - start)
        else { return nil }
        let end = base.distance(to: close.assumingMemoryBound(to: UInt8.self))
        guard end - start <= ResultLimits.maxStringBytes else { return nil }  // the usual parse words the error
        // Three digits per delta, twelve characters per escaped one.
        var escapes = 0
        var from = start
        while from < end, let tilde = memchr(base + from, Int32(UInt8(ascii: "~")), end - from) {
            escapes += 1
            from = base.distance(to: tilde.assumingMemoryBound(to: UInt8.self)) + 1
        }
        let plain = end - start - 12 * escapes
        guard plain >= 0, plain % 3 == 0 else { return nil }
        let count = plain / 3 + escapes
        var ok = false
        let times = [Int64](unsafeUninitializedCapacity: count) { out, initialized in
            initialized = 0
            guard count > 0 else {
                ok = true
                return
            }
            if case .success(let n)? = ChunkDeltaText.decode(
                UnsafeBufferPointer(start: base + start, count: end - start), sent: sent, into: out), n == count {
                initialized = n
                ok = true
            }
        }
        guard ok else { return nil }
        p.pos = end + 1
        return times
    }

    /// A time: a plain integer, never negative.
    private func time(_ p: inout JSONParser) -> Int64? {
        guard let t = p.scanInteger(), t >= 0 else { return nil }
        return t
    }

    /// `null` (as `.some(nil)`) or a time.
    private func optionalTime(_ p: inout JSONParser) -> Int64?? {
        if p.peek() == UInt8(ascii: "n") {
            guard (try? p.expectLiteral("null")) != nil else { return nil }
            return .some(nil)
        }
        return time(&p).map { .some($0) }
    }

    /// Any other value, parsed as usual (nil on a syntax error, which the usual parse then reports).
    private func value(_ p: inout JSONParser) -> JSONValue? {
        try? p.parseValue()
    }
}
