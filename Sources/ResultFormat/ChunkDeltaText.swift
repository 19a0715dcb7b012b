import JSON
import CIntegerList

/// The format-2 form of a request's `chunks`: one JSON string of base-64 digits
/// (`A`–`Z`, `a`–`z`, `0`–`9`, `+`, `/` for 0–63). Each delta is three digits, most significant
/// first (0 to 262,143 µs), or `~` followed by eleven digits for a delta of 2^18 µs or more.
///
/// Why not format 1's decimal array: a year of daily runs holds over a billion chunk times, and
/// reading them was most of a cold site generation. Inter-token gaps are nearly always under
/// 262 ms, so nearly every delta takes three characters instead of five or six and a comma; the
/// text is half as long, 13–15 % smaller gzipped, inflates in about 40 % less time, and decodes
/// with three table lookups per delta. The values and their meaning are format 1's
/// (microseconds; the first from `sent`, each next one from the previous chunk), and a decoder
/// takes a few lines in any language (`docs/results-format.md`).
public enum ChunkDeltaText {
    /// Why a `chunks` string is not valid.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case truncated(chunk: Int)
        case character(offset: Int)
        case notCanonical(chunk: Int)
        case tooLarge(chunk: Int)
        case negative(chunk: Int)
        case overflow(chunk: Int)

        public var description: String {
            switch self {
            case .truncated(let i): return "the text ends inside delta \(i)"
            case .character(let k): return "character at offset \(k) is not a base-64 digit"
            case .notCanonical(let i): return "delta \(i) is escaped with '~' but is below 2^18 µs (not canonical)"
            case .tooLarge(let i): return "delta \(i) is longer than 64 bits"
            case .negative(let i): return "delta \(i) is negative (chunk times must not go back)"
            case .overflow(let i): return "chunk time \(i) overflows"
            }
        }
    }

    /// Deltas from 0 up to this bound take three digits; larger ones are escaped.
    static let shortLimit: Int64 = 1 << 18

    private static let digits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Appends `times` (absolute µs, not before `sent`) as a quoted JSON string.
    static func append(_ times: [Int64], after sent: Int64, to w: inout JSONWriter) {
        w.bytes.reserveCapacity(w.bytes.count + 3 * times.count + 14)
        w.byte(UInt8(ascii: "\""))
        var previous = sent
        for t in times {
            let delta = t &- previous
            previous = t
            if delta >= 0 && delta < shortLimit {
                let d = Int(delta)
                w.byte(digits[d >> 12])
                w.byte(digits[d >> 6 & 63])
                w.byte(digits[d & 63])
            } else {
                // A negative delta (never written by the bench) keeps its bit pattern, so the
                // reader reports it rather than this writer hiding it.
                let v = UInt64(bitPattern: delta)
                w.byte(UInt8(ascii: "~"))
                for shift in stride(from: 60, through: 0, by: -6) { w.byte(digits[Int(v >> UInt64(shift) & 63)]) }
            }
        }
        w.byte(UInt8(ascii: "\""))
    }

    /// How many values `text` can hold at most: the room `decode` needs.
    static func capacity(forTextLength length: Int) -> Int { length / 3 }

    /// Decodes `text` (the string's bytes, without quotes) into absolute chunk times from `sent`,
    /// written to `out` (`capacity(forTextLength:)` always suffices); their count. Nil when
    /// `out` is too small, which only malformed text can make it.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, sent: Int64, into out: UnsafeMutableBufferPointer<Int64>) -> Result<Int, Problem>? {
        var kind: Int32 = 0
        var at = 0
        let n = lb_decode_chunk_text(text.baseAddress, text.count, sent, out.baseAddress, out.count, &kind, &at)
        if n >= 0 { return .success(n) }
        switch kind {
        case LB_CHUNK_TEXT_TRUNCATED: return .failure(.truncated(chunk: at))
        case LB_CHUNK_TEXT_CHARACTER: return .failure(.character(offset: at))
        case LB_CHUNK_TEXT_NOT_CANONICAL: return .failure(.notCanonical(chunk: at))
        case LB_CHUNK_TEXT_TOO_LARGE: return .failure(.tooLarge(chunk: at))
        case LB_CHUNK_TEXT_NEGATIVE: return .failure(.negative(chunk: at))
        case LB_CHUNK_TEXT_OVERFLOW: return .failure(.overflow(chunk: at))
        default: return nil
        }
    }

    /// Decodes a whole `chunks` string into absolute chunk times from `sent`.
    public static func decode(_ text: String, sent: Int64) -> Result<[Int64], Problem> {
        var text = text
        return text.withUTF8 { utf8 in
            if utf8.isEmpty { return .success([]) }
            var failure: Problem?
            let times = [Int64](unsafeUninitializedCapacity: max(1, capacity(forTextLength: utf8.count))) { buffer, count in
                // Room for length / 3 values always suffices: a capacity failure cannot happen.
                switch decode(utf8, sent: sent, into: buffer)! {
                case .success(let n): count = n
                case .failure(let problem):
                    failure = problem
                    count = 0
                }
            }
            if let failure { return .failure(failure) }
            return .success(times)
        }
    }
}
