/// Failures the `nio` and `epoll` transports detect themselves (connect, TLS and socket errors are NIO's own).
enum TransportError: Error, Equatable {
    /// No bytes arrived for the stall timeout.
    case stalled
    /// The whole-request timeout elapsed.
    case deadlineExceeded
    /// The connection closed before the response ended; `afterHead` says whether a head came.
    case closed(afterHead: Bool)
    /// The host name did not resolve (the `epoll` transport; NIO reports it as its own error).
    case unresolved(host: String)
    /// The response is not valid HTTP/1.1.
    case invalidResponse(HTTP1ParseError)
}
