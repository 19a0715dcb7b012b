#if os(Linux)
import Glibc
import NIOConcurrencyHelpers

/// One resolved address of an origin, as `connect` takes it.
struct SocketAddressBytes: Sendable {
    var storage: sockaddr_storage
    var length: socklen_t
    var family: Int32
}

/// Resolves origins with `getaddrinfo`, once per host and port, on the calling task (never on the
/// epoll loop's thread, which must not block). Failures are not cached, so a later request retries.
final class OriginResolver: Sendable {
    private let cache = NIOLockedValueBox<[String: [SocketAddressBytes]]>([:])

    /// The addresses of `host:port` in `getaddrinfo`'s order (connects try them in turn).
    func addresses(host: String, port: Int) throws(TransportError) -> [SocketAddressBytes] {
        let key = "\(host):\(port)"
        if let found = cache.withLockedValue({ $0[key] }) { return found }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw TransportError.unresolved(host: host)
        }
        defer { freeaddrinfo(first) }
        var out: [SocketAddressBytes] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let n = node {
            if let a = n.pointee.ai_addr, Int(n.pointee.ai_addrlen) <= MemoryLayout<sockaddr_storage>.size,
                n.pointee.ai_family == AF_INET || n.pointee.ai_family == AF_INET6
            {
                var storage = sockaddr_storage()
                withUnsafeMutableBytes(of: &storage) { dst in
                    dst.copyMemory(from: UnsafeRawBufferPointer(start: a, count: Int(n.pointee.ai_addrlen)))
                }
                out.append(SocketAddressBytes(storage: storage, length: n.pointee.ai_addrlen, family: n.pointee.ai_family))
            }
            node = n.pointee.ai_next
        }
        guard !out.isEmpty else { throw TransportError.unresolved(host: host) }
        cache.withLockedValue { all in
            if all.count > 256 { all.removeAll() }
            all[key] = out
        }
        return out
    }
}
#endif
