import Foundation

/// A small strict JSON (RFC 8259) parser.
///
/// Written for result files: it tracks the path of the value being parsed so that a syntax
/// error names the field at fault, and parses integer arrays without boxing every element.
/// Numbers that overflow a Double (`1e400`) are rejected as non-finite.
public struct JSONParser {
    // Internal rather than private: `RequestArrayReader` reads result files' request records
    // straight from these bytes, with the same primitives.
    package let bytes: UnsafeBufferPointer<UInt8>
    package var pos = 0
    var path: [JSONPath.Component] = []
    package var depth = 0
    package static let maxDepth = 256
    /// The longest string, in bytes (the longest any result file needs is a chunk text of about a
    /// million chunks).
    public static let maxStringBytes = 4 << 20
    /// The top-level key whose value `interceptor` reads instead of `parseValue` (see
    /// `parse(_:intercepting:with:)`), and what it returned for the last occurrence of the key.
    private var interceptedKey: String?
    private var interceptor: ((inout JSONParser) -> Any?)?
    private var intercepted: Any?

    /// Parses one complete JSON document.
    public static func parse(_ data: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try data.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try parse(buffer) }
    }

    /// Parses one complete JSON document, handing the value of the top-level object's member
    /// `key` to `read` instead of building a `JSONValue` for it.
    ///
    /// `read` starts at the value's first byte. It either consumes the whole value and returns
    /// its result (the document then holds an empty array under `key`), or returns nil, after
    /// which the value is parsed as usual from the same byte: so every syntax error is reported
    /// exactly as `parse(_:)` reports it. When the key occurs more than once, the last occurrence
    /// counts, as for every other key.
    package static func parse<T>(
        _ buffer: UnsafeBufferPointer<UInt8>, intercepting key: String, with read: (inout JSONParser) -> T?
    ) throws(JSONSyntaxError) -> (JSONValue, T?) {
        do {
            return try withoutActuallyEscaping(read) { read in
                var parser = JSONParser(bytes: buffer)
                parser.interceptedKey = key
                parser.interceptor = { read(&$0) }
                let value = try parser.parseDocument()
                return (value, parser.intercepted as? T)
            }
        } catch let error as JSONSyntaxError {
            throw error
        } catch {
            fatalError("unreachable: \(error)")
        }
    }

    /// `parse(_:)` of bytes the caller holds.
    package static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: buffer)
        return try parser.parseDocument()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        if pos == bytes.count { throw fail("the file is empty") }
        let value = try parseValue()
        skipWhitespace()
        if pos != bytes.count { throw fail("unexpected text after the end of the JSON document") }
        return value
    }

    // MARK: - Values

    package mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard pos < bytes.count else { throw fail("unexpected end of file (the file is truncated)") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default:
            throw fail("unexpected character '\(printable(bytes[pos]))' where a value should start")
        }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        pos += 1
        // Sized for a request record (about a dozen keys): no rehashing while it fills.
        var result = [String: JSONValue](minimumCapacity: 12)
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object(result)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
            let key = try parseString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw fail("expected ':' after key \"\(key)\"") }
            pos += 1
            skipWhitespace()
            path.append(.key(key))
            let value: JSONValue
            if depth == 1, let interceptor, key == interceptedKey {
                let start = (pos, depth, path.count)
                intercepted = interceptor(&self)
                if intercepted != nil {
                    value = .array([])
                } else {
                    (pos, depth) = (start.0, start.1)
                    path.removeLast(path.count - start.2)
                    value = try parseValue()
                }
            } else {
                value = try parseValue()
            }
            path.removeLast()
            // A repeated key is refused, not resolved: in a result file a trailing
            // `"requests": []` would otherwise silently hide every record before it.
            if result.updateValue(value, forKey: key) != nil { throw fail("duplicate key \"\(key)\" in an object") }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "}"):
                pos += 1
                depth -= 1
                return .object(result)
            case nil: throw fail("unexpected end of file inside an object (the file is truncated)")
            default: throw fail("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        pos += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array([])
        }
        if let ints = scanIntegerArray() {
            depth -= 1
            return .intArray(ints)
        }
        // General path.
        var items: [JSONValue] = []
        while true {
            skipWhitespace()
            path.append(.index(items.count))
            items.append(try parseValue())
            path.removeLast()
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "]"):
                pos += 1
                depth -= 1
                return .array(items)
            case nil: throw fail("unexpected end of file inside an array (the file is truncated)")
            default: throw fail("expected ',' or ']' in an array")
            }
        }
    }

    /// Reads the rest of an array of plain integers, from its first element (the `[` and the
    /// whitespace after it already consumed, the array not empty) through its `]`, straight into
    /// its final storage. Returns nil, position unchanged, if any element is not a plain integer.
    package mutating func scanIntegerArray() -> [Int64]? {
        guard let bound = integerArrayBound() else { return nil }
        var complete = false
        let ints = [Int64](unsafeUninitializedCapacity: bound) { buffer, count in
            count = scanIntegers(into: buffer.baseAddress!) ?? 0
            complete = count > 0
        }
        return complete ? ints : nil
    }

    /// `scanIntegerArray` into `scratch` (grown when needed, owned by the caller), for a caller
    /// that transforms the integers anyway: the elements, valid until the next call.
    package mutating func scanIntegers(reusing scratch: inout UnsafeMutableBufferPointer<Int64>) -> UnsafeBufferPointer<Int64>? {
        guard let bound = integerArrayBound() else { return nil }
        if scratch.count < bound {
            if scratch.baseAddress != nil { scratch.deallocate() }
            scratch = .allocate(capacity: max(bound, 2 * scratch.count))
        }
        guard let n = scanIntegers(into: scratch.baseAddress!) else { return nil }
        return UnsafeBufferPointer(rebasing: scratch[..<n])
    }

    /// At most how many integers the array from `pos` can hold: all of its elements lie before
    /// the first ']' byte and each but the last takes at least two bytes (digits and a comma),
    /// which bounds the count without a counting pass. Nil if there is no ']'.
    private func integerArrayBound() -> Int? {
        guard let close = memchr(bytes.baseAddress! + pos, Int32(UInt8(ascii: "]")), bytes.count - pos) else { return nil }
        return (bytes.baseAddress!.distance(to: close.assumingMemoryBound(to: UInt8.self)) - pos) / 2 + 1
    }

    /// The integers of the array from `pos` through its `]` into `buffer` (room for
    /// `integerArrayBound()`); their count, or nil with the position unchanged.
    private mutating func scanIntegers(into buffer: UnsafeMutablePointer<Int64>) -> Int? {
        let start = pos
        let base = bytes.baseAddress!
        var count = 0
        while true {
            // Tightest path, the shape of every chunk delta: 1–7 digits, no sign, no leading
            // zero, then a comma; vectorised first (`IntegerListScanner`), then eight bytes at a
            // time. Anything else goes through `scanInteger`.
            if IntegerListScanner.isAvailable {
                let (n, stop) = IntegerListScanner.scan(bytes, from: pos, into: buffer + count)
                count &+= n
                pos = stop
            }
            while pos + 8 <= bytes.count {
                let eight = EightDigits(at: base + pos)
                guard eight.count > 0, eight.count < 8, eight.delimiter == UInt8(ascii: ","), !eight.hasLeadingZero
                else { break }
                buffer[count] = eight.value
                count &+= 1
                pos &+= eight.count &+ 1
            }
            skipWhitespace()  // allowed after a comma the loop above consumed
            guard let value = scanInteger() else { break }
            buffer[count] = value
            count += 1
            if bytes[pos] == UInt8(ascii: ",") {  // an integer always has a delimiter after it here
                pos += 1
                skipWhitespace()
                continue
            }
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                pos += 1
                skipWhitespace()
            } else if peek() == UInt8(ascii: "]") {
                pos += 1
                return count
            } else {
                break
            }
        }
        pos = start
        return nil
    }

    /// Reads an integer token that is followed by a delimiter; returns nil (position unchanged)
    /// if the token is not a plain integer that fits in Int64.
    @inline(__always) package mutating func scanInteger() -> Int64? {
        var p = pos
        var negative = false
        if p < bytes.count, bytes[p] == UInt8(ascii: "-") {
            negative = true
            p += 1
        }
        let digitsStart = p
        var value: Int64 = 0
        // Eight bytes at a time when they are there (`EightDigits`); longer numbers below.
        if p + 8 <= bytes.count {
            let eight = EightDigits(at: bytes.baseAddress! + p)
            if eight.count == 0 { return nil }
            if eight.count < 8 {
                value = eight.value
                p += eight.count
            }
        }
        // Up to 18 digits cannot overflow Int64: accumulate without checks, and redo longer
        // tokens with overflow checks.
        while p < bytes.count {
            let d = bytes[p] &- 48
            guard d < 10 else { break }
            value = value &* 10 &+ Int64(d)
            p += 1
        }
        if p - digitsStart > 18 {
            value = 0
            for q in digitsStart..<p {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(bytes[q] - 48))
                if o1 || o2 { return nil }
                value = a
            }
        }
        let count = p - digitsStart
        if count == 0 || (count > 1 && bytes[digitsStart] == 48) { return nil }
        if p < bytes.count {
            let c = bytes[p]
            if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { return nil }
        }
        pos = p
        return negative ? -value : value
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        if let int = scanInteger() { return .int(int) }
        let start = pos
        if peek() == UInt8(ascii: "-") { pos += 1 }
        guard let first = peek(), first >= 48, first <= 57 else { throw fail("invalid number") }
        if first == 48 {
            pos += 1
        } else {
            while let c = peek(), c >= 48, c <= 57 { pos += 1 }
        }
        if peek() == UInt8(ascii: ".") {
            pos += 1
            guard let c = peek(), c >= 48, c <= 57 else { throw fail("invalid number: digits must follow '.'") }
            while let c = peek(), c >= 48, c <= 57 { pos += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            pos += 1
            if let s = peek(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { pos += 1 }
            guard let c = peek(), c >= 48, c <= 57 else { throw fail("invalid number: bad exponent") }
            while let c = peek(), c >= 48, c <= 57 { pos += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
        guard let value = Double(text) else { throw fail("invalid number \(text)") }
        guard value.isFinite else { throw fail("number \(text) is not finite") }
        return .double(value)
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        pos += 1  // opening quote
        let start = pos
        // Fast path: no escapes.
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                guard pos - start <= JSONParser.maxStringBytes else { throw fail(Self.tooLong) }
                guard let s = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self) else {
                    throw fail("invalid UTF-8 in a string")
                }
                pos += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw fail("control character in a string") }
            pos += 1
        }
        // Escapes: the shared decoder, from the string's start; surrogates must pair.
        pos = start
        let out: [UInt8]
        do {
            out = try JSONStringDecoder.decode(
                UnsafeRawBufferPointer(bytes), pos: &pos, surrogates: .refused, limit: JSONParser.maxStringBytes + 1)
        } catch {
            switch error {
            case .controlCharacter: throw fail("control character in a string")
            case .invalidEscape(let e): throw fail("invalid escape '\\\(printable(e))'")
            case .truncatedEscape: throw fail("truncated \\u escape")
            case .invalidHexDigit: throw fail("invalid hex digit in \\u escape")
            case .unpairedSurrogate: throw fail("unpaired UTF-16 surrogate in \\u escape")
            case .invalidSurrogatePair: throw fail("invalid UTF-16 surrogate pair")
            case .unterminated: throw fail("unterminated string (the file is truncated)")
            case .tooLong: throw fail(Self.tooLong)
            }
        }
        guard out.count <= JSONParser.maxStringBytes else { throw fail(Self.tooLong) }
        guard let s = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8 in a string") }
        return s
    }

    private static let tooLong = "a string longer than \(JSONParser.maxStringBytes >> 20) MiB (the limit for any string)"

    // MARK: - Helpers

    package mutating func expectLiteral(_ literal: String) throws(JSONSyntaxError) {
        let lit = Array(literal.utf8)
        let n = lit.count
        guard pos + n <= bytes.count else { throw fail("unexpected end of file (the file is truncated)") }
        for i in 0..<n where bytes[pos + i] != lit[i] {
            throw fail("invalid literal (expected \(literal); NaN and Infinity are not JSON)")
        }
        pos += n
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > JSONParser.maxDepth { throw fail("nesting deeper than \(JSONParser.maxDepth) levels") }
    }

    @inline(__always) package func peek() -> UInt8? { pos < bytes.count ? bytes[pos] : nil }

    @inline(__always) package mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    private func printable(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : String(format: "0x%02X", byte)
    }

    private func fail(_ reason: String) -> JSONSyntaxError {
        var line = 1
        var column = 1
        for i in 0..<min(pos, bytes.count) {
            if bytes[i] == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return JSONSyntaxError(line: line, column: column, path: JSONPath.render(path), reason: reason)
    }
}

/// Renders field paths like `requests[3].error.kind`.
public enum JSONPath {
    public enum Component: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    public static func render(_ components: [Component]) -> String {
        var out = ""
        for c in components {
            switch c {
            case .key(let k): out += out.isEmpty ? k : ".\(k)"
            case .index(let i): out += "[\(i)]"
            }
        }
        return out
    }
}
