/// An incremental parser for one HTTP/1.1 response: status line and headers, then a body framed
/// by chunked transfer-encoding, `Content-Length`, or the end of the connection.
///
/// Bytes are fed as they arrive; any frame (head, chunk-size line, CRLF, trailer) may be split
/// across reads at any byte. Body bytes are handed out as slices of the input, never copied, so
/// a read holding several chunks costs one pass. Written by hand rather than with NIOHTTP1's
/// `HTTPResponseDecoder`: for the streamed-token case (one tiny chunk per read) the general
/// decoder's framing (llhttp callbacks, one pipeline message per chunk) cost about twice the CPU
/// of this parser, measured in docs/performance.md.
struct HTTP1ResponseParser {
    /// How the body's end is known.
    enum BodyFraming: Equatable {
        /// No body (204, 304).
        case none
        case contentLength(Int)
        case chunked
        /// The body ends when the server closes the connection.
        case untilClose
    }

    /// The parts of the response head the bench uses.
    struct Head: Equatable {
        var status: Int
        var retryAfter: String?
        /// False for `Connection: close`, HTTP/1.0 without keep-alive, and close-delimited bodies.
        var keepAlive: Bool
        var framing: BodyFraming
    }

    /// The largest head accepted (status line plus headers).
    static let maxHeadBytes = 64 * 1024

    private enum State: Equatable {
        case head
        case fixed(remaining: Int)
        case chunkSize(value: Int, digits: Int)
        /// After the size digits: optional whitespace before `;`, CR or LF.
        case chunkSizeSpace(value: Int)
        /// Inside a chunk extension (`;name=value`), skipped up to LF.
        case chunkExtension(value: Int)
        case chunkSizeLF(value: Int)
        case chunkData(remaining: Int)
        case chunkDataCR
        case chunkDataLF
        case trailerLineStart
        case trailerLine
        case trailerEndLF
        case untilClose
        case done
    }

    private var state = State.head
    private var headBytes: [UInt8] = []
    /// Bytes of the current head line seen so far, CR excluded (0 at a line start).
    private var headLineLength = 0
    private(set) var head: Head?

    var isComplete: Bool { state == .done }

