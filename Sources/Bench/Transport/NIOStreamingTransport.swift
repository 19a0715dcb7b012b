import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// The `nio` transport: HTTP/1.1 streaming straight on SwiftNIO, one `HTTP1StreamHandler` per
/// connection on the shared event loops (one per core), TLS through NIOSSL for https origins,
/// and keep-alive connections reused through `IdleConnectionPool`.
///
/// Compared with AsyncHTTPClient it does no per-read timer work, no per-body-part futures and no
/// general-purpose HTTP state machine: see docs/performance.md for the measured difference.
final class NIOStreamingTransport: Sendable {
    let group: MultiThreadedEventLoopGroup
    let pool: IdleConnectionPool
    let connectTimeout: TimeAmount
    /// One per set of trust roots (the system store, plus a provider's `ca_file`), made on first use.
    private let tlsContexts = TLSTrust.Contexts()

    init(maxIdlePerOrigin: Int, connectTimeout: TimeAmount = .seconds(10), group: MultiThreadedEventLoopGroup = .singleton) {
        self.group = group
        self.pool = IdleConnectionPool(maxIdlePerOrigin: maxIdlePerOrigin)
        self.connectTimeout = connectTimeout
    }

    /// Closes the idle connections (the shared event loops stay up).
    func shutdown() {
        pool.closeAll()
    }

    /// The event loop for a request to `origin`, and an idle connection to reuse if there is one.
    func route(_ origin: HTTP1Request.Origin) -> (any EventLoop, IdleConnectionPool.Idle?) {
        if let idle = pool.take(origin) { return (idle.channel.eventLoop, idle) }
        return (group.next(), nil)
    }

    /// Starts `exchange` on its loop: reuses `idle` if it is still open, else connects.
    func start(_ request: HTTP1Request, exchange: StreamExchange, idle: IdleConnectionPool.Idle?) {
        let loop = exchange.loop
        loop.execute { [self] in
            exchange.start()
            if let idle, idle.handler.value.isOpen {
                idle.handler.value.send(request.bytes, for: exchange)
                return
            }
            let connecting: EventLoopFuture<NIOLoopBound<HTTP1StreamHandler>>
            do {
                connecting = try connect(request.origin, on: loop)
            } catch {
                exchange.fail(error, at: exchange.clock.now())
                return
            }
            connecting.whenComplete { result in
                switch result {
                case .success(let handler):
                    if exchange.isFinished {
                        handler.value.close()
                    } else {
                        handler.value.send(request.bytes, for: exchange)
                    }
                case .failure(let error):
                    exchange.fail(error, at: exchange.clock.now())
                }
            }
        }
    }

    private func connect(_ origin: HTTP1Request.Origin, on loop: any EventLoop) throws -> EventLoopFuture<NIOLoopBound<HTTP1StreamHandler>> {
        let tls = origin.tls ? try tlsContexts.context(caFile: origin.caFile) : nil
        let handler = NIOLoopBound(HTTP1StreamHandler(origin: origin, pool: pool), eventLoop: loop)
        return ClientBootstrap(group: loop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                do {
                    if let tls {
                        let sni = origin.host.isIPAddress ? nil : origin.host
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: sni))
                    }
                    try channel.pipeline.syncOperations.addHandler(handler.value)
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .connect(host: origin.host, port: origin.port)
            .map { _ in handler }
    }
}

extension String {
    /// A literal IPv4 or IPv6 address (no SNI is sent for those).
    fileprivate var isIPAddress: Bool {
        (try? SocketAddress(ipAddress: self, port: 0)) != nil
    }
}
