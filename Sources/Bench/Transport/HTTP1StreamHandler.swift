import NIOCore
import NIOSSL
import StreamProtocols

/// The one handler of a `nio`-transport connection: writes a request, then reads its response.
///
/// `channelRead` first stamps the arrival time from the run clock, then parses the HTTP/1.1
/// framing (`HTTP1ResponseParser`) and decodes the body (`StreamCapture`) in the same pass, so a
/// read holding several chunks costs one timestamp and one pass, and nothing hops threads. When a
/// response ends cleanly on a keep-alive connection the handler offers itself back to the idle
/// pool; otherwise the connection is closed.
final class HTTP1StreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let origin: HTTP1Request.Origin
    private let pool: IdleConnectionPool
    private var exchange: StreamExchange?
    private var parser = HTTP1ResponseParser()
    /// Decoded events of the read being handled, reused across reads.
    private var deltas: [StreamDelta] = []
    private var context: ChannelHandlerContext?
    /// False once the connection has closed.
    private(set) var isOpen = true
    /// A failed TLS handshake reported before a request was handed over (then given to it).
    private var handshakeFailure: TLSHandshakeFailure?

    init(origin: HTTP1Request.Origin, pool: IdleConnectionPool) {
        self.origin = origin
        self.pool = pool
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Closes the connection (a request it was opened for ended before it connected).
    func close() { context?.close(promise: nil) }

    /// Writes `request` for `exchange` (on the channel's event loop).
    func send(_ request: [UInt8], for exchange: StreamExchange) {
        guard let context, isOpen else {
            exchange.fail(handshakeFailure ?? TransportError.closed(afterHead: false), at: exchange.clock.now())
            return
        }
        self.exchange = exchange
        parser = HTTP1ResponseParser()
        var buffer = context.channel.allocator.buffer(capacity: request.count)
        buffer.writeBytes(request)
        exchange.didWriteRequest(on: context.channel, at: exchange.clock.now())
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let ex = exchange else {
            context.close(promise: nil)  // bytes on an idle connection: it cannot be reused
            return
        }
        let t = ex.clock.now()  // arrival time, before any parsing or decoding
        ex.lastActivity = t
        let buffer = unwrapInboundIn(data)
        let read = buffer.withUnsafeReadableBytes { raw in ex.capture.read(raw, framedBy: &parser, at: t, scratch: &deltas) }
        if read.tokens > 0 { ex.onTokens(read.tokens) }
        if let error = read.invalid {
            exchange = nil
            ex.fail(TransportError.invalidResponse(error), at: t)
        } else if read.stopped {
            exchange = nil
            ex.stop(at: t)
        } else if read.complete {
            exchange = nil
            // Back in the pool before the request is reported done: the task awaiting it may
            // start the next request (closed loop, one after another) on another thread at once,
            // and would otherwise find no idle connection and open a new one.
            let keepAlive = parser.head?.keepAlive == true
            if keepAlive {
                pool.put(origin, IdleConnectionPool.Idle(channel: context.channel, handler: NIOLoopBound(self, eventLoop: context.eventLoop)))
            }
            ex.succeed(at: t)
            if !keepAlive { context.close(promise: nil) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        isOpen = false
        if let ex = exchange {
            exchange = nil
            let t = ex.clock.now()
            do {
                try parser.finishAtEOF()
                ex.succeed(at: t)  // a close-delimited body ended
            } catch {
                ex.fail(TransportError.closed(afterHead: parser.head != nil), at: t)
            }
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A TLS peer that closes without close_notify: let channelInactive judge by the framing.
        if let e = error as? NIOSSLError, case .uncleanShutdown = e { return }
        var error = error
        // A failed handshake or host-name check, named by its reason. Asked now, while the TLS
        // handler (before this one) still holds the server's certificate.
        if origin.tls, parser.head == nil,
            let tls = TLSHandshakeFailure(
                error, peer: try? context.pipeline.syncOperations.nioSSL_peerCertificate(), host: origin.host, port: origin.port)
        {
            error = tls
            handshakeFailure = tls
        }
        if let ex = exchange {
            exchange = nil
            ex.fail(error, at: ex.clock.now())
        }
        context.close(promise: nil)
    }
}