    /// Parses `bytes`. Calls `onHead` once with the final (non-1xx) head, and `onBody` with every
    /// piece of body in order; `onBody` returns false to stop parsing at once. Returns true when
    /// the response is complete (bytes after the end are ignored).
    ///
    /// One state machine in one function on purpose: it runs on every read of every stream
    /// (docs/performance.md, "Figures cited by the code": the framing's share of client CPU).
    mutating func feed(
        _ bytes: UnsafeRawBufferPointer, onHead: (Head) -> Void, onBody: (UnsafeRawBufferPointer) -> Bool
    ) throws(HTTP1ParseError) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            switch state {
            case .head:
                let start = i
                var ended = false
                while i < n {
                    let c = bytes[i]
                    i += 1
                    if c == lf {
                        if headLineLength == 0 {
                            ended = true
                            break
                        }
                        headLineLength = 0
                    } else if c != cr {
                        headLineLength += 1
                    }
                }
                headBytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
                if headBytes.count > Self.maxHeadBytes { throw HTTP1ParseError("response head larger than 64 KiB") }
                if ended {
                    let parsed = try Self.parseHead(headBytes)
                    headBytes.removeAll(keepingCapacity: false)
                    guard let parsed else { continue }  // 1xx interim response: the real head follows
                    head = parsed
                    onHead(parsed)
                    switch parsed.framing {
                    case .none, .contentLength(0): state = .done
                    case .contentLength(let length): state = .fixed(remaining: length)
                    case .chunked: state = .chunkSize(value: 0, digits: 0)
                    case .untilClose: state = .untilClose
                    }
                }
            case .fixed(let remaining):
                let take = min(remaining, n - i)
                let piece = UnsafeRawBufferPointer(rebasing: bytes[i..<(i + take)])
                i += take
                state = remaining == take ? .done : .fixed(remaining: remaining - take)
                if !onBody(piece) { return state == .done }
            case .untilClose:
                let piece = UnsafeRawBufferPointer(rebasing: bytes[i..<n])
                i = n
                if !onBody(piece) { return false }
            case .chunkData(let remaining):
                let take = min(remaining, n - i)
                let piece = UnsafeRawBufferPointer(rebasing: bytes[i..<(i + take)])
                i += take
                state = remaining == take ? .chunkDataCR : .chunkData(remaining: remaining - take)
                if !onBody(piece) { return false }
            case .chunkSize(let value, let digits):
                let c = bytes[i]
                i += 1
                if let d = hexValue(c) {
                    guard value <= (Int.max - 15) >> 4, digits < 16 else { throw HTTP1ParseError("chunk size too large") }
                    state = .chunkSize(value: value << 4 | d, digits: digits + 1)
                } else {
                    guard digits > 0 else { throw HTTP1ParseError("bad chunk size line") }
                    state = try afterChunkSize(c, value: value)
                }
            case .chunkSizeSpace(let value):
                let c = bytes[i]
                i += 1
                state = try afterChunkSize(c, value: value)
            case .chunkExtension(let value):
                // Skip to the end of the line (a quoted extension value cannot hold a LF).
                while i < n, bytes[i] != lf { i += 1 }
                if i < n {
                    i += 1
                    state = chunkSizeEnded(value)
                }
            case .chunkSizeLF(let value):
                guard bytes[i] == lf else { throw HTTP1ParseError("bad chunk size line") }
                i += 1
                state = chunkSizeEnded(value)
            case .chunkDataCR:
                let c = bytes[i]
                i += 1
                if c == cr {
                    state = .chunkDataLF
                } else if c == lf {
                    state = .chunkSize(value: 0, digits: 0)
                } else {
                    throw HTTP1ParseError("chunk data not followed by CRLF")
                }
            case .chunkDataLF:
                guard bytes[i] == lf else { throw HTTP1ParseError("chunk data not followed by CRLF") }
                i += 1
                state = .chunkSize(value: 0, digits: 0)
            case .trailerLineStart:
                let c = bytes[i]
                i += 1
                state = c == cr ? .trailerEndLF : c == lf ? .done : .trailerLine
            case .trailerLine:
                while i < n, bytes[i] != lf { i += 1 }
                if i < n {
                    i += 1
                    state = .trailerLineStart
                }
            case .trailerEndLF:
                guard bytes[i] == lf else { throw HTTP1ParseError("bad trailer section") }
                i += 1
                state = .done
            case .done:
                return true
            }
        }
        return state == .done
    }

    /// The connection ended. Completes a close-delimited body; throws if the response was cut off.
    mutating func finishAtEOF() throws(HTTP1ParseError) {
        switch state {
        case .done: return
        case .untilClose: state = .done
        case .head: throw HTTP1ParseError(headBytes.isEmpty ? "connection closed before a response" : "connection closed inside the response head")
        default: throw HTTP1ParseError("connection closed mid-body")
        }
    }

    private func afterChunkSize(_ c: UInt8, value: Int) throws(HTTP1ParseError) -> State {
        switch c {
        case UInt8(ascii: " "), UInt8(ascii: "\t"): return .chunkSizeSpace(value: value)
        case UInt8(ascii: ";"): return .chunkExtension(value: value)
        case cr: return .chunkSizeLF(value: value)
        case lf: return chunkSizeEnded(value)
        default: throw HTTP1ParseError("bad chunk size line")
        }
    }

    private func chunkSizeEnded(_ value: Int) -> State {
        value == 0 ? .trailerLineStart : .chunkData(remaining: value)
    }

    /// Parses a complete head (ending with its empty line). `nil` for a 1xx interim response.
    ///
    /// Works on the bytes: header names are compared case-insensitively in place and only the
    /// four headers that matter here are looked at (a `String` per header line was a visible
    /// part of the bench's per-request cost at thousands of requests per second).
    static func parseHead(_ bytes: [UInt8]) throws(HTTP1ParseError) -> Head? {
        // Lines end at LF, with an optional CR before it; trailing empty lines are not headers.
        var lines: [Range<Int>] = []
        lines.reserveCapacity(16)
        var lineStart = 0
        for i in bytes.indices where bytes[i] == lf {
            lines.append(lineStart..<(i > lineStart && bytes[i - 1] == cr ? i - 1 : i))
            lineStart = i + 1
        }
        lines.append(lineStart..<bytes.count)
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let statusLine = lines.first else { throw HTTP1ParseError("empty response head") }
        // "HTTP/1.x SSS reason"
        let sl = bytes[statusLine]
        let s0 = statusLine.lowerBound
        guard sl.count >= 12, sl.starts(with: "HTTP/1.".utf8), bytes[s0 + 8] == UInt8(ascii: " "),
            bytes[(s0 + 9)...(s0 + 11)].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            sl.count == 12 || bytes[s0 + 12] == UInt8(ascii: " ")
        else {
            throw HTTP1ParseError("bad status line")
        }
        let minor = bytes[s0 + 7]
        let status = bytes[(s0 + 9)...(s0 + 11)].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        if status >= 100, status < 200, status != 101 { return nil }
        var keepAlive = minor != UInt8(ascii: "0")
        var chunked = false
        var otherCoding = false
        var contentLength: Int?
        var retryAfter: String?
        for line in lines.dropFirst() {
            guard let colon = bytes[line].firstIndex(of: UInt8(ascii: ":")), colon > line.lowerBound else {
                throw HTTP1ParseError("bad header line")
            }
            let name = bytes[line.lowerBound..<colon]
            let value = trimmed(bytes, (colon + 1)..<line.upperBound)
            if asciiCaseInsensitiveEquals(name, "transfer-encoding") {
                // The codings, empty list items skipped: chunked must be the last one.
                if let last = listItems(bytes, value).last {
                    if asciiCaseInsensitiveEquals(bytes[last], "chunked") { chunked = true } else { otherCoding = true }
                }
            } else if asciiCaseInsensitiveEquals(name, "content-length") {
                guard let length = decimalInt(bytes[value]), length >= 0 else { throw HTTP1ParseError("bad Content-Length") }
                if let contentLength, contentLength != length { throw HTTP1ParseError("conflicting Content-Length headers") }
                contentLength = length
            } else if asciiCaseInsensitiveEquals(name, "connection") {
                for token in listItems(bytes, value) {
                    if asciiCaseInsensitiveEquals(bytes[token], "close") {
                        keepAlive = false
                    } else if asciiCaseInsensitiveEquals(bytes[token], "keep-alive") {
                        keepAlive = true
                    }
                }
            } else if asciiCaseInsensitiveEquals(name, "retry-after") {
                if retryAfter == nil { retryAfter = String(decoding: bytes[value], as: UTF8.self) }
            }
        }
        let framing: BodyFraming
        if status == 204 || status == 304 {
            framing = .none
        } else if chunked {
            framing = .chunked
        } else if otherCoding {
            framing = .untilClose
        } else if let contentLength {
            framing = .contentLength(contentLength)
        } else {
            framing = .untilClose
        }
        if framing == .untilClose { keepAlive = false }
        return Head(status: status, retryAfter: retryAfter, keepAlive: keepAlive, framing: framing)
    }
}

