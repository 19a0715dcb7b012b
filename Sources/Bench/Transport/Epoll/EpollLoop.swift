#if os(Linux)
import Foundation
import CEpoll
import Glibc
import NIOConcurrencyHelpers
import NIOCore
import StreamProtocols

/// The `epoll` transport's event loop: one dedicated thread, its own `epoll` instance, plain
/// non-blocking TCP sockets, and nothing else between a socket and the stream's decoder.
///
/// Per readable socket the loop stamps the arrival time from the exchange's run clock, reads into
/// one preallocated buffer, and hands the bytes to `HTTP1ResponseParser` and `StreamCapture` in
/// the same pass: no per-read allocation, no pipeline, no future. Requests arrive through a
/// locked command queue and an `eventfd` that wakes the loop; when an exchange ends, its awaiting
/// task is resumed once through its continuation, or a batched request's `onEnd` is called.
/// A request with a launch time (`EpollExchange.launchAt`) waits in a second heap and is launched
/// from the timer when it is due, so `sent` is stamped here, at the launch.
///
/// Timeouts (connect, stall, request deadline) live in one `DeadlineHeap`; a `timerfd` in the
/// epoll set is armed for the earliest entry of either heap, so `epoll_wait` sleeps without a
/// timeout of its own (a finite timeout sets up and cancels a kernel timer on every wake-up, once
/// per token) and the timer is re-armed only when the earliest due time changes. Keep-alive connections wait in a
/// per-origin idle list (most recently used first out) and are not reused after `maxIdleMicros`,
/// the rule of `IdleConnectionPool`.
///
/// Sockets are read edge-triggered (`EPOLLET`): a level-triggered socket is polled again by the
/// next `epoll_wait` only to find it drained. Each readiness is therefore read until a read comes
/// back short of the buffer, each read stamped before it is made.
final class EpollLoop: @unchecked Sendable {
    enum Command {
        case start(EpollExchange)
        case cancel(EpollExchange)
        /// Cancels every request of the group the loop holds (launched or waiting to be).
        case cancelGroup(EpollRunGroup)
        /// Closes every idle keep-alive connection, then resumes the continuation.
        case closeIdle(UnsafeContinuation<Void, Never>)
        case stop
    }

    private struct Queue {
        var commands: [Command] = []
        var stopped = false
    }

    let maxIdlePerOrigin: Int
    /// A socket numbered this high or higher is closed again and its request fails as out of
    /// descriptors (`ResourceLimits.socketCeiling`, read when the loop starts).
    let socketCeiling = ResourceLimits.socketCeiling()
    let maxIdleMicros: Int64

    private let epfd: Int32
    private let wakeFD: Int32
    private let timerFD: Int32
    /// The due time (loop clock) the timer is armed for; nil when disarmed.
    private var armedDue: Int64?
    private let queue = NIOLockedValueBox(Queue())
    /// The loop's own timeline (heap due times and idle ages); exchanges stamp with their run's clock.
    private let loopClock = RunClock().stamper

    // Touched on the loop's thread only.
    private var spare: [Command] = []
    /// Decoded events of the read being handled, reused by every stream.
    private var deltas: [StreamDelta] = []
    private var connections: [EpollConnection?] = []
    private var generation: UInt32 = 0
    private var idle: [HTTP1Request.Origin: [EpollConnection]] = [:]
    private var idleEntries = 0
    private var nextIdleSweep: Int64 = 0
    private var heap = DeadlineHeap()
    /// Scheduled requests waiting for their launch time (`EpollExchange.launchAt`).
    private var launches = DeadlineHeap()
    private var live = 0
    private let readBuffer: UnsafeMutableRawBufferPointer
    private let events: UnsafeMutablePointer<epoll_event>
    private let eventCapacity = 1024
    private static let wakeToken = UInt64.max
    private static let timerToken = UInt64.max - 1
    /// `EPOLLRDHUP` too: a peer's close that arrives with the last bytes comes in the same event,
    /// and a short read must then not end the reading (no later event would report the close).
    private static let readable = EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
    private static let peerClosed = EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue
    private static let writable = EPOLLOUT.rawValue

