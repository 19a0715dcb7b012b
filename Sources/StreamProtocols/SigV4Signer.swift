// Hand-written on purpose: no kept Swift package signs AWS requests (Soto, which does, is not
// among the packages this project may use), and the signature is checked byte for byte against
// AWS's own signer (botocore's SigV4Auth, Tests/Servers/bedrock_converse_stream_server.py) and
// AWS's published test vectors (Tests/StreamProtocolsTests/SigV4Vectors.swift).
import Crypto
import Foundation

/// AWS Signature Version 4 request signing (header form), for Bedrock and any other AWS service.
///
/// The URL's path is taken exactly as it goes on the wire (already percent-encoded where
/// needed) and encoded once more for the canonical request, as AWS requires for every service
/// but S3: a Bedrock model ID `a:b` travels as `a%3Ab` and is signed as `a%253Ab`.
/// The query is decoded and re-encoded, and sorted. Every given header is signed except
/// `authorization`, `user-agent`, `expect` and `x-amzn-trace-id`; `host` is signed from a given
/// Host header or else from the URL (the HTTP client must then send that same Host).
public struct SigV4Signer: Sendable, CustomStringConvertible {
    public var credentials: AWSCredentials
    public var region: String
    public var service: String
    /// Also send and sign `x-amz-content-sha256` (S3 wants it; Bedrock does not need it).
    public var addContentSHA256Header: Bool

    public init(credentials: AWSCredentials, region: String, service: String, addContentSHA256Header: Bool = false) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.addContentSHA256Header = addContentSHA256Header
    }

    public var description: String { "SigV4Signer(\(credentials), \(region), \(service))" }

    /// Returns the input headers (minus any old `x-amz-date`, `x-amz-security-token`,
    /// `authorization`) followed by `x-amz-date`, `x-amz-content-sha256` (if enabled),
    /// `x-amz-security-token` (if a session token is set) and `authorization`.
    public func sign(method: String, url: String, headers: [(String, String)], body: [UInt8], date: Date) -> [(String, String)] {
        signature(method: method, url: url, headers: headers, body: body, date: date).headers
    }

    /// Every intermediate product, for tests and diagnosis (no secret in any of them).
    struct Result {
        var canonicalRequest: String
        var stringToSign: String
        var signedHeaders: String
        var signature: String
        var headers: [(String, String)]
    }

    func signature(method: String, url: String, headers: [(String, String)], body: [UInt8], date: Date) -> Result {
        let parts = SimpleURL(url)
        let amzDate = Self.amzDate(date)
        let day = String(amzDate.prefix(8))
        let payloadHash = Hex.sha256(body)

        let replaced: Set<String> = ["x-amz-date", "x-amz-security-token", "authorization", "x-amz-content-sha256"]
        var out = headers.filter { !replaced.contains($0.0.lowercased()) }
        out.append(("X-Amz-Date", amzDate))
        if addContentSHA256Header { out.append(("x-amz-content-sha256", payloadHash)) }
        if let token = credentials.sessionToken { out.append(("X-Amz-Security-Token", token)) }

        // Canonical headers: lowercase names, trimmed values with inner runs of spaces collapsed,
        // repeated names joined with commas, sorted by name.
        let unsigned: Set<String> = ["authorization", "user-agent", "expect", "x-amzn-trace-id"]
        var values: [String: [String]] = [:]
        for (name, value) in out {
            let lower = name.lowercased()
            if unsigned.contains(lower) { continue }
            values[lower, default: []].append(Self.canonicalHeaderValue(value))
        }
        if values["host"] == nil { values["host"] = [parts.authority] }
        let names = values.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let canonicalHeaders = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")

        let canonicalRequest = [
            method.uppercased(),
            Self.canonicalPath(parts.path),
            Self.canonicalQuery(parts.query),
            canonicalHeaders,
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")

        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, Hex.sha256(Array(canonicalRequest.utf8))]
            .joined(separator: "\n")

        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        let signature = Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        out.append((
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        ))
        return Result(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signedHeaders: signedHeaders,
            signature: signature, headers: out)
    }

    // MARK: - Canonical forms

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC, without a formatter (pure arithmetic, thread-safe).
    static func amzDate(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var rem = seconds % 86_400
        if rem < 0 {
            rem += 86_400
            days -= 1
        }
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return pad(y, 4) + pad(m, 2) + pad(d, 2) + "T" + pad(rem / 3600, 2) + pad(rem % 3600 / 60, 2) + pad(rem % 60, 2) + "Z"
    }

    static func canonicalHeaderValue(_ value: String) -> String {
        var out = ""
        var lastWasSpace = false
        for ch in value.trimmingCharacters(in: .whitespaces) {
            if ch == " " || ch == "\t" {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(ch)
                lastWasSpace = false
            }
        }
        return out
    }

    /// The path with dot segments removed and runs of slashes collapsed (AWS normalises paths
    /// for every service but S3), then percent-encoded.
    static func canonicalPath(_ path: String) -> String {
        if path.isEmpty { return "/" }
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." {
                if !segments.isEmpty { segments.removeLast() }
            } else {
                segments.append(segment)
            }
        }
        var normalized = path.hasPrefix("/") ? "/" : ""
        normalized += segments.joined(separator: "/")
        if path.hasSuffix("/"), !segments.isEmpty { normalized += "/" }
        return uriEncode(Array(normalized.utf8), encodeSlash: false)
    }

    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        var pairs: [(String, String)] = []
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let bytes = Array(item.utf8)
            let eq = bytes.firstIndex(of: UInt8(ascii: "=")) ?? bytes.count
            let key = uriEncode(percentDecode(bytes[..<eq]), encodeSlash: true)
            let value = eq < bytes.count ? uriEncode(percentDecode(bytes[(eq + 1)...]), encodeSlash: true) : ""
            pairs.append((key, value))
        }
        pairs.sort { a, b in
            a.0 != b.0 ? Array(a.0.utf8).lexicographicallyPrecedes(Array(b.0.utf8)) : Array(a.1.utf8).lexicographicallyPrecedes(Array(b.1.utf8))
        }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    private static func percentDecode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var i = bytes.startIndex
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 65...70: return c - 55
            case 97...102: return c - 87
            default: return nil
            }
        }
        while i < bytes.endIndex {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.endIndex, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}

