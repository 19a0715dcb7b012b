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
                try processLine(UnsafeRawBufferPointer(rebasing: bytes[lineStart..<i]), dispatch)
            } else {
                partialLine.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[lineStart..<i]))
                // Take the buffer out (no copy), process it, and put it back empty for reuse.
                var line: [UInt8] = []
                swap(&line, &partialLine)
                try line.withBytes { raw throws(E) in try processLine(raw, dispatch) }
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

    private mutating func processLine<E: Error>(
        _ line: UnsafeRawBufferPointer,
        _ dispatch: (SSERawEvent) throws(E) -> Void
    ) throws(E) {
        if line.isEmpty {
            // Dispatch.
            defer {
                dataBuffer.removeAll(keepingCapacity: true)
                eventType.removeAll(keepingCapacity: true)
                retry = nil
            }
            if dataBuffer.isEmpty { return }
            try dispatch(
                SSERawEvent(
                    type: eventType[...], data: dataBuffer[..<(dataBuffer.count - 1)],
                    id: lastEventID, retry: retry))
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
            dataBuffer.append(contentsOf: value)
            dataBuffer.append(0x0A)
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
}

/// An event as the parser core hands it over: bytes, not yet Strings.
struct SSERawEvent {
    /// Empty means "message".
    var type: ArraySlice<UInt8>
    var data: ArraySlice<UInt8>
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
