import Foundation

/// One dispatched server-sent event.
public struct SSEEvent: Sendable, Equatable {
    /// The `event` field, or `"message"` when the event had none.
    public var type: String
    /// The `data` lines joined with `"\n"`.
    public var data: String
    /// The last event ID seen so far in the stream (WHATWG: it persists across events), if any.
    public var id: String?
    /// A `retry` value given within this event, if any.
    public var retry: Int?

    public init(type: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
        self.type = type
        self.data = data
        self.id = id
        self.retry = retry
    }
}

/// An incremental parser of `text/event-stream` bodies, following the WHATWG HTML rules
/// ("Interpreting an event stream").
///
/// Bytes may arrive split anywhere: inside a field, between the CR and LF of a CRLF, inside a
/// UTF-8 sequence, inside the leading BOM. The parser works on bytes and only turns complete
/// lines into text, so a split scalar is never decoded in halves. Lines end at CR, LF or CRLF.
/// An event is dispatched at a blank line; per the spec, an event left unterminated at the end
/// of the body is discarded.
public struct SSEParser: Sendable {
    /// Bytes of the current line not yet terminated.
    private var partialLine: [UInt8] = []
    /// The data buffer: each `data` value followed by LF, as the spec builds it.
    private var dataBuffer: [UInt8] = []
    /// The event type buffer (empty = "message").
    private var eventType: [UInt8] = []
    private var lastEventID: String?
    private var retry: Int?
    /// The previous read ended with a CR: an LF at the start of the next read belongs to it.
    private var pendingCR = false
    /// Bytes seen while deciding whether the stream starts with a UTF-8 BOM.
    private var head: [UInt8] = []
    private var headDone = false

    public init() {}

