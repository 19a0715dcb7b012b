import JSON

/// The bounds a result file must stay within to be read, so that the memory and time a reader
/// spends are decided by the amount of data, never by one value in it.
///
/// The defaults hold a year of daily runs at the scale of a large leaderboard with room to
/// spare; the two a user could outgrow (a very large file, a very long soak run) can be raised
/// (`sitegen --max-file-mb`, `--max-run-hours`). The others are fixed.
public struct ResultLimits: Sendable, Equatable, Hashable {
    /// The most bytes a result file may have, on disk and again after inflating.
    public var maxFileBytes: Int
    /// The latest time (µs from the run start) any `scheduled`, `sent`, `end` or chunk time may
    /// have. The total-TPS series has one sample per step over this span, so it bounds that
    /// series' memory (48 h at the finest step, 0.01 s, is 17.3 M samples, 138 MB).
    public var maxRunMicros: Int64

    /// The longest JSON string, in bytes, anywhere in a file (a format-2 chunk text of about a
    /// million chunks; every other string is far shorter).
    public static let maxStringBytes = JSONParser.maxStringBytes
    /// The longest text shown on a page (provider name, model, note, base URL, error message,
    /// self-check warning, workload parameter), in bytes.
    public static let maxDisplayTextBytes = 4096

    public init(maxFileBytes: Int = 1 << 30, maxRunMicros: Int64 = 48 * 3_600 * 1_000_000) {
        self.maxFileBytes = maxFileBytes
        self.maxRunMicros = maxRunMicros
    }

    /// The defaults: 1 GiB per file, 48 hours per run.
    public static let standard = ResultLimits()

    /// `maxFileBytes` for a user: "1,024 MiB".
    public var maxFileText: String { "\(maxFileBytes >> 20) MiB" }
    /// Why a file over `maxFileBytes` is not read, and how to allow it.
    public var fileTooLarge: String { "the file is larger than the limit of \(maxFileText) (sitegen --max-file-mb raises it)" }

    /// `maxRunMicros` for a user: "48 h".
    public var maxRunText: String {
        let hours = Double(maxRunMicros) / 3.6e9
        return hours == hours.rounded() ? "\(Int(hours)) h" : "\(hours) h"
    }
}