    /// Creates the epoll instance and the wake-up `eventfd`, and starts the loop's thread.
    init(maxIdlePerOrigin: Int, maxIdleMicros: Int64 = 4_000_000, readBufferBytes: Int = 64 * 1024) throws {
        self.maxIdlePerOrigin = maxIdlePerOrigin
        self.maxIdleMicros = maxIdleMicros
        let ep = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard ep >= 0 else { throw IOError(errnoCode: errno, reason: "epoll_create1") }
        let wake = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wake >= 0 else {
            let e = errno
            Glibc.close(ep)
            throw IOError(errnoCode: e, reason: "eventfd")
        }
        let timer = timerfd_create(CLOCK_BOOTTIME, Int32(TFD_NONBLOCK) | Int32(TFD_CLOEXEC))
        guard timer >= 0 else {
            let e = errno
            Glibc.close(ep)
            Glibc.close(wake)
            throw IOError(errnoCode: e, reason: "timerfd_create")
        }
        for (fd, token) in [(wake, Self.wakeToken), (timer, Self.timerToken)] {
            var ev = epoll_event()
            ev.events = EPOLLIN.rawValue
            ev.data.u64 = token
            guard epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0 else {
                let e = errno
                Glibc.close(ep)
                Glibc.close(wake)
                Glibc.close(timer)
                throw IOError(errnoCode: e, reason: "epoll_ctl")
            }
        }
        epfd = ep
        wakeFD = wake
        timerFD = timer
        readBuffer = .allocate(byteCount: readBufferBytes, alignment: 16)
        events = .allocate(capacity: eventCapacity)
        let thread = Thread { [self] in run() }
        thread.name = "bench-epoll"
        thread.start()
    }

    /// Hands `command` to the loop (any thread). False when the loop has stopped.
    @discardableResult
    func submit(_ command: Command) -> Bool {
        queue.withLockedValue { q in
            guard !q.stopped else { return false }
            q.commands.append(command)
            if q.commands.count == 1 {  // the loop drains the whole queue after each wake-up
                var one: UInt64 = 1
                _ = write(wakeFD, &one, 8)
            }
            return true
        }
    }

    /// Hands several requests to the loop with one wake-up (any thread). False when the loop has
    /// stopped.
    @discardableResult
    func submit(starting exchanges: [EpollExchange]) -> Bool {
        queue.withLockedValue { q in
            guard !q.stopped else { return false }
            let wasEmpty = q.commands.isEmpty
            for ex in exchanges { q.commands.append(.start(ex)) }
            if wasEmpty, !exchanges.isEmpty {
                var one: UInt64 = 1
                _ = write(wakeFD, &one, 8)
            }
            return true
        }
    }

    // MARK: - The loop

    private func run() {
        var running = true
        while running {
            let n = epoll_wait(epfd, events, Int32(eventCapacity), -1)
            if n < 0 {
                if errno == EINTR { continue }
                break  // EBADF/EINVAL: cannot happen with our own descriptors
            }
            for i in 0..<Int(n) {
                let token = events[i].data.u64
                if token == Self.wakeToken {
                    if !drainCommands() { running = false }
                } else if token == Self.timerToken {
                    var expirations: UInt64 = 0
                    _ = read(timerFD, &expirations, 8)
                    armedDue = nil
                    runTimers()
                } else {
                    handle(token: token, events: events[i].events)
                }
            }
            armTimer()
        }
        teardown()
    }

    /// Arms the timer for the earliest heap entry or idle sweep, if that is not what it is armed
    /// for already (a request's timeouts come later than those of the requests before it, so this
    /// rarely costs a call).
    private func armTimer() {
        var due = heap.nextDue
        if let launch = launches.nextDue { due = min(due ?? launch, launch) }
        if idleEntries > 0 { due = min(due ?? nextIdleSweep, nextIdleSweep) }
        guard due != armedDue else { return }
        var spec = itimerspec()  // all zero: disarm
        if let due {
            let nanos = loopClock.startNanos + max(due, 1) * 1000  // absolute CLOCK_BOOTTIME time
            spec.it_value.tv_sec = Int(nanos / 1_000_000_000)
            spec.it_value.tv_nsec = Int(nanos % 1_000_000_000)
        }
        if timerfd_settime(timerFD, Int32(TFD_TIMER_ABSTIME), &spec, nil) == 0 { armedDue = due }
    }

