import Foundation
import NIOConcurrencyHelpers
import StreamProtocols

/// A request ready for the wire: where to connect, and the whole HTTP/1.1 message (head and
/// body) as one buffer, so that sending it is one write.
struct HTTP1Request {
    /// Where to connect (also the key of the idle-connection pool).
    struct Origin: Hashable, Sendable {
        var host: String
        var port: Int
        var tls: Bool
        /// The provider's `ca_file` (CA certificates trusted besides the system store), for
        /// `https`; connections are pooled per trust, so one made for another set is not reused.
        var caFile: String? = nil
    }

    /// What a URL contributes to the request: the origin, the request line and the `Host` header.
    struct Target: Sendable {
        var origin: Origin
        /// `/path?query`
        var path: String
        /// `host[:port]` (the port only when it is not the scheme's default)
        var hostHeader: String

        init(url string: String) throws(StreamProtocolError) {
            guard let url = URLComponents(string: string), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https", let rawHost = url.host, !rawHost.isEmpty
            else {
                throw StreamProtocolError(.invalidRequest, "not an http(s) URL: \(Redaction.redactURL(string))")
            }
            let tls = scheme == "https"
            let defaultPort = tls ? 443 : 80
            let port = url.port ?? defaultPort
            // URLComponents keeps IPv6 literals in brackets; the socket wants them bare.
            let host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
            origin = Origin(host: host, port: port, tls: tls)
            path = url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath
            if let q = url.percentEncodedQuery { path += "?" + q }
            hostHeader = rawHost + (port == defaultPort ? "" : ":\(port)")
        }

        /// Every request of a provider has the same URL: parse it once.
        private static let cache = NIOLockedValueBox<[String: Target]>([:])

        static func cached(_ url: String) throws(StreamProtocolError) -> Target {
            if let t = cache.withLockedValue({ $0[url] }) { return t }
            let t = try Target(url: url)
            cache.withLockedValue { all in
                if all.count > 256 { all.removeAll() }
                all[url] = t
            }
            return t
        }
    }

    var origin: Origin
    var bytes: [UInt8]

    init(origin: Origin, bytes: [UInt8]) {
        self.origin = origin
        self.bytes = bytes
    }

    /// The same request, its origin trusting `caFile` (a provider's `ca_file`) besides the system store.
    func trusting(_ caFile: String?) -> HTTP1Request {
        guard origin.tls, caFile != nil else { return self }
        var copy = self
        copy.origin.caFile = caFile
        return copy
    }

    /// Encodes `prepared` (from `RequestBuilder`). Adds `Host` unless the request has one, and
    /// `Content-Length`; drops any `Content-Length`/`Transfer-Encoding` of its own. User-info in
    /// the URL is not sent. CR and LF are removed from header names and values.
    init(_ prepared: PreparedRequest) throws(StreamProtocolError) {
        let target = try Target.cached(prepared.url)
        origin = target.origin
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512 + prepared.body.count)
        func add(_ s: String) { bytes.append(contentsOf: s.utf8) }
        func addField(_ s: String) { bytes.append(contentsOf: s.utf8.lazy.filter { $0 != 0x0D && $0 != 0x0A }) }
        add("\(prepared.method) \(target.path) HTTP/1.1\r\n")
        if !prepared.headers.contains(where: { $0.0.lowercased() == "host" }) { add("Host: \(target.hostHeader)\r\n") }
        for (name, value) in prepared.headers {
            let lower = name.lowercased()
            if lower == "content-length" || lower == "transfer-encoding" { continue }
            addField(name)
            add(": ")
            addField(value)
            add("\r\n")
        }
        add("Content-Length: \(prepared.body.count)\r\n\r\n")
        bytes.append(contentsOf: prepared.body)
        self.bytes = bytes
    }
}
