/// The one monotonic clock of a run: every time in a result file is microseconds since `start`.
///
/// `ContinuousClock` is both what request timers sleep on and what arrivals are stamped with,
/// so launch lag and chunk times share a single timeline.
public struct RunClock: Sendable {
    public let start: ContinuousClock.Instant

    public init(start: ContinuousClock.Instant = .now) { self.start = start }

    /// Microseconds from `start` to now.
    @inline(__always) public func now() -> Int64 { micros(ContinuousClock.now) }

    @inline(__always) public func micros(_ instant: ContinuousClock.Instant) -> Int64 {
        RunClock.micros(start.duration(to: instant))
    }

    /// The instant `offset` microseconds after `start`.
    public func instant(atMicros offset: Int64) -> ContinuousClock.Instant { start + .microseconds(offset) }

    @inline(__always) public static func micros(_ d: Duration) -> Int64 {
        let c = d.components
        return c.seconds * 1_000_000 + c.attoseconds / 1_000_000_000_000
    }
}
