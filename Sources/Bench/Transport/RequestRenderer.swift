import Crypto
import Foundation
import NIOConcurrencyHelpers
import StreamProtocols

/// Renders one provider's requests of one workload as HTTP/1.1 bytes for the wire (`nio`,
/// `epoll`), from what `RequestBuilder` builds.
///
/// A request's wire bytes depend only on its prompt and its id (the `X-Request-Id` value), and
/// a run sends the same few hundred prompts thousands of times. So the message of each prompt is
/// rendered once, with a marker where the id goes, and split around the marker; each request is
/// then the two parts with its id between them: the same bytes as a fresh render, without
/// escaping a prompt of up to ~10 KB into JSON for every request (a visible part of the client's
/// CPU at thousands of requests a minute). A message that cannot be split so (Bedrock's signature
/// covers the id and the time; a provider header of its own replacing `X-Request-Id`) is
/// rendered afresh for every request, as is any prompt past `maxTemplates`.
package final class RequestRenderer: Sendable {
    let endpoint: ResolvedProvider
    let workload: WorkloadConfiguration
    /// Distinct prompts whose message is kept (bounds memory for very large prompt files).
    static let maxTemplates = 4096

    /// Stands where the id goes; control bytes cannot come out of the JSON body, so it can only
    /// be the header value.
    private static let marker = "\u{1}bench-request-id\u{1}"

    private struct Template: Sendable {
        let prompt: Prompt
        let origin: HTTP1Request.Origin
        let head: [UInt8]
        let tail: [UInt8]
    }

    private let templates = NIOLockedValueBox<[Int: Template]>([:])
    private let idPrefix: String
    private let splittable: Bool
    /// False when the provider sends no request-id header: the bytes then do not depend on the id.
    private let sendsID: Bool

    /// - Parameter runID: the run the requests belong to; with the provider's slug it makes the
    ///   request ids unique across runs and providers.
    init(endpoint: ResolvedProvider, workload: WorkloadConfiguration, runID: String = "") {
        self.endpoint = endpoint
        self.workload = workload
        idPrefix = Self.idPrefix(runID: runID, slug: endpoint.configuration.slug)
        splittable = endpoint.api != .bedrockConverseStream
        sendsID = !(endpoint.configuration.requestIDHeader ?? "").isEmpty
    }

    /// The request's id header value: a UUID (version 8, RFC 9562) whose first 20 hex digits come
    /// from SHA-256 of the run id and the provider's slug and whose last 12 are the request's id
    /// in decimal, e.g. `3f2a91c4-7b1e-8d20-9a4f-000000000017` for request 17. Servers that check
    /// the header (some refuse anything but a UUID, with an empty 400) accept it, and the
    /// request's number stays readable in the server's log.
    func requestID(of planned: PlannedRequest) -> String { Self.requestID(prefix: idPrefix, id: planned.id) }

    /// The id header value of request `id` of provider `slug` in run `runID`.
    package static func requestID(runID: String, slug: String, id: Int) -> String {
        requestID(prefix: idPrefix(runID: runID, slug: slug), id: id)
    }

    private static func requestID(prefix: String, id: Int) -> String {
        let digits = String(id)
        return prefix + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    /// `xxxxxxxx-xxxx-8xxx-yxxx-`: the UUID up to the request's 12 digits.
    static func idPrefix(runID: String, slug: String) -> String {
        let hash = Array(SHA256.hash(data: Array("\(runID)\n\(slug)".utf8)))
        var hex = hash.prefix(10).map { String(format: "%02x", $0) }.joined().map(String.init)
        hex[12] = "8"  // version 8: custom
        hex[16] = String(format: "%x", 0x8 | (Int(hash[8]) & 0x3))  // variant 10xx
        let h = hex.joined()
        func part(_ a: Int, _ b: Int) -> Substring { h.dropFirst(a).prefix(b - a) }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-"
    }

    /// The request as `RequestBuilder` builds it.
    func prepared(_ planned: PlannedRequest) throws -> PreparedRequest {
        try endpoint.preparedRequest(for: planned, workload: workload, requestID: requestID(of: planned))
    }

    /// The request's HTTP/1.1 message: `HTTP1Request(prepared(planned))`, from the prompt's
    /// template when there is one.
    func wire(_ planned: PlannedRequest) throws -> HTTP1Request {
        let id = requestID(of: planned)
        // The prompt is compared, not only its index: the strings share storage with the
        // workload's, so the comparison is a pointer check.
        if let t = templates.withLockedValue({ $0[planned.promptIndex] }), t.prompt == planned.prompt {
            return request(t, id: id)
        }
        guard splittable else { return try HTTP1Request(prepared(planned)) }
        let marked = try HTTP1Request(endpoint.preparedRequest(for: planned, workload: workload, requestID: Self.marker))
        let template = sendsID
            ? Self.split(marked, prompt: planned.prompt)
            : Template(prompt: planned.prompt, origin: marked.origin, head: marked.bytes, tail: [])
        guard let t = template else { return try HTTP1Request(prepared(planned)) }
        templates.withLockedValue { all in
            if all.count < Self.maxTemplates || all[planned.promptIndex] != nil { all[planned.promptIndex] = t }
        }
        return request(t, id: id)
    }

    private func request(_ t: Template, id: String) -> HTTP1Request {
        sendsID ? Self.request(t, id: id) : HTTP1Request(origin: t.origin, bytes: t.head)
    }

    private static func request(_ t: Template, id: String) -> HTTP1Request {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(t.head.count + id.utf8.count + t.tail.count)
        bytes += t.head
        bytes += id.utf8
        bytes += t.tail
        return HTTP1Request(origin: t.origin, bytes: bytes)
    }

    /// The message around the one occurrence of the marker; nil if it occurs other than once.
    private static func split(_ request: HTTP1Request, prompt: Prompt) -> Template? {
        let m = Array(marker.utf8)
        let b = request.bytes
        guard let at = firstOccurrence(of: m, in: b, from: 0), firstOccurrence(of: m, in: b, from: at + m.count) == nil else {
            return nil
        }
        return Template(prompt: prompt, origin: request.origin, head: Array(b[..<at]), tail: Array(b[(at + m.count)...]))
    }

    /// Where `pattern` first occurs in `bytes` at or after `start`. Jumps between occurrences of
    /// the pattern's first byte (the marker's is a control byte, absent from JSON): Foundation's
    /// `firstRange(of:)`, which the call resolved to, allocated at every position of a prompt of
    /// up to ~10 KB.
    static func firstOccurrence(of pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first else { return start <= bytes.count ? start : nil }
        var i = start
        while i + pattern.count <= bytes.count, let at = bytes[i...].firstIndex(of: first) {
            guard at + pattern.count <= bytes.count else { return nil }
            if bytes[at..<(at + pattern.count)].elementsEqual(pattern) { return at }
            i = at + 1
        }
        return nil
    }
}