    private func drainCommands() -> Bool {
        var value: UInt64 = 0
        _ = read(wakeFD, &value, 8)
        queue.withLockedValue { swap(&$0.commands, &spare) }
        var keepRunning = true
        for command in spare {
            switch command {
            case .start(let ex): start(ex)
            case .cancel(let ex): cancel(ex)
            case .cancelGroup(let group): cancel(group)
            case .closeIdle(let done):
                pruneIdle(now: .max)
                done.resume()
            case .stop: keepRunning = false
            }
        }
        spare.removeAll(keepingCapacity: true)
        return keepRunning
    }

    private func handle(token: UInt64, events: UInt32) {
        let fd = Int(UInt32(truncatingIfNeeded: token))
        guard fd < connections.count, let c = connections[fd], c.generation == UInt32(token >> 32) else { return }
        switch c.state {
        case .reading, .idle: readable(c, peerClosed: events & Self.peerClosed != 0)
        case .connecting: connectFinished(c)
        case .writing: writeRequest(c)
        case .closed: break
        }
    }

    // MARK: - Reads

    /// Reads the socket until a read comes back short (edge-triggered: no further event comes for
    /// bytes already there), stamping each read before it is made. When the event also reported
    /// the peer's close, reading goes on to the end of the stream: that close will not be reported
    /// again.
    private func readable(_ c: EpollConnection, peerClosed: Bool) {
        while c.state != .closed {
            let ex = c.exchange
            let t = ex?.clock.now() ?? 0  // arrival time, before the read and any parsing
            // `recv`, not `read`: the socket call skips the file layer's `read` path (its position
            // lock and checks), a visible share of the per-token kernel time.
            let n = recv(c.fd, readBuffer.baseAddress, readBuffer.count, 0)
            let e = n < 0 ? errno : 0
            if n < 0, e == EINTR { continue }
            if n < 0, e == EAGAIN { return }
            guard let ex else {
                close(c)  // an idle connection closed by the server, or bytes nobody asked for: not reusable
                return
            }
            if n > 0 {
                ex.lastActivity = t
                received(UnsafeRawBufferPointer(start: readBuffer.baseAddress, count: n), on: c, for: ex, at: t)
                if n < readBuffer.count && !peerClosed { return }
            } else if n == 0 {
                do {
                    try c.parser.finishAtEOF()
                    succeed(ex, at: t)  // a close-delimited body ended
                } catch {
                    fail(ex, TransportError.closed(afterHead: c.parser.head != nil), at: t)
                }
                close(c)
                return
            } else {
                fail(ex, IOError(errnoCode: e, reason: "read"), at: t)
                return
            }
        }
    }

    /// Frames and decodes one read (`StreamCapture.read`), then ends the exchange if the read did.
    private func received(_ bytes: UnsafeRawBufferPointer, on c: EpollConnection, for ex: EpollExchange, at t: Int64) {
        let read = ex.capture.read(bytes, framedBy: &c.parser, at: t, scratch: &deltas)
        if read.tokens > 0 { ex.onTokens(read.tokens) }
        if let error = read.invalid {
            fail(ex, TransportError.invalidResponse(error), at: t)
        } else if read.stopped {
            stop(ex, at: t)
        } else if read.complete {
            let keepAlive = c.parser.head?.keepAlive == true
            succeed(ex, at: t)
            if keepAlive { makeIdle(c) } else { close(c) }
        }
    }

    // MARK: - Requests

    /// Takes a request from the queue: launches it now, or at its `launchAt` from the timer.
    private func start(_ ex: EpollExchange) {
        guard !ex.started, !ex.pending, !ex.isFinished else { return }
        ex.clockOffset = (ex.clock.startNanos - loopClock.startNanos) / 1000
        if ex.group?.isCancelled == true { ex.cancelRequested = true }
        if let at = ex.launchAt {
            if ex.cancelRequested {
                unlaunched(ex)
                return
            }
            if at > ex.clock.now() {
                ex.pending = true
                launches.push(at + ex.clockOffset, ex)
                return
            }
        }
        launch(ex)
    }