/// `range` of `bytes` without leading and trailing spaces and tabs (HTTP's optional whitespace).
private func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
    var lower = range.lowerBound
    var upper = range.upperBound
    while lower < upper, bytes[lower] == UInt8(ascii: " ") || bytes[lower] == UInt8(ascii: "\t") { lower += 1 }
    while upper > lower, bytes[upper - 1] == UInt8(ascii: " ") || bytes[upper - 1] == UInt8(ascii: "\t") { upper -= 1 }
    return lower..<upper
}

/// The items of a comma-separated header value, each trimmed; empty items between commas are
/// skipped (an item of only spaces is kept, as an empty item).
private func listItems(_ bytes: [UInt8], _ range: Range<Int>) -> [Range<Int>] {
    var items: [Range<Int>] = []
    var start = range.lowerBound
    for i in range where bytes[i] == UInt8(ascii: ",") {
        if i > start { items.append(trimmed(bytes, start..<i)) }
        start = i + 1
    }
    if range.upperBound > start { items.append(trimmed(bytes, start..<range.upperBound)) }
    return items
}

/// ASCII letters compared without case; `lowercase` is the expected name in lower case.
private func asciiCaseInsensitiveEquals(_ bytes: ArraySlice<UInt8>, _ lowercase: StaticString) -> Bool {
    guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
    let expected = lowercase.utf8Start
    var k = 0
    for b in bytes {
        let folded = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
        if folded != expected[k] { return false }
        k += 1
    }
    return true
}

/// A decimal integer with an optional sign, as `Int(String)` reads it; nil when empty, when
/// anything else is present, or on overflow.
private func decimalInt(_ bytes: ArraySlice<UInt8>) -> Int? {
    var digits = bytes[...]
    var negative = false
    if let first = digits.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
        negative = first == UInt8(ascii: "-")
        digits = digits.dropFirst()
    }
    guard !digits.isEmpty else { return nil }
    var value = 0
    for b in digits {
        guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
        let (m, o1) = value.multipliedReportingOverflow(by: 10)
        let (a, o2) = negative ? m.subtractingReportingOverflow(Int(b - 48)) : m.addingReportingOverflow(Int(b - 48))
        guard !o1, !o2 else { return nil }
        value = a
    }
    return value
}

/// A response that is not valid HTTP/1.1 framing.
struct HTTP1ParseError: Error, Equatable, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { "invalid HTTP response: \(message)" }
}

private let cr = UInt8(ascii: "\r")
private let lf = UInt8(ascii: "\n")

@inline(__always) private func hexValue(_ c: UInt8) -> Int? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(c - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(c - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(c - UInt8(ascii: "A") + 10)
    default: return nil
    }
}
