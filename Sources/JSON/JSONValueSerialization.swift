extension JSONValue {
    /// Compact JSON text with object keys sorted, so equal values give equal bytes.
    public func serialized() -> [UInt8] {
        var w = JSONWriter()
        write(into: &w)
        return w.bytes
    }

    /// Compact JSON text as a String.
    public var jsonText: String { String(decoding: serialized(), as: UTF8.self) }

    func write(into w: inout JSONWriter) {
        switch self {
        case .null: w.raw("null")
        case .bool(let b): w.raw(b ? "true" : "false")
        case .int(let i): w.int(i)
        case .double(let d): w.double(d)
        case .string(let s): w.string(s)
        case .intArray(let ints):
            w.byte(UInt8(ascii: "["))
            for (i, v) in ints.enumerated() {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                w.int(v)
            }
            w.byte(UInt8(ascii: "]"))
        case .array(let items):
            w.byte(UInt8(ascii: "["))
            for (i, v) in items.enumerated() {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                v.write(into: &w)
            }
            w.byte(UInt8(ascii: "]"))
        case .object(let members):
            w.byte(UInt8(ascii: "{"))
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                w.string(key)
                w.byte(UInt8(ascii: ":"))
                members[key]!.write(into: &w)
            }
            w.byte(UInt8(ascii: "}"))
        }
    }

    /// Member lookup for objects (`nil` for other types or a missing key).
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The numeric payload as Int, if this is an integer.
    public var intValue: Int? {
        if case .int(let i) = self { return Int(exactly: i) }
        return nil
    }
}
