import Foundation

/// Encodes `Encodable` values as JSON with sorted keys (compact, or indented for people), several
/// times faster than Foundation's `JSONEncoder` on the site's data files and caches: adding one run
/// rewrites each provider's whole history. The same value always gives the same bytes.
///
/// Numbers: integers as integers, doubles in their shortest round-trip form. Unsigned integers
/// above `Int64.max` and non-finite doubles are not representable here; `encode(_:pretty:)` then
/// falls back to Foundation's `JSONEncoder` (sorted keys), which throws for non-finite doubles.
public enum JSONValueEncoder {
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false) throws -> [UInt8] {
        if let tree = try? tree(of: value) {
            var w = JSONWriter()
            if pretty { tree.writePretty(into: &w, indent: 0) } else { tree.write(into: &w) }
            return w.bytes
        }
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try e.encode(value))
    }

    /// The text of a tree, as `encode` writes it: for documents assembled from trees that were
    /// encoded (or read back from such text) before.
    public static func encode(tree: JSONValue, pretty: Bool = false) -> [UInt8] {
        var w = JSONWriter()
        if pretty { tree.writePretty(into: &w, indent: 0) } else { tree.write(into: &w) }
        return w.bytes
    }

    /// The value as a `JSONValue` tree.
    public static func tree<T: Encodable>(of value: T) throws -> JSONValue {
        let node = Node()
        try value.encode(to: TreeEncoder(node: node, codingPath: []))
        return node.resolved
    }
}

extension JSONValue {
    /// Indented JSON text (two spaces, `"key" : value`), keys sorted.
    func writePretty(into w: inout JSONWriter, indent: Int) {
        func newline(_ depth: Int) {
            w.byte(0x0A)
            for _ in 0..<(depth * 2) { w.byte(0x20) }
        }
        switch self {
        case .array(let items) where !items.isEmpty:
            w.byte(UInt8(ascii: "["))
            for (i, v) in items.enumerated() {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                newline(indent + 1)
                v.writePretty(into: &w, indent: indent + 1)
            }
            newline(indent)
            w.byte(UInt8(ascii: "]"))
        case .intArray(let ints) where !ints.isEmpty:
            JSONValue.array(ints.map { .int($0) }).writePretty(into: &w, indent: indent)
        case .object(let members) where !members.isEmpty:
            w.byte(UInt8(ascii: "{"))
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                newline(indent + 1)
                w.string(key)
                w.raw(" : ")
                members[key]!.writePretty(into: &w, indent: indent + 1)
            }
            newline(indent)
            w.byte(UInt8(ascii: "}"))
        default:
            write(into: &w)
        }
    }
}

/// A value under construction: containers hand out child nodes, resolved once encoding is over.
/// Primitive members are stored as values directly (no node per number or string).
private final class Node {
    enum Child {
        case value(JSONValue)
        case node(Node)

        var resolved: JSONValue {
            switch self {
            case .value(let v): return v
            case .node(let n): return n.resolved
            }
        }
    }

    enum Content {
        case value(JSONValue)
        case object([String: Child])
        case array([Child])
    }

    var content: Content = .value(.null)

    init() {}

    var resolved: JSONValue {
        switch content {
        case .value(let v): return v
        case .object(let members): return .object(members.mapValues(\.resolved))
        case .array(let items): return .array(items.map(\.resolved))
        }
    }

    /// Adds a member (object) or an element (array); the storage is taken out of `content` while it
    /// changes so that it is uniquely owned (no copy).
    func put(_ child: Child, key: String) {
        guard case .object(var members) = content else { preconditionFailure("keyed container over a non-object") }
        content = .value(.null)
        members[key] = child
        content = .object(members)
    }

    func append(_ child: Child) {
        guard case .array(var items) = content else { preconditionFailure("unkeyed container over a non-array") }
        content = .value(.null)
        items.append(child)
        content = .array(items)
    }
}

private func primitive(_ value: Double, _ path: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
    guard value.isFinite else {
        throw EncodingError.invalidValue(value, .init(codingPath: path(), debugDescription: "non-finite number"))
    }
    return .double(value)
}

private func primitive<I: FixedWidthInteger>(_ value: I, _ path: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
    guard let v = Int64(exactly: value) else {
        throw EncodingError.invalidValue(value, .init(codingPath: path(), debugDescription: "integer beyond Int64"))
    }
    return .int(v)
}

/// `value` as a child: primitives directly, anything else through its `encode(to:)`.
private func encodeChild<T: Encodable>(_ value: T, path: @autoclosure () -> [any CodingKey]) throws -> Node.Child {
    switch value {
    case let v as String: return .value(.string(v))
    case let v as Double: return .value(try primitive(v, path()))
    case let v as Int: return .value(try primitive(v, path()))
    case let v as Int64: return .value(try primitive(v, path()))
    case let v as Bool: return .value(.bool(v))
    default:
        let node = Node()
        try value.encode(to: TreeEncoder(node: node, codingPath: path()))
        return .node(node)
    }
}

