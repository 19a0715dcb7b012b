import Testing

@testable import StreamProtocols

@Suite struct JSONScannerTests {
    func scan<R>(_ text: String, _ body: (inout JSONScanner) throws(StreamProtocolError) -> R) throws(StreamProtocolError) -> R {
        try Array(text.utf8).withBytes { raw throws(StreamProtocolError) in
            var s = JSONScanner(raw)
            let r = try body(&s)
            try s.end()
            return r
        }
    }

    @Test func stringsWithEscapes() throws {
        #expect(try scan(#""plain""#) { s throws(StreamProtocolError) in try s.readString() } == "plain")
        #expect(try scan(#""a\"b\\c\/d\n\t\u00e9\ud83c\udf0d""#) { s throws(StreamProtocolError) in try s.readString() } == "a\"b\\c/d\n\té🌍")
        #expect(try scan(#""lone \udc00 surrogate""#) { s throws(StreamProtocolError) in try s.readString() } == "lone \u{FFFD} surrogate")
        #expect(try scan("null") { s throws(StreamProtocolError) in try s.readString() } == nil)
        #expect(throws: StreamProtocolError.self) { try scan(#""bad \x escape""#) { s throws(StreamProtocolError) in try s.readString() } }
        #expect(throws: StreamProtocolError.self) { try scan(#""unterminated"#) { s throws(StreamProtocolError) in try s.readString() } }
    }

    /// Found by the `json` fuzz target: a string ending in a lone backslash left the position
    /// one past the end, so the error named a byte the input does not have.
    @Test func unterminatedStringEndingInBackslashStopsAtTheEnd() {
        Array(#""?\"#.utf8).withUnsafeBytes { raw in
            var s = JSONScanner(raw)
            var threw = false
            do { try s.skipValue() } catch { threw = true }
            #expect(threw)
            #expect(s.pos == 3)
        }
    }

    @Test func integers() throws {
        #expect(try scan("42") { s throws(StreamProtocolError) in try s.readInt() } == 42)
        #expect(try scan("-7") { s throws(StreamProtocolError) in try s.readInt() } == -7)
        #expect(try scan("12.0") { s throws(StreamProtocolError) in try s.readInt() } == 12)
        #expect(try scan("1e3") { s throws(StreamProtocolError) in try s.readInt() } == 1000)
        #expect(try scan("null") { s throws(StreamProtocolError) in try s.readInt() } == nil)
        #expect(throws: StreamProtocolError.self) { try scan("99999999999999999999") { s throws(StreamProtocolError) in try s.readInt() } }
        #expect(throws: StreamProtocolError.self) { try scan("\"3\"") { s throws(StreamProtocolError) in try s.readInt() } }
    }

    @Test func skipsNestedValuesAndFindsKeys() throws {
        let text = #"{"a":[1,{"b":[true,false,null,"x\"y"]},-2.5e-3],"c":{"d":{}},"target":"found","e":[]}"#
        let found = try scan(text) { s throws(StreamProtocolError) -> String? in
            var o = try s.beginObject()!
            var result: String?
            while let k = try s.nextKey(&o) {
                if k.equals("target") { result = try s.readString() } else { try s.skipValue() }
            }
            return result
        }
        #expect(found == "found")
    }

    @Test func rejectsMalformedStructure() {
        for bad in [#"{"a" 1}"#, #"{"a":1,}"#, #"[1 2]"#, #"{"a":tru}"#, #"{"a":-}"#, "{", #"{"a":1}}"#, String(repeating: "[", count: 100)] {
            #expect(throws: StreamProtocolError.self, "\(bad)") {
                try scan(bad) { s throws(StreamProtocolError) in try s.skipValue() }
            }
        }
    }
}
