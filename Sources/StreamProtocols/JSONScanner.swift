import JSON
import Foundation

/// A lazy, allocation-free JSON reader for the per-token hot path.
///
/// The stream decoders need three or four fields out of each event; building a whole
/// `JSONValue` tree (a dictionary per object, a String per key) costs more than the rest of the
/// client's per-token work. The scanner walks the text once, skipping what is not asked for,
/// and still rejects malformed JSON (unbalanced structure, bad strings, bad literals).
/// Object keys are compared as raw bytes, so a key written with escapes does not match.
struct JSONScanner {
    let bytes: UnsafeRawBufferPointer
    var pos = 0
    private var depth = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Iteration state of one object or array.
    struct Container {
        fileprivate var first = true
    }

    enum Kind { case object, array, string, number, bool, null }

    // MARK: - Errors

    func fail(_ what: String) -> StreamProtocolError {
        StreamProtocolError(.malformedEvent, "invalid JSON at byte \(pos): \(what)")
    }

    // MARK: - Structure

    @inline(__always) mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    mutating func peekKind() throws(StreamProtocolError) -> Kind {
        skipWhitespace()
        guard pos < bytes.count else { throw fail("unexpected end") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw fail("unexpected character")
        }
    }

    /// Expects `{`; returns nil (consuming the value) if the value is `null`.
    mutating func beginObject() throws(StreamProtocolError) -> Container? {
        if try peekKind() == .null {
            try skipValue()
            return nil
        }
        guard bytes[pos] == UInt8(ascii: "{") else { throw fail("expected an object") }
        pos += 1
        depth += 1
        if depth > 64 { throw fail("nesting too deep") }
        return Container()
    }

