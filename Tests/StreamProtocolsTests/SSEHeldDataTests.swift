import Testing

@testable import StreamProtocols

/// The parser hands a one-line `data` event over as a view of the read instead of copying it
/// into its data buffer, whenever the blank line follows in the same read; every other order of
/// lines (more data lines, fields after the data, the event split between reads) must still give
/// the events the spec says. Each stream is checked whole, split at every byte, and byte by byte.
@Suite struct SSEHeldDataTests {
    static let cases: [(String, [SSEEvent])] = [
        ("data: one\n\ndata: two\n\n", [SSEEvent(data: "one"), SSEEvent(data: "two")]),
        ("data: a\ndata: b\n\n", [SSEEvent(data: "a\nb")]),
        ("data: a\nevent: e\nid: 3\nretry: 9\n\n", [SSEEvent(type: "e", data: "a", id: "3", retry: 9)]),
        ("event: e\ndata: a\n\ndata: b\n\n", [SSEEvent(type: "e", data: "a"), SSEEvent(data: "b")]),
        ("data: a\n: comment\ndata\ndata:c\n\n", [SSEEvent(data: "a\n\nc")]),
        ("data:\n\ndata: x\r\n\r\ndata: y\r\rdata: z", [SSEEvent(data: ""), SSEEvent(data: "x"), SSEEvent(data: "y")]),
        ("data: a\nfoo: bar\n\n", [SSEEvent(data: "a")]),
        ("\u{FEFF}data: bom\n\n", [SSEEvent(data: "bom")]),
    ]

    @Test func everySplitGivesTheSpecEvents() {
        for (text, expected) in Self.cases {
            let bytes = Array(text.utf8)
            #expect(feedSSE(bytes, cuts: []) == expected, "\(text.debugDescription) whole")
            for cut in 0...bytes.count {
                #expect(feedSSE(bytes, cuts: [cut]) == expected, "\(text.debugDescription) split at \(cut)")
            }
            #expect(feedSSE(bytes, cuts: Array(0...bytes.count)) == expected, "\(text.debugDescription) byte by byte")
        }
    }
}
