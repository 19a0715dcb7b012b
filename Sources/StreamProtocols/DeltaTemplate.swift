#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The repeated shape of a stream's token events, for a fast path past the JSON scanner.
///
/// An OpenAI-style server sends every token as the same JSON object with only the token's text
/// changing: `{"id":"…","object":"chat.completion.chunk","created":…,"model":"…","choices":[{"index":0,"delta":{"content":"TOKEN"},…}]}`.
/// When the strict decoder has read such an event (see `Probe`), the bytes before and after
/// the one token string are kept. A later event made of exactly that prefix, one JSON string
/// and that suffix is decoded by comparing the two byte runs and reading the string alone.
///
/// Why this gives what the strict decoder gives: the scanner is deterministic and reads the
/// prefix's bytes into the same state whatever follows them (every string, key and value in the
/// prefix is closed within it), the string is read by the same `JSONScanner.readString` and must
/// span the whole middle, and the suffix is then the same bytes in the same state. So the strict
/// decode would read the same structure with this string in the token's place, and the
/// template is only learned from an event where that string alone decided the outcome: one
/// delta of its kind when it is not empty, none when it is. Anything else (another shape,
/// whitespace around the object, a string that does not span the middle, an invalid escape)
/// does not match and goes through the strict decoder, which also gives its error messages.
struct DeltaTemplate: Sendable {
    enum Kind: Sendable { case text, reasoning }

    let prefix: [UInt8]
    let suffix: [UInt8]
    let kind: Kind

    /// The token string of `data` if it is `prefix` + one JSON string + `suffix`; nil otherwise.
    func match(_ data: UnsafeRawBufferPointer) -> String? {
        let p = prefix.count
        let q = suffix.count
        let n = data.count
        guard n >= p + q + 2, let base = data.baseAddress else { return nil }
        let same = prefix.withUnsafeBytes { memcmp(base, $0.baseAddress!, p) == 0 }
            && suffix.withUnsafeBytes { memcmp(base + (n - q), $0.baseAddress!, q) == 0 }
        guard same, data[p] == UInt8(ascii: "\"") else { return nil }
        var s = JSONScanner(UnsafeRawBufferPointer(rebasing: data[p..<(n - q)]))
        guard let t = try? s.readString(), s.pos == n - q - p else { return nil }
        return t
    }

    /// The delta the strict decoder gives for a non-empty token string.
    func delta(_ text: String) -> StreamDelta {
        switch kind {
        case .text: return .text(text, tokens: nil)
        case .reasoning: return .reasoning(text, tokens: nil)
        }
    }

    /// Watches the strict decode of one event: every token-bearing string it reads, and whether
    /// anything else (content-part arrays) carried tokens.
    struct Probe {
        private var strings = 0
        private var span: Range<Int> = 0..<0
        private var disqualified = false

        /// `scanner.readStringLenient()`, noting where the string was.
        mutating func readString(_ scanner: inout JSONScanner) throws(StreamProtocolError) -> String? {
            let start = scanner.pos
            guard let t = try scanner.readStringLenient() else { return nil }
            strings += 1
            span = start..<scanner.pos
            return t
        }

        /// Tokens came from somewhere other than one plain string.
        mutating func disqualify() { disqualified = true }

        /// The template of `data` (the event's trimmed JSON), when its decode read exactly one
        /// token string and gave exactly one delta, `delta`, of that string (the caller checks
        /// that the event added nothing else: no usage, no error, no event type).
        func template(of data: UnsafeRawBufferPointer, delta: StreamDelta) -> DeltaTemplate? {
            guard strings == 1, !disqualified, span.lowerBound > 0, span.upperBound < data.count else { return nil }
            let kind: Kind
            switch delta {
            case .text(_, nil): kind = .text
            case .reasoning(_, nil): kind = .reasoning
            default: return nil
            }
            return DeltaTemplate(
                prefix: Array(UnsafeRawBufferPointer(rebasing: data[..<span.lowerBound])),
                suffix: Array(UnsafeRawBufferPointer(rebasing: data[span.upperBound...])), kind: kind)
        }
    }
}