    /// Parses one read of the body and returns the events it completes.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [SSEEvent] {
        var events: [SSEEvent] = []
        parse(bytes) { raw in events.append(raw.event) }
        return events
    }

    /// Parses one read of the body and returns the events it completes.
    public mutating func feed(_ bytes: [UInt8]) -> [SSEEvent] {
        bytes.withUnsafeBytes { feed($0) }
    }

    /// The end of the body. Per the spec an event without its terminating blank line is
    /// discarded, so this returns no event unless a read left only BOM-candidate bytes pending.
    public mutating func finish() -> [SSEEvent] {
        var events: [SSEEvent] = []
        if !headDone {
            headDone = true
            let pending = head
            head = []
            pending.withUnsafeBytes { raw in
                parseLines(raw) { raw in events.append(raw.event) }
            }
        }
        self = SSEParser()
        return events
    }

    /// Bytes held for the line and event in progress (what a server can make grow by never
    /// ending a line or an event).
    public var bufferedBytes: Int { partialLine.count + dataBuffer.count + eventType.count + head.count }

    /// True when bytes of an unfinished line or event are buffered.
    public var hasIncompleteEvent: Bool {
        !partialLine.isEmpty || !dataBuffer.isEmpty || !eventType.isEmpty || !head.isEmpty
    }

    /// The allocation-light core: calls `dispatch` for every completed event, without building
    /// Strings (the per-API decoders read the data bytes directly).
    mutating func parse<E: Error>(
        _ bytes: UnsafeRawBufferPointer,
        _ dispatch: (SSERawEvent) throws(E) -> Void
    ) throws(E) {
        if headDone {
            try parseLines(bytes, dispatch)
            return
        }
        // Decide about the BOM (EF BB BF) once, even if it arrives split.
        if bytes.isEmpty { return }
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        var i = 0
        while i < bytes.count, head.count < 3 {
            let b = bytes[i]
            head.append(b)
            i += 1
            if b != bom[head.count - 1] { break }
        }
        if head.count < 3, head.elementsEqual(bom.prefix(head.count)) { return }  // still undecided
        headDone = true
        let pending = head == bom ? [] : head
        head = []
        try pending.withBytes { raw throws(E) in try parseLines(raw, dispatch) }
        try parseLines(UnsafeRawBufferPointer(rebasing: bytes[i...]), dispatch)
    }

    private mutating func parseLines<E: Error>(
        _ bytes: UnsafeRawBufferPointer,
        _ dispatch: (SSERawEvent) throws(E) -> Void
    ) throws(E) {
        // A `data` line read straight from `bytes` while the data buffer is empty is held here,
        // not copied: if the blank line that dispatches it follows (the usual one-line event), the
        // event goes out as a view of the read. Anything else first copies it into the buffer.
        var held: UnsafeRawBufferPointer?
        defer { if let held { appendData(held) } }
        let n = bytes.count
        var i = 0
        if pendingCR, n > 0 {
            pendingCR = false
            if bytes[0] == 0x0A { i = 1 }
        }
        var lineStart = i
        guard let base = bytes.baseAddress else { return }
        while i < n {
            // Find the next CR or LF with memchr (vectorised), not byte by byte.
            let here = base + i
            let lf = memchr(here, 0x0A, n - i)
            let span = lf.map { UnsafeRawPointer($0) - here } ?? (n - i)
            if let cr = memchr(here, 0x0D, span) {
                i += UnsafeRawPointer(cr) - here
            } else if lf != nil {
                i += span
            } else {
                break
            }
            let c = bytes[i]
            if partialLine.isEmpty {
                try processLine(UnsafeRawBufferPointer(rebasing: bytes[lineStart..<i]), canHold: true, held: &held, dispatch)
            } else {
                if let pending = held {
                    appendData(pending)
                    held = nil
                }
                partialLine.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[lineStart..<i]))
                // Take the buffer out (no copy), process it, and put it back empty for reuse.
                var line: [UInt8] = []
                swap(&line, &partialLine)
                try line.withBytes { raw throws(E) in try processLine(raw, canHold: false, held: &held, dispatch) }
                line.removeAll(keepingCapacity: true)
                partialLine = line
            }
            i += 1
            if c == 0x0D {
                if i < n {
                    if bytes[i] == 0x0A { i += 1 }
                } else {
                    pendingCR = true
                }
            }
            lineStart = i
        }
        if lineStart < n {
            partialLine.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[lineStart..<n]))
        }
    }

    /// One complete line. `held` is a `data` value not yet copied into `dataBuffer` (see
    /// `parseLines`); `canHold` is false for a line whose bytes do not outlive the call (one put
    /// together from several reads).
    private mutating func processLine<E: Error>(
        _ line: UnsafeRawBufferPointer,
        canHold: Bool,
        held: inout UnsafeRawBufferPointer?,
        _ dispatch: (SSERawEvent) throws(E) -> Void
    ) throws(E) {
        if line.isEmpty {
            // Dispatch.
            defer {
                eventType.removeAll(keepingCapacity: true)
                retry = nil
            }
            let id = lastEventID
            let retry = self.retry
            if let data = held {
                held = nil
                try eventType.withBytes { type throws(E) in try dispatch(SSERawEvent(type: type, data: data, id: id, retry: retry)) }
                return
            }
            defer { dataBuffer.removeAll(keepingCapacity: true) }
            if dataBuffer.isEmpty { return }
            try eventType.withBytes { type throws(E) in
                try dataBuffer.withBytes { data throws(E) in
                    try dispatch(SSERawEvent(type: type, data: UnsafeRawBufferPointer(rebasing: data.dropLast()), id: id, retry: retry))
                }
            }
            return
        }
        if line[0] == UInt8(ascii: ":") { return }  // comment
        var colon = 0
        while colon < line.count, line[colon] != UInt8(ascii: ":") { colon += 1 }
        let name = UnsafeRawBufferPointer(rebasing: line[..<colon])
        var valueStart = Swift.min(colon + 1, line.count)
        if valueStart < line.count, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = UnsafeRawBufferPointer(rebasing: line[valueStart...])
        switch name.count {
        case 4 where name.elementsEqual("data".utf8):
            if let pending = held {
                appendData(pending)
                held = nil
            }
            if canHold, dataBuffer.isEmpty {
                held = value
            } else {
                appendData(value)
            }
        case 5 where name.elementsEqual("event".utf8):
            eventType.removeAll(keepingCapacity: true)
            eventType.append(contentsOf: value)
        case 2 where name.elementsEqual("id".utf8):
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        case 5 where name.elementsEqual("retry".utf8):
            if !value.isEmpty, value.count <= 18, value.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                retry = value.reduce(0) { $0 * 10 + Int($1 - 48) }
            }
        default:
            break  // unknown fields are ignored
        }
    }

    /// Appends one `data` value to the data buffer, as the spec builds it (value, then LF).
    private mutating func appendData(_ value: UnsafeRawBufferPointer) {
        dataBuffer.append(contentsOf: value)
        dataBuffer.append(0x0A)
    }
}

/// An event as the parser core hands it over: bytes, not yet Strings, valid only during the
/// dispatch call (views of the read or of the parser's buffers).
struct SSERawEvent {
    /// Empty means "message".
    var type: UnsafeRawBufferPointer
    var data: UnsafeRawBufferPointer
    var id: String?
    var retry: Int?

    var event: SSEEvent {
        SSEEvent(
            type: type.isEmpty ? "message" : String(decoding: type, as: UTF8.self),
            data: String(decoding: data, as: UTF8.self), id: id, retry: retry)
    }

    func typeIs(_ name: StaticString) -> Bool {
        type.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }
}
