import Testing
@testable import Bench

/// The `nio` transport's HTTP/1.1 response parser, fed the way a socket may deliver bytes.
struct HTTP1ResponseParserTests {
    struct Parsed: Equatable {
        var head: HTTP1ResponseParser.Head?
        var body: [UInt8] = []
        var complete = false
    }

    /// Feeds `pieces` in order; `eof` then ends the connection.
    static func parse(_ pieces: [[UInt8]], eof: Bool = false) throws -> Parsed {
        var parser = HTTP1ResponseParser()
        var out = Parsed()
        for piece in pieces {
            var heads: [HTTP1ResponseParser.Head] = []
            var body: [UInt8] = []
            let complete = try piece.withUnsafeBytes { raw in
                try parser.feed(raw, onHead: { heads.append($0) }, onBody: { body += $0; return true })
            }
            if let h = heads.first {
                #expect(out.head == nil, "a second head")
                out.head = h
            }
            out.body += body
            out.complete = complete
        }
        if eof {
            try parser.finishAtEOF()
            out.complete = parser.isComplete
        }
        return out
    }

    /// Every way to cut `bytes` in two, plus one byte at a time.
    static func splits(_ bytes: [UInt8]) -> [[[UInt8]]] {
        var all = (0...bytes.count).map { [Array(bytes[..<$0]), Array(bytes[$0...])] }
        all.append(bytes.map { [$0] })
        return all
    }

    /// One chunk: hex size (lowercase), optional extension, data, CRLF.
    static func chunk(_ data: String, ext: String = "") -> String {
        String(data.utf8.count, radix: 16) + ext + "\r\n" + data + "\r\n"
    }

    static let chunked = Array((
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
            + chunk("data: {\"x\":\"hello world\"}\n\n")
            + chunk("abcde", ext: ";name=\"v;x\"")
            + "A\r\n0123456789\r\n"
            + "0\r\nX-Trailer: yes\r\nAnother: 1\r\n\r\n").utf8)
    static let chunkedBody = Array("data: {\"x\":\"hello world\"}\n\nabcde0123456789".utf8)

    @Test func chunkedBodySplitAtEveryBytePosition() throws {
        for pieces in Self.splits(Self.chunked) {
            let p = try Self.parse(pieces)
            #expect(p.head == .init(status: 200, retryAfter: nil, keepAlive: true, framing: .chunked))
            #expect(p.body == Self.chunkedBody, "split \(pieces.map(\.count))")
            #expect(p.complete)
        }
    }

    @Test func severalChunksInOneReadAndBytesAfterTheEndIgnored() throws {
        let p = try Self.parse([Self.chunked + Array("HTTP/1.1 200 OK\r\n".utf8)])
        #expect(p.body == Self.chunkedBody)
        #expect(p.complete)
    }

    @Test func bareLFLineEndsAndUppercaseHexAreAccepted() throws {
        let text = "HTTP/1.1 200 OK\nTransfer-Encoding: gzip, chunked\n\n" + "B\nhello world\n" + "0\n\n"
        let p = try Self.parse([Array(text.utf8)])
        #expect(p.body == Array("hello world".utf8))
        #expect(p.complete)
    }

