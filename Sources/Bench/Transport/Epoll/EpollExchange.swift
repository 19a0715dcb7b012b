#if os(Linux)
import NIOCore
import Synchronization

/// One request on the `epoll` transport: what the response delivered (`capture`), its timeout
/// bookkeeping, and the continuation the awaiting task is suspended on.
///
/// Made by the task, then touched only on the loop's thread (the command queue's lock orders the
/// hand-over). The loop resumes `continuation` exactly once, handing a copy of the capture and
/// the failure over in the `EpollOutcome`; it never touches `capture` again. (`capture` is not
/// optional: mutating it through an optional copied the whole struct on every read.)
final class EpollExchange: @unchecked Sendable {
    let request: HTTP1Request
    let addresses: [SocketAddressBytes]
    let clock: RunClock.Stamper
    let stallMicros: Int64
    let connectTimeoutMicros: Int64
    let onTokens: @Sendable (Int) -> Void
    /// When the loop is to launch the request (run clock), or nil for at once.
    let launchAt: Int64?
    /// The request timeout, counted from the launch.
    let requestTimeoutMicros: Int64
    /// Called on the loop's thread when the request is launched (the live `sent` counter).
    let onLaunch: (@Sendable () -> Void)?
    var capture: StreamCapture
    /// How the end reaches the awaiting side: the suspended task's continuation, or for a batch
    /// (`EpollRequestBatches`) a callback on the loop's thread with `tag`.
    var continuation: UnsafeContinuation<EpollOutcome, Never>?
    let onEnd: (@Sendable (_ tag: Int, EpollOutcome) -> Void)?
    /// The batch's index of the request (for `onEnd`).
    let tag: Int
    /// The batch the request belongs to; cancelling it cancels the request.
    let group: EpollRunGroup?

    /// Microseconds from the loop's clock start to `clock`'s (the timer heap uses the loop's timeline).
    var clockOffset: Int64 = 0
    /// When the loop took the request (the connect timeout's reference).
    var startedAt: Int64 = 0
    /// Arrival of the last read, or when the request was written; the stall timeout's reference.
    var lastActivity: Int64 = 0
    /// True once the request is on a connection (the stall timeout applies from then on).
    var requestWritten = false
    var started = false
    /// Waiting in the loop's launch heap for `launchAt`.
    var pending = false
    var isFinished = false
    /// The task was cancelled before the loop took the request.
    var cancelRequested = false
    /// The connection carrying the request, while it does.
    var connection: EpollConnection?

    init(
        request: HTTP1Request, addresses: [SocketAddressBytes], capture: StreamCapture, clock: RunClock, stallMicros: Int64,
        connectTimeoutMicros: Int64, requestTimeoutMicros: Int64, launchAt: Int64? = nil,
        onLaunch: (@Sendable () -> Void)? = nil, onTokens: @escaping @Sendable (Int) -> Void,
        group: EpollRunGroup? = nil, tag: Int = 0, onEnd: (@Sendable (_ tag: Int, EpollOutcome) -> Void)? = nil
    ) {
        self.request = request
        self.group = group
        self.tag = tag
        self.onEnd = onEnd
        self.requestTimeoutMicros = requestTimeoutMicros
        self.launchAt = launchAt
        self.onLaunch = onLaunch
        self.addresses = addresses
        self.capture = capture
        self.clock = clock.stamper
        self.stallMicros = stallMicros
        self.connectTimeoutMicros = connectTimeoutMicros
        self.onTokens = onTokens
    }

    var deadlineMicros: Int64 { capture.deadlineMicros }

    /// When the timer heap must look at this exchange next: the request deadline, or the connect
    /// timeout until the request is written, then the stall timeout from the last read.
    var nextDue: Int64 {
        min(deadlineMicros, requestWritten ? lastActivity + stallMicros : startedAt + connectTimeoutMicros)
    }
}

/// A set of exchanges cancelled together (one provider's batched requests, at Ctrl-C): a
/// request of a cancelled group is not launched, and one in flight ends as cancelled.
final class EpollRunGroup: Sendable {
    private let flag = Atomic<Bool>(false)
    var isCancelled: Bool { flag.load(ordering: .acquiring) }
    func markCancelled() { flag.store(true, ordering: .releasing) }
}

/// What the awaiting task gets back: the final capture, why the exchange failed when it was
/// not the response's content, and when the loop launched the request (nil: never launched, as
/// when a scheduled request is cancelled before its time). `any Error` is not `Sendable`; the
/// value crosses threads once, through the continuation, and the loop keeps no reference to it.
struct EpollOutcome: @unchecked Sendable {
    var capture: StreamCapture
    var failure: (any Error)?
    var launchedAt: Int64?
}
#endif