    /// Starts the request: the time it was sent is now, and its timeouts count from now.
    private func launch(_ ex: EpollExchange) {
        ex.started = true
        live += 1
        let now = ex.clock.now()
        ex.startedAt = now
        ex.lastActivity = now
        ex.capture.deadlineMicros = now + ex.requestTimeoutMicros
        if ex.cancelRequested {
            fail(ex, CancellationError(), at: now)
            return
        }
        ex.onLaunch?()
        // No later than the earliest stall check too: writing the request moves the due time from
        // the connect timeout to `write time + stall`, which may be earlier, and is never pushed.
        heap.push(min(ex.nextDue, now + ex.stallMicros) + ex.clockOffset, ex)
        if let c = takeIdle(ex.request.origin) {
            send(ex, on: c)
        } else {
            connect(ex, address: 0)
        }
    }

    private func cancel(_ ex: EpollExchange) {
        if ex.pending {
            unlaunched(ex)  // its launch-heap entry is skipped when it comes up
        } else if !ex.started {
            ex.cancelRequested = true
        } else if !ex.isFinished {
            fail(ex, CancellationError(), at: ex.clock.now())
        }
    }

    /// Cancels the group's requests: those waiting for their launch time are never sent, those in
    /// flight end as cancelled. (Requests of the group that reach the loop later see the group's
    /// flag in `start`.)
    private func cancel(_ group: EpollRunGroup) {
        for case let c? in connections {
            if let ex = c.exchange, ex.group === group { cancel(ex) }
        }
        for entry in launches.entries where entry.exchange.group === group && entry.exchange.pending {
            unlaunched(entry.exchange)
        }
    }

