import Testing

@testable import JSON

@Suite struct JSONParserTests {
    func parse(_ s: String) throws(JSONSyntaxError) -> JSONValue { try JSONParser.parse(Array(s.utf8)) }

    @Test func scalarsAndContainers() throws {
        #expect(try parse("null") == .null)
        #expect(try parse(" true ") == .bool(true))
        #expect(try parse("-12") == .int(-12))
        #expect(try parse("1.5e2") == .double(150))
        #expect(try parse("[1,2,3]") == .intArray([1, 2, 3]))
        // Whitespace after a comma the eight-bytes-at-a-time loop consumed (it once made such an
        // array a general one, which result files then rejected as "not integer deltas").
        #expect(try parse("[ 100 , 50,\n60 ]") == .intArray([100, 50, 60]))
        #expect(try parse("[1,\t2, 3]") == .intArray([1, 2, 3]))
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

    /// The eight-bytes-at-a-time integer path: every length from 1 to 19 digits, at every offset
    /// from the end of the buffer, with each delimiter that can follow a number.
    @Test func integersOfEveryLength() throws {
        var values: [Int64] = [0, 9, -7, Int64.max, Int64.min + 1, -Int64.max]
        var v: Int64 = 1
        for _ in 1...18 {
            values += [v, v * 9 + (v - 1) / 9, -v]
            v *= 10
        }
        for x in values {
            let text = String(x)
            #expect(try parse(text) == .int(x), "\(text)")
            #expect(try parse("[\(text)]") == .intArray([x]), "[\(text)]")
            #expect(try parse("[\(text) ,\(text)\n]") == .intArray([x, x]), "spaced \(text)")
            #expect(try parse("[\(text),\(text),\(text),1]") == .intArray([x, x, x, 1]))
            #expect(try parse("{\"k\":\(text)}") == .object(["k": .int(x)]))
        }
        #expect(try parse("[12345678,123456789,1234567]") == .intArray([12_345_678, 123_456_789, 1_234_567]))
        #expect(try parse("[9223372036854775808]") == .array([.double(9_223_372_036_854_775_808)]), "beyond Int64 is a double")
        #expect(try parse("[1234567.5]") == .array([.double(1_234_567.5)]))
        #expect(try parse("[1234e2]") == .array([.double(123_400)]))
        for bad in ["[0123]", "[00000001]", "[1234567x]", "[12345678x]", "[-]", "[- 1]", "[12345,]"] {
            #expect(throws: JSONSyntaxError.self, "\(bad)") { try parse(bad) }
        }
    }
}
