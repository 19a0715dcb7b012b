#if os(Linux)
import Glibc
#endif

/// The one monotonic clock of a run: every time in a result file is microseconds since `start`.
///
/// `ContinuousClock` is both what request timers sleep on and what arrivals are stamped with,
/// so launch lag and chunk times share a single timeline. On Linux `now()` reads
/// `CLOCK_BOOTTIME` straight from the vDSO (ContinuousClock's own clock there) against `start`
/// converted once to that clock's nanoseconds: the `ContinuousClock` path costs a generic
/// `Duration` computation per call, and arrivals are stamped once per read.
public struct RunClock: Sendable {
    public let start: ContinuousClock.Instant
    #if os(Linux)
    /// `start` as `CLOCK_BOOTTIME` nanoseconds.
    @usableFromInline let startNanos: Int64
    #endif

    public init(start: ContinuousClock.Instant = .now) {
        self.start = start
        #if os(Linux)
        startNanos = Self.bootNanos(of: start)
        #endif
    }

    /// Microseconds from `start` to now.
    @inline(__always) public func now() -> Int64 {
        #if os(Linux)
        return (Self.bootNanos() - startNanos) / 1000
        #else
        return micros(ContinuousClock.now)
        #endif
    }

    @inline(__always) public func micros(_ instant: ContinuousClock.Instant) -> Int64 {
        RunClock.micros(start.duration(to: instant))
    }

    /// The instant `offset` microseconds after `start`.
    public func instant(atMicros offset: Int64) -> ContinuousClock.Instant { start + .microseconds(offset) }

    @inline(__always) public static func micros(_ d: Duration) -> Int64 {
        let c = d.components
        return c.seconds * 1_000_000 + c.attoseconds / 1_000_000_000_000
    }

    #if os(Linux)
    @inline(__always) @usableFromInline static func bootNanos() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_BOOTTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// `instant` on `CLOCK_BOOTTIME`: a `ContinuousClock` reading bracketed by two raw readings,
    /// the tightest of a few brackets kept (its width, tens of nanoseconds, bounds the error).
    static func bootNanos(of instant: ContinuousClock.Instant) -> Int64 {
        var best = (width: Int64.max, nanos: Int64(0))
        for _ in 0..<7 {
            let before = bootNanos()
            let reading = ContinuousClock.now
            let after = bootNanos()
            guard after - before < best.width else { continue }
            let c = instant.duration(to: reading).components
            best = (after - before, (before + after) / 2 - (c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000))
        }
        return best.nanos
    }
    #endif
}

extension RunClock {
    /// The clock reduced to what stamping needs, for the per-read paths of the transports. A
    /// `RunClock` holds a `ContinuousClock.Instant`, whose layout the compiler does not know
    /// here (a resilient standard-library type), so every copy of a `RunClock` goes through value
    /// witnesses; a `Stamper` on Linux is one `Int64`.
    public struct Stamper: Sendable {
        #if os(Linux)
        @usableFromInline let startNanos: Int64
        /// Microseconds from the run's start to now (the same value as `RunClock.now()`).
        @inline(__always) public func now() -> Int64 { (RunClock.bootNanos() - startNanos) / 1000 }
        #else
        @usableFromInline let clock: RunClock
        @inline(__always) public func now() -> Int64 { clock.now() }
        #endif
    }

    public var stamper: Stamper {
        #if os(Linux)
        Stamper(startNanos: startNanos)
        #else
        Stamper(clock: self)
        #endif
    }
}