private struct TreeEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([:]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValue(node: node, codingPath: codingPath) }
}

private struct SingleValue: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .value(.null) }
    mutating func encode(_ value: Bool) throws { node.content = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { node.content = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { node.content = .value(try primitive(value, codingPath)) }
    mutating func encode(_ value: Float) throws { node.content = .value(try primitive(Double(value), codingPath)) }
    mutating func encode(_ value: Int) throws { node.content = .value(try primitive(value, codingPath)) }
    mutating func encode(_ value: Int8) throws { node.content = .value(try primitive(value, codingPath)) }
    mutating func encode(_ value: Int16) throws { node.content = .value(try primitive(value, codingPath)) }
    mutating func encode(_ value: Int32) throws { node.content = .value(try primitive(value, codingPath)) }
    mutating func encode(_ value: Int64) throws { node.content = .value(try primitive(value, codingPath)) }
    mutating func encode(_ value: UInt) throws { node.content = .value(try primitive(value, codingPath)) }
    mutating func encode(_ value: UInt8) throws { node.content = .value(try primitive(value, codingPath)) }
    mutating func encode(_ value: UInt16) throws { node.content = .value(try primitive(value, codingPath)) }
    mutating func encode(_ value: UInt32) throws { node.content = .value(try primitive(value, codingPath)) }
    mutating func encode(_ value: UInt64) throws { node.content = .value(try primitive(value, codingPath)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        switch try encodeChild(value, path: codingPath) {
        case .value(let v): node.content = .value(v)
        case .node(let n): node.content = n.content
        }
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]

    private func child(_ key: Key) -> Node {
        let c = Node()
        node.put(.node(c), key: key.stringValue)
        return c
    }
    private func set(_ key: Key, _ value: JSONValue) { node.put(.value(value), key: key.stringValue) }

    mutating func encodeNil(forKey key: Key) throws { set(key, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(key, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(key, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(key, try primitive(value, codingPath + [key])) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(key, try primitive(Double(value), codingPath + [key])) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(key, try primitive(value, codingPath + [key])) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(key, try primitive(value, codingPath + [key])) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(key, try primitive(value, codingPath + [key])) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(key, try primitive(value, codingPath + [key])) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(key, try primitive(value, codingPath + [key])) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(key, try primitive(value, codingPath + [key])) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(key, try primitive(value, codingPath + [key])) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(key, try primitive(value, codingPath + [key])) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(key, try primitive(value, codingPath + [key])) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(key, try primitive(value, codingPath + [key])) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.put(try encodeChild(value, path: codingPath + [key]), key: key.stringValue)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        TreeEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder {
        TreeEncoder(node: child(Key(stringValue: "super")!), codingPath: codingPath + [AnyCodingKey(stringValue: "super")])
    }
    mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(node: child(key), codingPath: codingPath + [key]) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]

    var count: Int {
        if case .array(let items) = node.content { return items.count }
        return 0
    }

    private func append() -> Node {
        let c = Node()
        node.append(.node(c))
        return c
    }
    private func add(_ value: JSONValue) { node.append(.value(value)) }
    private var path: [any CodingKey] { codingPath + [AnyCodingKey(intValue: count)] }

    mutating func encodeNil() throws { add(.null) }
    mutating func encode(_ value: Bool) throws { add(.bool(value)) }
    mutating func encode(_ value: String) throws { add(.string(value)) }
    mutating func encode(_ value: Double) throws { add(try primitive(value, codingPath + [AnyCodingKey(intValue: count)])) }
    mutating func encode(_ value: Float) throws { add(try primitive(Double(value), path)) }
    mutating func encode(_ value: Int) throws { add(try primitive(value, path)) }
    mutating func encode(_ value: Int8) throws { add(try primitive(value, path)) }
    mutating func encode(_ value: Int16) throws { add(try primitive(value, path)) }
    mutating func encode(_ value: Int32) throws { add(try primitive(value, path)) }
    mutating func encode(_ value: Int64) throws { add(try primitive(value, path)) }
    mutating func encode(_ value: UInt) throws { add(try primitive(value, path)) }
    mutating func encode(_ value: UInt8) throws { add(try primitive(value, path)) }
    mutating func encode(_ value: UInt16) throws { add(try primitive(value, path)) }
    mutating func encode(_ value: UInt32) throws { add(try primitive(value, path)) }
    mutating func encode(_ value: UInt64) throws { add(try primitive(value, path)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        node.append(try encodeChild(value, path: codingPath + [AnyCodingKey(intValue: count)]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let p = path
        return TreeEncoder(node: append(), codingPath: p).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let p = path
        return TreeEncoder(node: append(), codingPath: p).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder {
        let p = path
        return TreeEncoder(node: append(), codingPath: p)
    }
}