    @Test func contentLengthBody() throws {
        let text = Array("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 12\r\nContent-Length: 16\r\n\r\n{\"error\":\"slow\"}".utf8)
        for pieces in Self.splits(text) {
            let p = try Self.parse(pieces)
            #expect(p.head == .init(status: 429, retryAfter: "12", keepAlive: true, framing: .contentLength(16)))
            #expect(p.body == Array("{\"error\":\"slow\"}".utf8))
            #expect(p.complete)
        }
        let empty = try Self.parse([Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)])
        #expect(empty.complete && empty.body.isEmpty && empty.head?.keepAlive == false)
    }

    @Test func closeDelimitedBodyEndsAtEOF() throws {
        let text = Array("HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: a\n\ndata: b\n\n".utf8)
        for pieces in Self.splits(text) {
            let open = try Self.parse(pieces)
            #expect(!open.complete)
            #expect(open.head?.framing == .untilClose && open.head?.keepAlive == false)
            let closed = try Self.parse(pieces, eof: true)
            #expect(closed.complete)
            #expect(closed.body == Array("data: a\n\ndata: b\n\n".utf8))
        }
    }

    @Test func interimResponsesAreSkipped() throws {
        let text = Array("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n".utf8)
        let p = try Self.parse([text])
        #expect(p.head?.status == 204)
        #expect(p.complete)
    }

    @Test func keepAliveFollowsTheVersionAndConnectionHeader() throws {
        let h10 = try Self.parse([Array("HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n".utf8)])
        #expect(h10.head?.keepAlive == true)
        let h11 = try Self.parse([Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nconnection: Close\r\n\r\n".utf8)])
        #expect(h11.head?.keepAlive == false)
    }

    @Test(arguments: [
        "1g\r\nx\r\n", "zz\r\n", "\r\n", ";ext\r\n", "1 2\r\n", "FFFFFFFFFFFFFFFFF\r\n", "3\r\nabcX\r\n", "3\rx",
    ])
    func badChunkFramingIsAnError(_ bad: String) {
        let text = Array(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + bad).utf8)
        for pieces in Self.splits(text) {
            #expect(throws: HTTP1ParseError.self, "\(bad.debugDescription) split \(pieces.map(\.count))") {
                _ = try Self.parse(pieces)
            }
        }
    }

    /// Header values as HTTP allows them: names in any case, optional whitespace, list items
    /// (empty ones skipped), repeated headers.
    @Test(arguments: [
        ("Transfer-Encoding: gzip, chunked", HTTP1ResponseParser.Head(status: 200, keepAlive: true, framing: .chunked)),
        ("transfer-encoding:CHUNKED", .init(status: 200, keepAlive: true, framing: .chunked)),
        ("Transfer-Encoding: chunked,, ", .init(status: 200, keepAlive: true, framing: .chunked)),
        ("Transfer-Encoding: chunked, gzip", .init(status: 200, keepAlive: false, framing: .untilClose)),
        ("Transfer-Encoding: chunked,  ,\t", .init(status: 200, keepAlive: false, framing: .untilClose)),
        ("Content-Length: +5", .init(status: 200, keepAlive: true, framing: .contentLength(5))),
        ("CONTENT-LENGTH: \t7 ", .init(status: 200, keepAlive: true, framing: .contentLength(7))),
        ("Content-Length: 3\r\nContent-Length: 3", .init(status: 200, keepAlive: true, framing: .contentLength(3))),
        ("Content-Length: 0\r\nConnection: keep-alive, Close", .init(status: 200, keepAlive: false, framing: .contentLength(0))),
        ("Content-Length: 0\r\nConnection: close, keep-alive", .init(status: 200, keepAlive: true, framing: .contentLength(0))),
        ("Content-Length: 0\r\nConnection: upgrade", .init(status: 200, keepAlive: true, framing: .contentLength(0))),
        ("Retry-After:  120 \r\nretry-after: 5\r\nContent-Length: 0",
         .init(status: 200, retryAfter: "120", keepAlive: true, framing: .contentLength(0))),
        ("Transfer-Encodings: chunked\r\nContent-Lengthx: 4\r\nContent-Length: 2",
         .init(status: 200, keepAlive: true, framing: .contentLength(2))),
    ])
    func headerValues(_ headers: String, _ expected: HTTP1ResponseParser.Head) throws {
        let head = try HTTP1ResponseParser.parseHead(Array("HTTP/1.1 200 OK\r\n\(headers)\r\n\r\n".utf8))
        #expect(head == expected, "\(headers.debugDescription)")
    }

    @Test func badHeadsAreErrors() {
        for head in ["HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n", "ICY 200 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
                     "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\n",
                     "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n",
                     "HTTP/1.1 200 OK\r\nContent-Length: 3\r\ncontent-length: 4\r\n\r\n", "HTTP/1.1 200 OK\r\n: x\r\n\r\n",
                     "HTTP/1.1 20\r\n\r\n", "\r\n\r\n"]
        {
            #expect(throws: HTTP1ParseError.self, "\(head.debugDescription)") { _ = try Self.parse([Array(head.utf8)]) }
        }
        let huge = Array(("HTTP/1.1 200 OK\r\n" + String(repeating: "X-Pad: 0123456789\r\n", count: 5000)).utf8)
        #expect(throws: HTTP1ParseError.self) { _ = try Self.parse([huge]) }
    }

    @Test func aResponseCutOffIsAnErrorAtEOF() throws {
        let cut = Array(Self.chunked.prefix(120))
        #expect(throws: HTTP1ParseError.self) { _ = try Self.parse([cut], eof: true) }
        #expect(throws: HTTP1ParseError.self) { _ = try Self.parse([Array("HTTP/1.1 200".utf8)], eof: true) }
        #expect(throws: HTTP1ParseError.self) { _ = try Self.parse([], eof: true) }
        let short = Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".utf8)
        #expect(throws: HTTP1ParseError.self) { _ = try Self.parse([short], eof: true) }
    }
}
