import Foundation
import ResultFormat

/// How separate `bench` processes (pods, CI jobs) make one run without talking to each other:
/// which segment this process runs, the run folder they all write into, and the wall-clock time
/// they all start at (docs/bench.md, "Segments").
public struct RunCoordination: Sendable, Equatable {
    /// This process's share of the workload; nil runs all of it.
    public var segment: Segment?
    /// The run folder's name, given; nil lets the bench name it.
    public var runID: String?
    /// The wall-clock time to start at; nil starts at once.
    public var startAt: Date?

    public init(segment: Segment? = nil, runID: String? = nil, startAt: Date? = nil) {
        self.segment = segment
        self.runID = runID
        self.startAt = startAt
    }

    /// The environment variables read (a command-line flag wins over each).
    public enum Variable {
        public static let segment = "BENCH_SEGMENT"
        public static let segmentCount = "BENCH_SEGMENTS"
        /// Set by Kubernetes in each pod of an Indexed Job.
        public static let jobCompletionIndex = "JOB_COMPLETION_INDEX"
        public static let runID = "BENCH_RUN_ID"
        public static let startAt = "BENCH_START_AT"
    }

    /// Resolves the flags, falling back on the environment: the segment from `--segment`, else
    /// `BENCH_SEGMENT=I/N`, else `JOB_COMPLETION_INDEX=I` with `BENCH_SEGMENTS=N`; the run id from
    /// `--run-id`, else `BENCH_RUN_ID`; the start from `--start-at`, else `BENCH_START_AT`. An empty
    /// variable counts as unset.
    public static func resolve(
        segment: String?, runID: String?, startAt: String?, environment: [String: String]
    ) throws(ConfigurationError) -> RunCoordination {
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        var out = RunCoordination()
        if let segment {
            out.segment = try Segment.parse(segment)
        } else if let text = env(Variable.segment) {
            out.segment = try Segment.parse(text, field: Variable.segment)
        } else if let total = env(Variable.segmentCount) {
            guard let indexText = env(Variable.jobCompletionIndex) else {
                throw ConfigurationError(
                    field: Variable.segmentCount,
                    message: "is set (\(total)) but \(Variable.jobCompletionIndex) is not: give the segment as --segment I/N or \(Variable.segment)=I/N")
            }
            out.segment = try Segment.parse(
                "\(indexText)/\(total)", field: "\(Variable.jobCompletionIndex)/\(Variable.segmentCount)")
        }
        if let id = runID ?? env(Variable.runID) {
            guard Slug.isSafeRunID(id), !id.hasPrefix(".") else {
                throw ConfigurationError(
                    field: runID != nil ? "--run-id" : Variable.runID,
                    message: "'\(id)' is not a run id (letters, digits, '-', '_' and '.' only, not first, at most 100 characters)")
            }
            out.runID = id
        }
        if let text = startAt ?? env(Variable.startAt) {
            out.startAt = try parseStart(text, field: startAt != nil ? "--start-at" : Variable.startAt)
        }
        return out
    }

    /// Reads an ISO 8601 UTC time, `2026-12-05T16:00:00Z` (fractional seconds and a numeric
    /// offset such as `+01:00` are accepted too).
    public static func parseStart(_ text: String, field: String = "--start-at") throws(ConfigurationError) -> Date {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = plain.date(from: text) ?? fractional.date(from: text) else {
            throw ConfigurationError(field: field, message: "'\(text)' is not an ISO 8601 UTC time such as 2026-12-05T16:00:00Z")
        }
        return date
    }

    /// The run folder's name when it is fixed in advance: the given run id, else the start time's
    /// (`Timestamps.runID`); nil when neither is given. A segmented run needs one, since its
    /// segments must all write into the same folder.
    public func fixedRunID() throws(ConfigurationError) -> String? {
        if let runID { return runID }
        if let startAt { return Timestamps.runID(startAt) }
        if let segment {
            throw ConfigurationError(
                field: "--segment",
                message: "a segmented run (\(segment)) needs --run-id or --start-at (or \(Variable.runID) / \(Variable.startAt)), "
                    + "so that all its segments write into the same results/<run-id>/ folder without talking to each other")
        }
        return nil
    }
}
