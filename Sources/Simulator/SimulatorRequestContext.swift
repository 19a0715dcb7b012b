import Hummingbird
import NIOCore

/// Request context carrying the connection's event loop, on which the stream's timers run.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let eventLoop: any EventLoop

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        eventLoop = source.channel.eventLoop
    }
}
