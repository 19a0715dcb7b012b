import Foundation

/// Waiting for a run's agreed wall-clock start (`--start-at`), so that the segments of a run,
/// started on different machines, share one time zero up to the error of their clocks.
public enum StartTime {
    /// A start further in the past than this is refused: the other segments are long under way
    /// (or the time is a mistake), and starting now would not make one run.
    public static let maxLatenessSeconds: Double = 300

    /// A start later than this after `--start-at` is recorded as a self-check warning: this
    /// segment's schedule is shifted against the others'.
    public static let lateWarningSeconds: Double = 1

    /// Checks that `start` is not more than `maxLatenessSeconds` in the past.
    public static func check(_ start: Date, now: Date = Date()) throws(ConfigurationError) {
        let late = now.timeIntervalSince(start)
        guard late <= maxLatenessSeconds else {
            throw ConfigurationError(
                field: "--start-at",
                message: "\(Timestamps.iso8601(start)) is \(duration(late)) in the past (more than \(Int(maxLatenessSeconds / 60)) minutes): "
                    + "the other segments of this run started long ago; give a start in the future")
        }
    }

    /// Sleeps until the wall clock reads `start` (printing the wait), or returns at once if it has
    /// passed (by at most `maxLatenessSeconds`, else it throws). Returns how late, in seconds, the
    /// start was (0 when it was waited for). Long waits are cut into steps and the wall clock read
    /// again before the last one, so a clock stepped during the wait is followed.
    public static func wait(until start: Date, console: Console) async throws -> Double {
        try check(start)
        var remaining = start.timeIntervalSinceNow
        if remaining <= 0 {
            let late = -remaining
            console.note("start time \(Timestamps.iso8601(start)) passed \(duration(late)) ago: starting now")
            return late
        }
        console.note("waiting \(duration(remaining)) for the start at \(Timestamps.iso8601(start))")
        while remaining > 0 {
            let step = remaining > 2 ? remaining - 1 : remaining
            try await Task.sleep(for: .microseconds(Int64((step * 1_000_000).rounded(.up))), tolerance: .zero, clock: .continuous)
            remaining = start.timeIntervalSinceNow
        }
        return 0
    }

    /// `12.3 s`, `7 min 3 s`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        return whole % 60 == 0 ? "\(whole / 60) min" : "\(whole / 60) min \(whole % 60) s"
    }
}
