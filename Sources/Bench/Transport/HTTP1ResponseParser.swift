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
    static func parseHead(_ bytes: [UInt8]) throws(HTTP1ParseError) -> Head? {
        var lines = bytes.split(separator: lf, omittingEmptySubsequences: false).map { line -> ArraySlice<UInt8> in
            line.last == cr ? line.dropLast() : line
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let statusLine = lines.first else { throw HTTP1ParseError("empty response head") }
        // "HTTP/1.x SSS reason"
        let sl = Array(statusLine)
        guard sl.count >= 12, sl.starts(with: Array("HTTP/1.".utf8)), sl[8] == UInt8(ascii: " "),
            sl[9...11].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            sl.count == 12 || sl[12] == UInt8(ascii: " ")
        else {
            throw HTTP1ParseError("bad status line")
        }
        let minor = sl[7]
        let status = sl[9...11].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        if status >= 100, status < 200, status != 101 { return nil }
        var keepAlive = minor != UInt8(ascii: "0")
        var chunked = false
        var otherCoding = false
        var contentLength: Int?
        var retryAfter: String?
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                throw HTTP1ParseError("bad header line")
            }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingWhitespace()
            switch name {
            case "transfer-encoding":
                let codings = value.lowercased().split(separator: ",").map { $0.trimmingWhitespace() }
                if codings.last == "chunked" { chunked = true } else if !codings.isEmpty { otherCoding = true }
            case "content-length":
                guard let length = Int(value), length >= 0 else { throw HTTP1ParseError("bad Content-Length") }
                if let contentLength, contentLength != length { throw HTTP1ParseError("conflicting Content-Length headers") }
                contentLength = length
            case "connection":
                for token in value.lowercased().split(separator: ",").map({ $0.trimmingWhitespace() }) {
                    if token == "close" { keepAlive = false } else if token == "keep-alive" { keepAlive = true }
                }
            case "retry-after":
                if retryAfter == nil { retryAfter = value }
            default:
                break
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

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
    fileprivate func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
