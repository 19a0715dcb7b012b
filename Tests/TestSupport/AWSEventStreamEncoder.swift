import StreamProtocols

/// Builds AWS event-stream frames, for tests and the fuzz targets (the bench only decodes them).
/// Headers are written in name order, so equal messages give equal bytes.
public enum AWSEventStreamEncoder {
    public static func encode(_ message: AWSEventStreamMessage) -> [UInt8] {
        var headers: [UInt8] = []
        for name in message.headers.keys.sorted() {
            let nameBytes = Array(name.utf8.prefix(255))
            headers.append(UInt8(nameBytes.count))
            headers.append(contentsOf: nameBytes)
            switch message.headers[name]! {
            case .bool(let b): headers.append(b ? 0 : 1)
            case .byte(let v):
                headers.append(2)
                headers.append(UInt8(bitPattern: v))
            case .short(let v):
                headers.append(3)
                appendBE(&headers, UInt64(UInt16(bitPattern: v)), bytes: 2)
            case .integer(let v):
                headers.append(4)
                appendBE(&headers, UInt64(UInt32(bitPattern: v)), bytes: 4)
            case .long(let v):
                headers.append(5)
                appendBE(&headers, UInt64(bitPattern: v), bytes: 8)
            case .byteArray(let bytes):
                headers.append(6)
                appendBE(&headers, UInt64(bytes.count), bytes: 2)
                headers.append(contentsOf: bytes)
            case .string(let s):
                headers.append(7)
                let bytes = Array(s.utf8)
                appendBE(&headers, UInt64(bytes.count), bytes: 2)
                headers.append(contentsOf: bytes)
            case .timestamp(let v):
                headers.append(8)
                appendBE(&headers, UInt64(bitPattern: v), bytes: 8)
            case .uuid(let bytes):
                headers.append(9)
                headers.append(contentsOf: (bytes + [UInt8](repeating: 0, count: 16)).prefix(16))
            }
        }
        let total = 12 + headers.count + message.payload.count + 4
        var out: [UInt8] = []
        out.reserveCapacity(total)
        appendBE(&out, UInt64(total), bytes: 4)
        appendBE(&out, UInt64(headers.count), bytes: 4)
        appendBE(&out, UInt64(CRC32.checksum(out)), bytes: 4)
        out.append(contentsOf: headers)
        out.append(contentsOf: message.payload)
        appendBE(&out, UInt64(CRC32.checksum(out)), bytes: 4)
        return out
    }

    private static func appendBE(_ out: inout [UInt8], _ value: UInt64, bytes: Int) {
        for i in stride(from: bytes - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }
}
