import Foundation

/// The open-file limit: every concurrent stream holds one socket.
public enum ResourceLimits {
    public struct FileLimit: Sendable, Equatable {
        public var soft: UInt64
        public var hard: UInt64
        /// True when the soft limit was raised by this call.
        public var raised: Bool
    }

    /// Raises the soft RLIMIT_NOFILE to the hard limit (allowed without privileges) and returns
    /// the limits now in force.
    @discardableResult
    public static func raiseOpenFileLimit() -> FileLimit {
        var rl = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &rl) == 0 else { return FileLimit(soft: 0, hard: 0, raised: false) }
        let before = UInt64(rl.rlim_cur)
        if rl.rlim_cur < rl.rlim_max {
            var wanted = rl
            wanted.rlim_cur = rl.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &wanted) == 0 { rl = wanted }
        }
        return FileLimit(soft: UInt64(rl.rlim_cur), hard: UInt64(rl.rlim_max), raised: UInt64(rl.rlim_cur) > before)
    }

    /// Descriptors kept free for files, the journal and the event loops.
    public static let reservedDescriptors: UInt64 = 64

    /// The lowest descriptor number a stream's socket may not have: the soft limit minus a
    /// reserve (`reservedDescriptors`, at most a quarter of the limit). Descriptors are numbered
    /// lowest first, so a socket at or above it would leave fewer than the reserve for the
    /// runtime; libdispatch traps (SIGILL, no message) when it cannot get one, which a run that
    /// exhausted the limit once did. `Int32.max` when the limit cannot be read.
    public static func socketCeiling() -> Int32 {
        var rl = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &rl) == 0, rl.rlim_cur > 0, rl.rlim_cur != rlim_t.max else { return .max }
        let soft = UInt64(rl.rlim_cur)
        let ceiling = soft - reserve(soft: soft)
        return ceiling >= UInt64(Int32.max) ? .max : Int32(ceiling)
    }

    /// The descriptors under a soft limit of `soft` that are never given to a socket.
    static func reserve(soft: UInt64) -> UInt64 { min(reservedDescriptors, soft / 4) }

    /// A warning when `streams` concurrent connections may not fit under the limit, else `nil`.
    public static func warning(plannedStreams: Int, limit: FileLimit) -> String? {
        guard limit.soft > 0, UInt64(plannedStreams) + reserve(soft: limit.soft) > limit.soft else { return nil }
        return "up to \(plannedStreams) streams may be in flight but the open-file limit is \(limit.soft) "
            + "(hard \(limit.hard)); requests beyond it fail as connect errors (raise it with `ulimit -n`)"
    }

    /// CPU seconds (user + system) this process has used so far.
    /// CPU seconds the virtual machine's host has taken from this machine since boot, over all
    /// CPUs (`steal` in `/proc/stat`); nil where the system does not say (not Linux, or no
    /// such field).
    public static func machineStealSeconds() -> Double? {
        #if os(Linux)
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = text.split(separator: "\n", maxSplits: 1).first, line.hasPrefix("cpu ")
        else { return nil }
        let fields = line.split(separator: " ")
        guard fields.count > 8, let ticks = Double(fields[8]) else { return nil }  // cpu user nice system idle iowait irq softirq steal
        let hz = sysconf(Int32(_SC_CLK_TCK))
        return hz > 0 ? ticks / Double(hz) : nil
        #else
        return nil
        #endif
    }

    public static func processCPUSeconds() -> Double {
        var ru = rusage()
        getrusage(RUSAGE_SELF.rawValue, &ru)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000 }
        return s(ru.ru_utime) + s(ru.ru_stime)
    }
}
