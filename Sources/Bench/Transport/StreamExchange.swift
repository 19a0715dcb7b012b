import NIOCore

/// One request in flight on the `nio` transport, confined to its event loop: what the response
/// delivered (`capture`), the timers, and the promise the awaiting task waits on.
///
/// Timeouts cost no work per read: each read only stores its arrival time in `lastActivity`
/// (taken anyway for the chunk's timestamp). A single timer, armed for the earlier of the
/// request deadline and `lastActivity + stall`, checks when it fires and re-arms itself if bytes
/// arrived in the meantime.
///
/// Every field is touched on `loop` only; the awaiting task reads `capture` and `failure` after
/// `done` has completed (the future's completion orders those accesses).
final class StreamExchange: @unchecked Sendable {
    let loop: any EventLoop
    let clock: RunClock.Stamper
    let stallMicros: Int64
    let onTokens: @Sendable (Int) -> Void
    /// Succeeds when the exchange is over, whether the request succeeded or failed.
    let done: EventLoopPromise<Void>
    var capture: StreamCapture
    /// Arrival of the last read, or when the request was written; the stall timer's reference.
    var lastActivity: Int64
    /// True once the request is on a connection (the stall timeout applies from then on).
    private(set) var requestWritten = false
    /// Why the exchange failed, when it was not the response's content (see `capture`).
    private(set) var failure: (any Error)?
    private(set) var isFinished = false
    private var channel: (any Channel)?
    private var timer: Scheduled<Void>?

    init(loop: any EventLoop, capture: StreamCapture, clock: RunClock, stallMicros: Int64, onTokens: @escaping @Sendable (Int) -> Void) {
        self.loop = loop
        self.capture = capture
        self.clock = clock.stamper
        self.stallMicros = stallMicros
        self.onTokens = onTokens
        self.done = loop.makePromise(of: Void.self)
        self.lastActivity = clock.now()
    }

    /// Arms the timer (the deadline covers connecting too).
    func start() {
        armTimer(now: clock.now())
    }

    /// The request was written on `channel` at `t`.
    func didWriteRequest(on channel: any Channel, at t: Int64) {
        self.channel = channel
        requestWritten = true
        lastActivity = t
    }

    /// The response ended normally at `t`.
    func succeed(at t: Int64) {
        guard !isFinished else { return }
        capture.finish(at: t)
        finish(closing: false)
    }

    /// The response stopped early for a reason `capture` records (decoding error, error event,
    /// deadline seen at a read); the connection is closed.
    func stop(at t: Int64) {
        guard !isFinished else { return }
        if capture.finishedAt == nil { capture.finishedAt = t }
        finish(closing: true)
    }

    /// The exchange failed with `error` at `t`; the connection, if any, is closed.
    func fail(_ error: any Error, at t: Int64) {
        guard !isFinished else { return }
        failure = error
        if capture.finishedAt == nil { capture.finishedAt = t }
        finish(closing: true)
    }

    /// The awaiting task was cancelled.
    func cancel() {
        fail(CancellationError(), at: clock.now())
    }

    /// Marks the exchange finished before closing the connection (closing runs the handler's
    /// `channelInactive` at once, which must then see a finished exchange), then wakes the task.
    private func finish(closing: Bool) {
        isFinished = true
        timer?.cancel()
        timer = nil
        let connection = channel
        channel = nil
        if closing { connection?.close(promise: nil) }
        done.succeed(())
    }

    private func armTimer(now: Int64) {
        let due = min(capture.deadlineMicros, lastActivity + stallMicros)
        timer = loop.scheduleTask(in: .microseconds(max(due - now, 1_000))) { [self] in
            self.timerFired()
        }
    }

    private func timerFired() {
        guard !isFinished else { return }
        let now = clock.now()
        if now >= capture.deadlineMicros {
            capture.timedOut = true
            fail(TransportError.deadlineExceeded, at: now)
        } else if requestWritten, now - lastActivity >= stallMicros {
            fail(TransportError.stalled, at: now)
        } else {
            armTimer(now: now)
        }
    }
}
