#if os(Linux)
import Glibc
#endif
import Foundation
import ResultFormat

/// Ties a segment's monotonic time zero to the wall clock, so that `sitegen` can put segments
/// run on different machines on one time base (`SegmentInfo`).
public enum WallClockAnchor {
    /// Test and drill hook: "simulates a machine whose wall clock is off by this much" (integer
    /// µs, may be negative), added to the recorded anchor.
    public static let offsetVariable = "BENCH_CLOCK_OFFSET_US"

    /// A run clock started now and the wall-clock time (µs since the Unix epoch) of its zero: the
    /// wall clock is read just before and just after the monotonic zero and the midpoint kept.
    public static func start() -> (clock: RunClock, wallMicros: Int64) {
        let before = wallMicros()
        let zero = ContinuousClock.now
        let after = wallMicros()
        return (RunClock(start: zero), before + (after - before) / 2)
    }

    /// The segment record of a run clock started now: anchor (plus `BENCH_CLOCK_OFFSET_US`), the
    /// clock's own error estimate, and the host name.
    public static func segmentInfo(
        _ segment: Segment, anchorMicros: Int64, environment: [String: String]
    ) throws(ConfigurationError) -> SegmentInfo {
        SegmentInfo(
            index: segment.index, count: segment.count, host: hostName(environment: environment),
            clockAnchorMicros: anchorMicros + (try offsetMicros(environment: environment)),
            clockUncertaintyMicros: clockUncertaintyMicros())
    }

    /// `BENCH_CLOCK_OFFSET_US`, 0 when unset.
    public static func offsetMicros(environment: [String: String]) throws(ConfigurationError) -> Int64 {
        guard let text = environment[offsetVariable], !text.isEmpty else { return 0 }
        guard let value = Int64(text), abs(value) <= 86_400_000_000 else {
            throw ConfigurationError(field: offsetVariable, message: "'\(text)' is not a whole number of microseconds (at most a day either way)")
        }
        return value
    }

    /// `HOSTNAME` from the environment (a pod's name in Kubernetes), else the system's host name;
    /// control and invisible formatting characters dropped, at most 253 characters (a DNS name).
    public static func hostName(environment: [String: String]) -> String {
        let given = environment["HOSTNAME"].map(printable) ?? ""
        if !given.isEmpty { return given }
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "unknown" }
        let text = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let clean = printable(text)
        return clean.isEmpty ? "unknown" : clean
    }

    static func printable(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars.prefix(253) {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: continue
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Wall-clock time now, µs since the Unix epoch.
    public static func wallMicros() -> Int64 {
        #if os(Linux)
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
        #else
        return Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
        #endif
    }

    /// The kernel's estimate of the wall clock's error (Linux `adjtimex` `esterror`, µs), when the
    /// call succeeds and the clock is synchronised (status without `STA_UNSYNC`, state not
    /// `TIME_ERROR`); nil otherwise. `adjtimex` with no mode bits only reads.
    public static func clockUncertaintyMicros() -> Int64? {
        #if os(Linux)
        // Swift's Glibc module does not import <sys/timex.h>; the function is looked up in libc
        // and `struct timex` read at its LP64 offsets (x86-64 and arm64 alike: 208 bytes,
        // `modes` at 0, `esterror` at 32, `status` at 40).
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "adjtimex") else { return nil }
        typealias AdjTimex = @convention(c) (UnsafeMutableRawPointer) -> Int32
        let adjtimex = unsafeBitCast(symbol, to: AdjTimex.self)
        let timex = UnsafeMutableRawPointer.allocate(byteCount: 256, alignment: 8)
        defer { timex.deallocate() }
        timex.initializeMemory(as: UInt8.self, repeating: 0, count: 256)
        let state = adjtimex(timex)
        let esterror = timex.load(fromByteOffset: 32, as: Int.self)
        let status = timex.load(fromByteOffset: 40, as: Int32.self)
        let timeError: Int32 = 5, unsynchronised: Int32 = 0x0040
        guard state >= 0, state != timeError, status & unsynchronised == 0, esterror >= 0 else { return nil }
        return Int64(esterror)
        #else
        return nil
        #endif
    }
}
