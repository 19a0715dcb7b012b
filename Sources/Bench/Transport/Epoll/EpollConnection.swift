#if os(Linux)
/// One socket of the `epoll` transport, touched only on the loop's thread.
final class EpollConnection {
    enum State {
        /// Non-blocking connect in progress (waiting for writability).
        case connecting
        /// Part of the request is still to be written (waiting for writability).
        case writing
        /// The request is written; reading the response.
        case reading
        /// Keep-alive, between requests, in the idle pool.
        case idle
        case closed
    }

    let fd: Int32
    /// Told apart from an earlier socket that had the same descriptor number (the epoll event's
    /// data carries both).
    let generation: UInt32
    let origin: HTTP1Request.Origin
    var state = State.connecting
    var parser = HTTP1ResponseParser()
    var exchange: EpollExchange?
    /// Which of the exchange's addresses this connect tries.
    var addressIndex = 0
    /// Bytes of the request written so far (`state == .writing`).
    var written = 0
    /// The epoll events asked for now (`EPOLLIN` or `EPOLLOUT`).
    var interest: UInt32 = 0
    /// When it went idle (the `maxIdle` rule).
    var idleSince: Int64 = 0

    init(fd: Int32, generation: UInt32, origin: HTTP1Request.Origin) {
        self.fd = fd
        self.generation = generation
        self.origin = origin
    }

    /// The epoll event data: generation and descriptor.
    var token: UInt64 { UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd)) }
}
#endif