/// RFC 3986 percent-encoding of everything but the unreserved characters (and `/` unless
/// `encodeSlash`), with upper-case hex digits, as SigV4 specifies.
func uriEncode<C: Collection>(_ bytes: C, encodeSlash: Bool) -> String where C.Element == UInt8 {
    let hex = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    for b in bytes {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            out.append(b)
        case UInt8(ascii: "/") where !encodeSlash:
            out.append(b)
        default:
            out.append(UInt8(ascii: "%"))
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0xF)])
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// Splits `scheme://authority/path?query#fragment` without validating or re-encoding anything
/// (Foundation's URL would reject or rewrite some inputs that the signature must see verbatim).
struct SimpleURL {
    var scheme = ""
    var authority = ""
    var path = ""
    var query = ""

    init(_ url: String) {
        var rest = Substring(url)
        if let r = rest.range(of: "://") {
            scheme = rest[..<r.lowerBound].lowercased()
            rest = rest[r.upperBound...]
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var auth = rest[..<authorityEnd]
        if let at = auth.lastIndex(of: "@") { auth = auth[auth.index(after: at)...] }  // userinfo never signed
        authority = auth.lowercased()
        if (scheme == "https" && authority.hasSuffix(":443")) || (scheme == "http" && authority.hasSuffix(":80")) {
            authority = String(authority[..<authority.lastIndex(of: ":")!])
        }
        rest = rest[authorityEnd...]
        if let q = rest.firstIndex(of: "?") {
            path = String(rest[..<q])
            query = String(rest[rest.index(after: q)...])
        } else {
            path = String(rest)
        }
    }
}
