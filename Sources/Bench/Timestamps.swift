import Foundation

/// Wall-clock names for runs (the timeline inside a run is monotonic, see `RunClock`).
public enum Timestamps {
    /// Run id: UTC start, `yyyy-MM-dd'T'HH-mm-ss'Z'`, sortable and file-system safe.
    public static func runID(_ date: Date) -> String { format(date, "yyyy-MM-dd'T'HH-mm-ss'Z'") }

    /// ISO 8601 UTC with milliseconds.
    public static func iso8601(_ date: Date) -> String { format(date, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'") }

    static func format(_ date: Date, _ pattern: String) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = pattern
        return f.string(from: date)
    }
}
