/// Which HTTP client carries the streams (config `transport:`, CLI `--transport`).
public enum TransportKind: String, Sendable, Equatable, CaseIterable {
    /// HTTP/1.1 over plain TCP on a dedicated `epoll` loop thread (Linux, `http://` origins;
    /// `https://` origins go through `nio`): the leanest per token (docs/performance.md).
    case epoll
    /// HTTP/1.1 straight on SwiftNIO with a hand-written response parser; TLS through NIOSSL.
    case nio

    /// What a run uses unless told otherwise: `epoll` on Linux (it measured about a third less
    /// client CPU per token than `nio`, with the same or lower client error), else `nio`.
    #if os(Linux)
    public static let `default` = TransportKind.epoll
    #else
    public static let `default` = TransportKind.nio
    #endif
}
