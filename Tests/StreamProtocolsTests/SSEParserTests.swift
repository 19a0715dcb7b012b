import Testing

@testable import StreamProtocols

/// Feeds `bytes` cut at the given offsets.
func feedSSE(_ bytes: [UInt8], cuts: [Int]) -> [SSEEvent] {
    var parser = SSEParser()
    var events: [SSEEvent] = []
    var start = 0
    for cut in cuts + [bytes.count] where cut >= start {
        events += parser.feed(Array(bytes[start..<cut]))
        start = cut
    }
    return events + parser.finish()
}

@Suite struct SSEParserTests {
    let stream = Array(
        ("\u{FEFF}: comment line\r\n"
            + "event: add\r\ndata: first line\r\ndata:second line\r\nid: 7\r\n\r\n"
            + "data: héllo wörld → 🌍\n\n"
            + "retry: 2500\rdata:  two spaces kept\r\r"
            + "data\n\n"
            + "event:ping\nfoo: bar\ndata: x\n\n").utf8)

    let expected = [
        SSEEvent(type: "add", data: "first line\nsecond line", id: "7"),
        SSEEvent(type: "message", data: "héllo wörld → 🌍", id: "7"),
        SSEEvent(type: "message", data: " two spaces kept", id: "7", retry: 2500),
        SSEEvent(type: "message", data: "", id: "7"),
        SSEEvent(type: "ping", data: "x", id: "7"),
    ]

    @Test func wholeStream() {
        #expect(feedSSE(stream, cuts: []) == expected)
    }

    @Test func everySingleSplitGivesTheSameEvents() {
        for cut in 0...stream.count {
            #expect(feedSSE(stream, cuts: [cut]) == expected, "split at byte \(cut)")
        }
    }

    @Test func everyPairOfSplitsGivesTheSameEvents() {
        for a in 0...stream.count {
            for b in stride(from: a, through: stream.count, by: 3) {
                let events = feedSSE(stream, cuts: [a, b])
                if events != expected {
                    Issue.record("splits at \(a), \(b)")
                    return
                }
            }
        }
    }

    @Test func byteByByte() {
        #expect(feedSSE(stream, cuts: Array(0...stream.count)) == expected)
    }

    @Test func crlfSplitBetweenCRAndLF() {
        let bytes = Array("data: a\r\n\r\ndata: b\r\n\r\n".utf8)
        // Cut right after each CR: the LF at the start of the next read must not make an extra blank line.
        let crs = bytes.indices.filter { bytes[$0] == 0x0D }.map { $0 + 1 }
        #expect(feedSSE(bytes, cuts: crs) == [SSEEvent(data: "a"), SSEEvent(data: "b")])
    }

    @Test func loneCRsAreLineEnds() {
        #expect(feedSSE(Array("data: a\rdata: b\r\r".utf8), cuts: [8]) == [SSEEvent(data: "a\nb")])
    }

    @Test func utf8ScalarSplitBetweenReads() {
        let bytes = Array("data: 🌍é\n\n".utf8)  // 4-byte and 2-byte scalars
        for cut in 6...11 {
            #expect(feedSSE(bytes, cuts: [cut]) == [SSEEvent(data: "🌍é")], "cut \(cut)")
        }
    }

    @Test func bomOnlyStrippedAtStartEvenWhenSplit() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("data: x\n\n".utf8)
        for cut in 0...4 {
            #expect(feedSSE(bytes, cuts: [cut]) == [SSEEvent(data: "x")], "cut \(cut)")
        }
        // A second BOM is content: it makes the field name "\u{FEFF}data", which is ignored.
        let twice: [UInt8] = [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array("data: x\n\ndata: y\n\n".utf8)
        #expect(feedSSE(twice, cuts: [1, 4]) == [SSEEvent(data: "y")])
    }

    @Test func streamShorterThanABOM() {
        #expect(feedSSE(Array("\n\n".utf8), cuts: [1]) == [])
        #expect(feedSSE(Array("d".utf8), cuts: []) == [])
    }

    @Test func commentsAndUnknownFieldsAreIgnored() {
        let bytes = Array(":keep-alive\n\n: another\ndata: a\nunknown: z\n\n".utf8)
        #expect(feedSSE(bytes, cuts: []) == [SSEEvent(data: "a")])
    }

    @Test func fieldWithoutColonHasEmptyValue() {
        #expect(feedSSE(Array("data\ndata\n\n".utf8), cuts: []) == [SSEEvent(data: "\n")])
        // "event" alone resets the type to the default.
        #expect(feedSSE(Array("event: x\nevent\ndata: 1\n\n".utf8), cuts: []) == [SSEEvent(data: "1")])
    }

    @Test func onlyOneLeadingSpaceIsStripped() {
        #expect(feedSSE(Array("data:   x \n\n".utf8), cuts: []) == [SSEEvent(data: "  x ")])
        #expect(feedSSE(Array("data:x\n\n".utf8), cuts: []) == [SSEEvent(data: "x")])
    }

    @Test func idAndRetryRules() {
        let bytes = Array("id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid: bad\0id\nretry: 12x\ndata: d\n\nretry: 300\n\n".utf8)
        #expect(
            feedSSE(bytes, cuts: []) == [
                SSEEvent(data: "a", id: "1"),
                SSEEvent(data: "b", id: "1"),  // the last event ID persists
                SSEEvent(data: "c", id: ""),  // `id` with no value resets it
                SSEEvent(data: "d", id: ""),  // an id containing NUL is ignored; a non-digit retry too
            ])
    }

    @Test func blankLineWithoutDataDispatchesNothing() {
        #expect(feedSSE(Array("event: x\n\n\n\ndata: y\n\n".utf8), cuts: []) == [SSEEvent(data: "y")])
    }

    @Test func unterminatedEventIsDiscardedAtEnd() {
        var parser = SSEParser()
        #expect(parser.feed(Array("data: a\n\ndata: b\n".utf8)) == [SSEEvent(data: "a")])
        #expect(parser.hasIncompleteEvent)
        #expect(parser.finish() == [])
    }
}
