import NIOCore

/// Runs Swift tasks on a NIO event loop. A stream that runs here is woken by its timer, builds its
/// chunk and writes it to the connection all on the connection's own loop: no thread hops and no
/// cross-thread wake-ups per chunk, which is what keeps thousands of streams cheap.
@available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, *)
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