    /// Opens a non-blocking socket to the exchange's `index`-th address.
    private func connect(_ ex: EpollExchange, address index: Int) {
        let address = ex.addresses[index]
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            fail(ex, IOError(errnoCode: errno, reason: "socket"), at: ex.clock.now())  // EMFILE: classified as such
            return
        }
        guard fd < socketCeiling else {
            // The last descriptors stay free for the runtime (ResourceLimits.socketCeiling).
            Glibc.close(fd)
            fail(ex, IOError(errnoCode: EMFILE, reason: "socket (the last descriptors are kept for the runtime)"), at: ex.clock.now())
            return
        }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        generation &+= 1
        let c = EpollConnection(fd: fd, generation: generation, origin: ex.request.origin)
        c.addressIndex = index
        c.exchange = ex
        ex.connection = c
        if Int(fd) >= connections.count {
            connections += Array(repeating: nil, count: max(Int(fd) + 1 - connections.count, connections.count))
        }
        connections[Int(fd)] = c
        var storage = address.storage
        let r = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, address.length) }
        }
        let e = errno
        if r == 0 || e == EINPROGRESS {
            var ev = epoll_event()
            ev.events = Self.writable
            ev.data.u64 = c.token
            guard epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) == 0 else {
                fail(ex, IOError(errnoCode: errno, reason: "epoll_ctl"), at: ex.clock.now())
                return
            }
            c.interest = Self.writable
            c.state = .connecting
            if r == 0 { connectFinished(c) }
        } else {
            connectFailed(c, ex, errno: e)
        }
    }

    /// The socket became writable (or failed) while connecting.
    private func connectFinished(_ c: EpollConnection) {
        guard let ex = c.exchange else {
            close(c)
            return
        }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 { error = errno }
        if error == 0 {
            send(ex, on: c)
        } else {
            connectFailed(c, ex, errno: error)
        }
    }

    /// Tries the origin's next address, or fails the exchange as NIO's connect would.
    private func connectFailed(_ c: EpollConnection, _ ex: EpollExchange, errno e: Int32) {
        let next = c.addressIndex + 1
        c.exchange = nil
        ex.connection = nil
        close(c)
        if next < ex.addresses.count, e != EMFILE, e != ENFILE {
            connect(ex, address: next)
        } else {
            fail(ex, IOError(errnoCode: e, reason: "connect"), at: ex.clock.now())
        }
    }

    /// Puts `ex` on the open connection `c` and writes its request.
    private func send(_ ex: EpollExchange, on c: EpollConnection) {
        c.exchange = ex
        ex.connection = c
        c.parser = HTTP1ResponseParser()
        c.written = 0
        ex.requestWritten = true
        ex.lastActivity = ex.clock.now()
        writeRequest(c)
    }

    /// Writes what is left of the request; waits for writability if the socket is full.
    private func writeRequest(_ c: EpollConnection) {
        guard let ex = c.exchange else {
            close(c)
            return
        }
        let total = ex.request.bytes.count
        let r = ex.request.bytes.withUnsafeBytes { raw in
            Glibc.send(c.fd, raw.baseAddress! + c.written, total - c.written, Int32(MSG_NOSIGNAL))
        }
        if r >= 0 {
            c.written += r
            if c.written == total {
                c.state = .reading
                setInterest(c, Self.readable)
            } else {
                c.state = .writing
                setInterest(c, Self.writable)
            }
        } else {
            let e = errno
            if e == EAGAIN || e == EINTR {
                c.state = .writing
                setInterest(c, Self.writable)
            } else {
                fail(ex, IOError(errnoCode: e, reason: "write"), at: ex.clock.now())
            }
        }
    }

    private func setInterest(_ c: EpollConnection, _ interest: UInt32) {
        guard c.interest != interest else { return }
        var ev = epoll_event()
        ev.events = interest
        ev.data.u64 = c.token
        if epoll_ctl(epfd, EPOLL_CTL_MOD, c.fd, &ev) == 0 {
            c.interest = interest
        } else if let ex = c.exchange {
            fail(ex, IOError(errnoCode: errno, reason: "epoll_ctl"), at: ex.clock.now())
        } else {
            close(c)
        }
    }

    // MARK: - Ends of exchanges

    /// The response ended normally at `t`.
    private func succeed(_ ex: EpollExchange, at t: Int64) {
        guard !ex.isFinished else { return }
        ex.capture.finish(at: t)
        finish(ex, failure: nil, closing: false)
    }

    /// The response stopped early for a reason the capture records; the connection is closed.
    private func stop(_ ex: EpollExchange, at t: Int64) {
        guard !ex.isFinished else { return }
        if ex.capture.finishedAt == nil { ex.capture.finishedAt = t }
        finish(ex, failure: nil, closing: true)
    }

    /// The exchange failed with `error` at `t`; its connection, if any, is closed.
    private func fail(_ ex: EpollExchange, _ error: any Error, at t: Int64) {
        guard !ex.isFinished else { return }
        if ex.capture.finishedAt == nil { ex.capture.finishedAt = t }
        finish(ex, failure: error, closing: true)
    }

    /// Detaches the exchange from its connection, then resumes its task (once) with the outcome.
    private func finish(_ ex: EpollExchange, failure: (any Error)?, closing: Bool) {
        ex.isFinished = true
        live -= 1
        if let c = ex.connection {
            ex.connection = nil
            c.exchange = nil
            if closing { close(c) }
        }
        resume(ex, EpollOutcome(capture: ex.capture, failure: failure, launchedAt: ex.startedAt))
    }

    /// A scheduled request cancelled before its launch time: it was never sent.
    private func unlaunched(_ ex: EpollExchange) {
        ex.pending = false
        ex.isFinished = true
        resume(ex, EpollOutcome(capture: ex.capture, failure: CancellationError(), launchedAt: nil))
    }

    private func resume(_ ex: EpollExchange, _ outcome: EpollOutcome) {
        if let continuation = ex.continuation {
            ex.continuation = nil
            continuation.resume(returning: outcome)
        } else {
            ex.onEnd?(ex.tag, outcome)
        }
    }

    // MARK: - Connections

    private func close(_ c: EpollConnection) {
        guard c.state != .closed else { return }
        if let ex = c.exchange {
            c.exchange = nil
            ex.connection = nil
        }
        c.state = .closed
        if Int(c.fd) < connections.count, connections[Int(c.fd)] === c { connections[Int(c.fd)] = nil }
        Glibc.close(c.fd)  // also removes it from the epoll set
    }

    /// A keep-alive connection whose response ended cleanly waits for the next request to its origin.
    private func makeIdle(_ c: EpollConnection) {
        guard c.state != .closed else { return }
        c.state = .idle
        c.idleSince = loopClock.now()
        if idleEntries == 0 { nextIdleSweep = c.idleSince + 1_000_000 }
        if idle[c.origin]?.count ?? 0 >= maxIdlePerOrigin {
            pruneIdle(now: c.idleSince)
            if idle[c.origin]?.count ?? 0 >= maxIdlePerOrigin {
                close(c)
                return
            }
        }
        idle[c.origin, default: []].append(c)
        idleEntries += 1
    }

    /// The most recently used open connection to `origin` idle for less than `maxIdleMicros`.
    private func takeIdle(_ origin: HTTP1Request.Origin) -> EpollConnection? {
        guard idleEntries > 0 else { return nil }
        let oldest = loopClock.now() - maxIdleMicros
        while let c = idle[origin]?.popLast() {
            idleEntries -= 1
            guard c.state == .idle else { continue }  // closed by the server meanwhile
            if c.idleSince >= oldest { return c }
            close(c)
        }
        return nil
    }

    /// Closes connections idle too long and forgets closed ones (oldest are at the front).
    private func pruneIdle(now: Int64) {
        let oldest = now - maxIdleMicros
        for origin in Array(idle.keys) {
            var list = idle.removeValue(forKey: origin)!
            let before = list.count
            list.removeAll { c in
                if c.state != .idle { return true }
                if c.idleSince < oldest {
                    close(c)
                    return true
                }
                return false
            }
            idleEntries -= before - list.count
            if !list.isEmpty { idle[origin] = list }
        }
    }

    // MARK: - Timers

    private func runTimers() {
        if heap.nextDue == nil && launches.nextDue == nil && idleEntries == 0 { return }
        let now = loopClock.now()
        while let entry = launches.popDue(now: now) {
            let ex = entry.exchange
            guard ex.pending else { continue }  // cancelled meanwhile
            ex.pending = false
            launch(ex)
        }
        while let entry = heap.popDue(now: now) {
            let ex = entry.exchange
            guard !ex.isFinished else { continue }
            let t = ex.clock.now()
            if t >= ex.deadlineMicros {
                ex.capture.timedOut = true
                fail(ex, TransportError.deadlineExceeded, at: t)
            } else if !ex.requestWritten, t - ex.startedAt >= ex.connectTimeoutMicros {
                fail(ex, ChannelError.connectTimeout(.microseconds(ex.connectTimeoutMicros)), at: t)
            } else if ex.requestWritten, t - ex.lastActivity >= ex.stallMicros {
                fail(ex, TransportError.stalled, at: t)
            } else {
                heap.push(ex.nextDue + ex.clockOffset, ex)
            }
        }
        // Finished exchanges wait in the heap until their entry comes up: drop them in bulk.
        if heap.count > 2 * live + 1024 { heap.compact() }
        if idleEntries > 0, now >= nextIdleSweep {
            pruneIdle(now: now)
            nextIdleSweep = now + 1_000_000
        }
    }

    // MARK: - Stopping

    /// Fails whatever is still in flight (the run is shutting down), closes every socket, and
    /// resumes any request that raced the stop.
    private func teardown() {
        let late = queue.withLockedValue { q -> [Command] in
            q.stopped = true
            defer { q.commands = [] }
            return q.commands
        }
        for case .start(let ex) in late where !ex.started && !ex.isFinished {
            if ex.launchAt != nil {
                unlaunched(ex)
                continue
            }
            ex.started = true
            live += 1
            ex.startedAt = ex.clock.now()
            fail(ex, CancellationError(), at: ex.startedAt)
        }
        while let entry = launches.popDue(now: .max) {
            if entry.exchange.pending { unlaunched(entry.exchange) }
        }
        for case .closeIdle(let done) in late { done.resume() }  // every socket is closed below
        for case let c? in connections {
            if let ex = c.exchange { fail(ex, CancellationError(), at: ex.clock.now()) }
            close(c)
        }
        idle = [:]
        heap = DeadlineHeap()
        Glibc.close(wakeFD)
        Glibc.close(timerFD)
        Glibc.close(epfd)
        readBuffer.deallocate()
        events.deallocate()
    }
}
#endif