    /// The next key (raw bytes between the quotes), positioned at its value; nil at `}`.
    mutating func nextKey(_ c: inout Container) throws(StreamProtocolError) -> UnsafeRawBufferPointer? {
        skipWhitespace()
        guard pos < bytes.count else { throw fail("unterminated object") }
        if bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return nil
        }
        if c.first {
            c.first = false
        } else {
            guard bytes[pos] == UInt8(ascii: ",") else { throw fail("expected ',' or '}'") }
            pos += 1
            skipWhitespace()
        }
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("expected a key") }
        let start = pos + 1
        try skipString()
        let key = UnsafeRawBufferPointer(rebasing: bytes[start..<(pos - 1)])
        skipWhitespace()
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw fail("expected ':'") }
        pos += 1
        skipWhitespace()
        return key
    }

    /// Expects `[`; returns nil (consuming the value) if the value is `null`.
    mutating func beginArray() throws(StreamProtocolError) -> Container? {
        if try peekKind() == .null {
            try skipValue()
            return nil
        }
        guard bytes[pos] == UInt8(ascii: "[") else { throw fail("expected an array") }
        pos += 1
        depth += 1
        if depth > 64 { throw fail("nesting too deep") }
        return Container()
    }

    /// Positions at the next element; false at `]`.
    mutating func nextElement(_ c: inout Container) throws(StreamProtocolError) -> Bool {
        skipWhitespace()
        guard pos < bytes.count else { throw fail("unterminated array") }
        if bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return false
        }
        if c.first {
            c.first = false
        } else {
            guard bytes[pos] == UInt8(ascii: ",") else { throw fail("expected ',' or ']'") }
            pos += 1
            skipWhitespace()
        }
        return true
    }

    /// Checks that only whitespace follows the document.
    mutating func end() throws(StreamProtocolError) {
        skipWhitespace()
        if pos != bytes.count { throw fail("text after the JSON value") }
    }

    // MARK: - Values

    mutating func skipValue() throws(StreamProtocolError) {
        switch try peekKind() {
        case .string: try skipString()
        case .number:
            let start = pos
            pos += 1
            while pos < bytes.count {
                switch bytes[pos] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
                    UInt8(ascii: "+"), UInt8(ascii: "-"):
                    pos += 1
                default:
                    if pos - start == 1, bytes[start] == UInt8(ascii: "-") { throw fail("invalid number") }
                    return
                }
            }
        case .bool:
            if bytes[pos] == UInt8(ascii: "t") { try literal("true") } else { try literal("false") }
        case .null: try literal("null")
        case .object:
            var c = try beginObject()!
            while try nextKey(&c) != nil { try skipValue() }
        case .array:
            var c = try beginArray()!
            while try nextElement(&c) { try skipValue() }
        }
    }

    private mutating func literal(_ word: StaticString) throws(StreamProtocolError) {
        let n = word.utf8CodeUnitCount
        guard pos + n <= bytes.count,
            UnsafeRawBufferPointer(rebasing: bytes[pos..<(pos + n)]).elementsEqual(
                UnsafeBufferPointer(start: word.utf8Start, count: n))
        else { throw fail("invalid literal") }
        pos += n
    }

    /// Skips a string starting at its opening quote. (Raw control characters inside a skipped
    /// string are not rejected: the fast path finds the closing quote with memchr.)
    private mutating func skipString() throws(StreamProtocolError) {
        pos += 1
        if let base = bytes.baseAddress, pos < bytes.count {
            let here = base + pos
            if let quote = memchr(here, Int32(UInt8(ascii: "\"")), bytes.count - pos) {
                let span = UnsafeRawPointer(quote) - here
                if memchr(here, Int32(UInt8(ascii: "\\")), span) == nil {
                    pos += span + 1
                    return
                }
            }
        }
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                pos += 1
                return
            }
            if c == UInt8(ascii: "\\") {
                // At most to the end: a string ending in a lone backslash is unterminated at the
                // end, not one byte past it (the fuzzer's `"?\`).
                pos = Swift.min(pos + 2, bytes.count)
                continue
            }
            if c < 0x20 { throw fail("control character in a string") }
            pos += 1
        }
        throw fail("unterminated string")
    }

    /// A string value; nil for `null`; throws for other types.
    mutating func readString() throws(StreamProtocolError) -> String? {
        switch try peekKind() {
        case .null:
            try skipValue()
            return nil
        case .string: break
        default: throw fail("expected a string")
        }
        pos += 1
        let start = pos
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
                pos += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw fail("control character in a string") }
            pos += 1
        }
        // Slow path: escapes, through the shared decoder; an unpaired surrogate becomes U+FFFD.
        pos = start
        do {
            let out = try JSONStringDecoder.decode(bytes, pos: &pos, surrogates: .replaced)
            return String(decoding: out, as: UTF8.self)
        } catch {
            switch error {
            case .controlCharacter: throw fail("control character in a string")
            case .truncatedEscape: throw fail("truncated \\u escape")
            case .invalidHexDigit: throw fail("invalid \\u escape")
            case .unterminated: throw fail("unterminated string")
            default: throw fail("invalid escape")
            }
        }
    }

    /// True at a number; false after skipping a `null`; throws at anything else.
    private mutating func atNumber() throws(StreamProtocolError) -> Bool {
        switch try peekKind() {
        case .null:
            try skipValue()
            return false
        case .number: return true
        default: throw fail("expected a number")
        }
    }

    /// A number as a Double; nil for `null`.
    mutating func readNumber() throws(StreamProtocolError) -> Double? {
        guard try atNumber() else { return nil }
        let start = pos
        try skipValue()
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
        guard let d = Double(text), d.isFinite else { throw fail("invalid number") }
        return d
    }

    /// An integer value (a number with a fraction is truncated); nil for `null`.
    mutating func readInt() throws(StreamProtocolError) -> Int? {
        guard try atNumber() else { return nil }
        let start = pos
        var negative = false
        if bytes[pos] == UInt8(ascii: "-") {
            negative = true
            pos += 1
        }
        var value = 0
        var digits = 0
        while pos < bytes.count, bytes[pos] >= 48, bytes[pos] <= 57 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(bytes[pos] - 48))
            if o1 || o2 { throw fail("integer out of range") }
            value = a
            digits += 1
            pos += 1
        }
        if digits == 0 { throw fail("invalid number") }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") || bytes[pos] | 0x20 == UInt8(ascii: "e") {
            pos = start
            try skipValue()
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
            guard let d = Double(text), d.isFinite, abs(d) < 9e18 else { throw fail("invalid number") }
            return Int(d)
        }
        return negative ? -value : value
    }
}

extension UnsafeRawBufferPointer {
    /// Byte equality with a static ASCII string (for JSON keys and field names).
    @inline(__always)
    func equals(_ s: StaticString) -> Bool {
        count == s.utf8CodeUnitCount && memcmpEqual(self, s)
    }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafeRawBufferPointer, _ s: StaticString) -> Bool {
    let p = s.utf8Start
    for i in 0..<a.count where a[i] != p[i] { return false }
    return true
}
