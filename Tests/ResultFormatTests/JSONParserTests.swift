import Testing

@testable import ResultFormat

@Suite struct JSONParserTests {
    func parse(_ s: String) throws(JSONSyntaxError) -> JSONValue { try JSONParser.parse(Array(s.utf8)) }

    @Test func scalarsAndContainers() throws {
        #expect(try parse("null") == .null)
        #expect(try parse(" true ") == .bool(true))
        #expect(try parse("-12") == .int(-12))
        #expect(try parse("1.5e2") == .double(150))
        #expect(try parse("[1,2,3]") == .intArray([1, 2, 3]))
        #expect(try parse("[1,2.5]") == .array([.int(1), .double(2.5)]))
        #expect(try parse("[]") == .array([]))
        #expect(try parse("{\"a\":{\"b\":[true]}}") == .object(["a": .object(["b": .array([.bool(true)])])]))
    }

    @Test func stringEscapes() throws {
        #expect(try parse(#""a\"b\\c\/d\n\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\né😀"))
        #expect(throws: JSONSyntaxError.self) { try parse(#""\ud83d""#) }
        #expect(throws: JSONSyntaxError.self) { try parse("\"a\nb\"") }
    }

    @Test func rejectsWhatJSONRejects() {
        for bad in ["", "01", "1.", "-", "[1,]", "{\"a\":1,}", "{a:1}", "NaN", "Infinity", "[1 2]", "\"open", "1e400", "tru"] {
            #expect(throws: JSONSyntaxError.self, "\(bad)") { try parse(bad) }
        }
    }

    @Test func integerOverflowFallsBackToDouble() throws {
        #expect(try parse("[9223372036854775808]") == .array([.double(9223372036854775808)]))
    }

    @Test func serializationIsSortedAndReparses() throws {
        let v = try parse("{\"b\":[1,2],\"a\":{\"y\":\"q\\\"\",\"x\":null},\"c\":[true,1.5]}")
        #expect(v.jsonText == "{\"a\":{\"x\":null,\"y\":\"q\\\"\"},\"b\":[1,2],\"c\":[true,1.5]}")
        #expect(try parse(v.jsonText) == v)
    }
}
