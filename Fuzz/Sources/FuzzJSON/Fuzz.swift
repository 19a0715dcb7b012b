// The JSON readers: `JSONParser` (result files, strict RFC 8259) and `JSONScanner` (stream
// events, lazy). Properties checked on every input, beyond "no crash":
// - a document the parser accepts, written back by `JSONValueEncoder`, parses to the same value;
// - the scanner accepts every document the parser accepts (within its 64-level nesting limit)
//   and reads the same strings, numbers and keys from it;
// - the scanner, whatever it is given, stops inside the input (after an error too).
import FuzzSupport
import JSON
@testable import StreamProtocols

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = input(start, count)
    let bytes = [UInt8](data)
    scanAnything(data)
    guard let value = try? JSONParser.parse(bytes) else { return 0 }

    let written = JSONValueEncoder.encode(tree: value)
    guard let again = try? JSONParser.parse(written) else {
        violated("the encoder's text of an accepted document parses", String(decoding: written, as: UTF8.self))
    }
    guard again == value else { violated("parse(encode(v)) == v", "\(value)\n\(again)") }

    if nesting(value) <= 64 {
        var scanner = JSONScanner(data)
        do {
            let scanned = try scan(&scanner)
            try scanner.end()
            guard same(value, scanned) else { violated("the scanner reads what the parser reads", "\(value)\n\(scanned)") }
        } catch {
            violated("the scanner accepts what the parser accepts", "\(error)")
        }
    }
    return 0
}

/// The scanner on any bytes: skip the value, or read it as each type; whether that succeeds or
/// throws, its position stays inside the input (a string ending in a lone backslash once left
/// it one past the end: `Corpus/json/regression-scanner-trailing-backslash`).
func scanAnything(_ data: UnsafeRawBufferPointer) {
    var a = JSONScanner(data)
    _ = try? a.skipValue()
    var b = JSONScanner(data)
    _ = try? b.readString()
    var c = JSONScanner(data)
    _ = try? c.readInt()
    var d = JSONScanner(data)
    _ = try? d.readNumber()
    for (what, s) in [("skipValue", a), ("readString", b), ("readInt", c), ("readNumber", d)] where s.pos > data.count {
        violated("\(what) stays inside the input", "pos \(s.pos) of \(data.count)")
    }
}

/// What the scanner reads: strings and numbers through its readers, keys as raw bytes.
indirect enum Scanned: CustomStringConvertible {
    case null, bool(Bool), string(String), number(Double, Int?)
    case array([Scanned])
    case object([(key: [UInt8], value: Scanned)])

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .string(let s): return "\(s.debugDescription)"
        case .number(let d, let i): return "\(d)/\(i.map(String.init) ?? "-")"
        case .array(let items): return "[\(items.map(\.description).joined(separator: ","))]"
        case .object(let members):
            return "{\(members.map { "\(String(decoding: $0.key, as: UTF8.self).debugDescription):\($0.value)" }.joined(separator: ","))}"
        }
    }
}

func scan(_ s: inout JSONScanner) throws(StreamProtocolError) -> Scanned {
    switch try s.peekKind() {
    case .null:
        try s.skipValue()
        return .null
    case .bool:
        let t = s.bytes[s.pos] == UInt8(ascii: "t")
        try s.skipValue()
        return .bool(t)
    case .string:
        return .string(try s.readString()!)
    case .number:
        let start = s.pos
        let d = try s.readNumber()!
        let end = s.pos
        s.pos = start
        let i = try? s.readInt()
        s.pos = end
        return .number(d, i ?? nil)
    case .array:
        var c = try s.beginArray()!
        var items: [Scanned] = []
        while try s.nextElement(&c) { items.append(try scan(&s)) }
        return .array(items)
    case .object:
        var c = try s.beginObject()!
        var members: [(key: [UInt8], value: Scanned)] = []
        while let key = try s.nextKey(&c) { members.append((Array(key), try scan(&s))) }
        return .object(members)
    }
}

func nesting(_ v: JSONValue) -> Int {
    switch v {
    case .array(let items): return 1 + (items.map(nesting).max() ?? 0)
    case .intArray: return 1
    case .object(let members): return 1 + (members.values.map(nesting).max() ?? 0)
    default: return 0
    }
}

func same(_ v: JSONValue, _ s: Scanned) -> Bool {
    switch (v, s) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.int(let a), .number(let d, let i)):
        // readInt accumulates the magnitude, so -2^63 is out of its range (a token count never is).
        return Double(a) == d && (i == Int(a) || (a == .min && i == nil))
    case (.double(let a), .number(let d, _)): return a == d
    case (.intArray(let a), .array(let b)):
        return a.count == b.count && zip(a, b).allSatisfy { same(.int($0), $1) }
    case (.array(let a), .array(let b)):
        return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
    case (.object(let a), .object(let b)):
        guard a.count == b.count else { return false }
        for (rawKey, value) in b {
            // Keys come raw: decode their escapes with the parser itself.
            guard case .string(let key)? = try? JSONParser.parse([UInt8(ascii: "\"")] + rawKey + [UInt8(ascii: "\"")]),
                let expected = a[key], same(expected, value)
            else { return false }
        }
        return true
    default: return false
    }
}
