/// A header value of the AWS event-stream encoding (all nine wire types).
public enum AWSEventStreamHeaderValue: Sendable, Equatable {
    case bool(Bool)
    case byte(Int8)
    case short(Int16)
    case integer(Int32)
    case long(Int64)
    case byteArray([UInt8])
    case string(String)
    /// Milliseconds since the Unix epoch.
    case timestamp(Int64)
    /// 16 bytes.
    case uuid([UInt8])

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

/// One AWS event-stream message (the `application/vnd.amazon.eventstream` framing).
public struct AWSEventStreamMessage: Sendable, Equatable {
    public var headers: [String: AWSEventStreamHeaderValue]
    public var payload: [UInt8]

    public init(headers: [String: AWSEventStreamHeaderValue], payload: [UInt8]) {
        self.headers = headers
        self.payload = payload
    }
}

/// Incremental decoder of AWS event-stream frames:
/// `total length (u32) | headers length (u32) | prelude CRC (u32) | headers | payload | message CRC (u32)`,
/// big-endian, both CRC-32s checked. Frames may be split across reads at any byte.
public struct AWSEventStreamDecoder: Sendable {
    /// The largest frame accepted (the format allows 16 MiB of payload plus headers).
    public static let maxMessageLength = 16 * 1024 * 1024 + 128 * 1024

    private var buffer: [UInt8] = []
    private var start = 0
    /// The prelude of the frame at `start` was already checked.
    private var preludeChecked = false

    public init() {}

    /// Decodes one read and returns the messages it completes.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(StreamProtocolError) -> [AWSEventStreamMessage] {
        var out: [AWSEventStreamMessage] = []
        try decode(bytes) { message in out.append(message) }
        return out
    }

    public mutating func feed(_ bytes: [UInt8]) throws(StreamProtocolError) -> [AWSEventStreamMessage] {
        try bytes.withBytes { raw throws(StreamProtocolError) in try feed(raw) }
    }

    /// The end of the body: throws if part of a frame is still buffered.
    public func finish() throws(StreamProtocolError) {
        let left = buffer.count - start
        if left > 0 {
            throw StreamProtocolError(.truncatedFrame, "the body ended inside an event-stream frame (\(left) bytes buffered)")
        }
    }

    mutating func decode(
        _ bytes: UnsafeRawBufferPointer,
        _ emit: (AWSEventStreamMessage) throws(StreamProtocolError) -> Void
    ) throws(StreamProtocolError) {
        buffer.append(contentsOf: bytes)
        while true {
            let available = buffer.count - start
            if available < 12 { break }
            let (total, headersLength) = buffer.withUnsafeBytes { raw in
                (Int(readU32(raw, start)), Int(readU32(raw, start + 4)))
            }
            if !preludeChecked {
                let (expected, actual) = buffer.withUnsafeBytes { raw in
                    (readU32(raw, start + 8), CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[start..<(start + 8)])))
                }
                guard expected == actual else {
                    throw StreamProtocolError(.badCRC, "event-stream prelude CRC mismatch")
                }
                guard total >= 16, headersLength <= total - 16 else {
                    throw StreamProtocolError(.malformedEvent, "event-stream prelude lengths are inconsistent (total \(total), headers \(headersLength))")
                }
                guard total <= Self.maxMessageLength else {
                    throw StreamProtocolError(.frameTooLarge, "event-stream frame of \(total) bytes exceeds the limit")
                }
                preludeChecked = true
            }
            if available < total { break }
            let message = try buffer.withBytes { raw throws(StreamProtocolError) in
                try Self.parseFrame(UnsafeRawBufferPointer(rebasing: raw[start..<(start + total)]), headersLength: headersLength)
            }
            start += total
            preludeChecked = false
            try emit(message)
        }
        // Compact: drop consumed bytes.
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 4096 {
            buffer.removeFirst(start)
            start = 0
        }
    }

    static func parseFrame(_ frame: UnsafeRawBufferPointer, headersLength: Int) throws(StreamProtocolError) -> AWSEventStreamMessage {
        let total = frame.count
        let expected = readU32(frame, total - 4)
        let actual = CRC32.checksum(UnsafeRawBufferPointer(rebasing: frame[0..<(total - 4)]))
        guard expected == actual else {
            throw StreamProtocolError(.badCRC, "event-stream message CRC mismatch")
        }
        var headers: [String: AWSEventStreamHeaderValue] = [:]
        var p = 12
        let headersEnd = 12 + headersLength
        func need(_ n: Int) throws(StreamProtocolError) {
            if p + n > headersEnd {
                throw StreamProtocolError(.malformedEvent, "event-stream header runs past the header block")
            }
        }
        while p < headersEnd {
            try need(1)
            let nameLength = Int(frame[p])
            p += 1
            try need(nameLength + 1)
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: frame[p..<(p + nameLength)]), as: UTF8.self)
            p += nameLength
            let type = frame[p]
            p += 1
            let value: AWSEventStreamHeaderValue
            switch type {
            case 0: value = .bool(true)
            case 1: value = .bool(false)
            case 2:
                try need(1)
                value = .byte(Int8(bitPattern: frame[p]))
                p += 1
            case 3:
                try need(2)
                value = .short(Int16(bitPattern: UInt16(frame[p]) << 8 | UInt16(frame[p + 1])))
                p += 2
            case 4:
                try need(4)
                value = .integer(Int32(bitPattern: readU32(frame, p)))
                p += 4
            case 5, 8:
                try need(8)
                let v = Int64(bitPattern: UInt64(readU32(frame, p)) << 32 | UInt64(readU32(frame, p + 4)))
                value = type == 5 ? .long(v) : .timestamp(v)
                p += 8
            case 6, 7:
                try need(2)
                let length = Int(frame[p]) << 8 | Int(frame[p + 1])
                p += 2
                try need(length)
                let bytes = UnsafeRawBufferPointer(rebasing: frame[p..<(p + length)])
                value = type == 6 ? .byteArray(Array(bytes)) : .string(String(decoding: bytes, as: UTF8.self))
                p += length
            case 9:
                try need(16)
                value = .uuid(Array(UnsafeRawBufferPointer(rebasing: frame[p..<(p + 16)])))
                p += 16
            default:
                throw StreamProtocolError(.malformedEvent, "event-stream header '\(name)' has unknown type \(type)")
            }
            headers[name] = value
        }
        let payload = Array(UnsafeRawBufferPointer(rebasing: frame[headersEnd..<(total - 4)]))
        return AWSEventStreamMessage(headers: headers, payload: payload)
    }
}

@inline(__always)
func readU32(_ raw: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
    UInt32(raw[at]) << 24 | UInt32(raw[at + 1]) << 16 | UInt32(raw[at + 2]) << 8 | UInt32(raw[at + 3])
}
