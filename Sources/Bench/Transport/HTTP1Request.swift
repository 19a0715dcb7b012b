import Foundation
import StreamProtocols

/// A request ready for the wire: where to connect, and the whole HTTP/1.1 message (head and
/// body) as one buffer, so that sending it is one write.
struct HTTP1Request {
    /// Where to connect (also the key of the idle-connection pool).
    struct Origin: Hashable, Sendable {
        var host: String
        var port: Int
        var tls: Bool
    }

    var origin: Origin
    var bytes: [UInt8]

    /// Encodes `prepared` (from `RequestBuilder`). Adds `Host` (with the port when it is not the
    /// scheme's default) unless the request has one, and `Content-Length`; drops any
    /// `Content-Length`/`Transfer-Encoding` of its own. User-info in the URL is not sent.
    init(_ prepared: PreparedRequest) throws(StreamProtocolError) {
        guard let url = URLComponents(string: prepared.url), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let rawHost = url.host, !rawHost.isEmpty
        else {
            throw StreamProtocolError(.invalidRequest, "not an http(s) URL: \(Redaction.redactURL(prepared.url))")
        }
        let tls = scheme == "https"
        let defaultPort = tls ? 443 : 80
        let port = url.port ?? defaultPort
        // URLComponents keeps IPv6 literals in brackets; the socket wants them bare.
        let host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
        origin = Origin(host: host, port: port, tls: tls)
        var target = url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath
        if let q = url.percentEncodedQuery { target += "?" + q }

        var head = "\(prepared.method) \(target) HTTP/1.1\r\n"
        if !prepared.headers.contains(where: { $0.0.lowercased() == "host" }) {
            head += "Host: \(rawHost)\(port == defaultPort ? "" : ":\(port)")\r\n"
        }
        for (name, value) in prepared.headers {
            let lower = name.lowercased()
            if lower == "content-length" || lower == "transfer-encoding" { continue }
            head += "\(Self.headerSafe(name)): \(Self.headerSafe(value))\r\n"
        }
        head += "Content-Length: \(prepared.body.count)\r\n\r\n"
        var bytes = Array(head.utf8)
        bytes.append(contentsOf: prepared.body)
        self.bytes = bytes
    }

    /// A header field without CR or LF (which would split the header).
    private static func headerSafe(_ s: String) -> String {
        s.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
            ? String(s.unicodeScalars.filter { $0 != "\r" && $0 != "\n" }.map(Character.init)) : s
    }
}
