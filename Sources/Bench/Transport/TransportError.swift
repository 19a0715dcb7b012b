/// Failures the `nio` transport detects itself (connect, TLS and socket errors are NIO's own).
enum TransportError: Error, Equatable {
    /// No bytes arrived for the stall timeout.
    case stalled
    /// The whole-request timeout elapsed.
    case deadlineExceeded
    /// The connection closed before the response ended; `afterHead` says whether a head came.
    case closed(afterHead: Bool)
    /// The response is not valid HTTP/1.1.
    case invalidResponse(HTTP1ParseError)
}
