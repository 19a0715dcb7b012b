import ResultFormat

/// How one provider of a sharded run was measured: the load generators (segments) whose files
/// were merged into its figures, how far apart they started and how well their clocks agree.
public struct SegmentsDigest: Codable, Sendable, Equatable {
    /// N, the number of segments the run was cut into.
    public var count: Int
    /// Index of the segment whose clock anchor is the merged time base's zero (the earliest).
    public var referenceIndex: Int
    /// Latest clock anchor minus earliest, µs: how much later the last machine started.
    public var startSkewMicros: Int64
    /// Bound on the time base's error between two machines, µs (`MergedSegments.alignmentErrorMicros`);
    /// nil when a machine did not report its clock's error.
    public var alignmentErrorMicros: Int64?
    /// The segment files read, by index.
    public var files: [SegmentFileDigest]
    /// The segments with no file, by index.
    public var missing: [MissingSegment]

    /// Requests of the workload left out because their segment is missing.
    public var missingRequests: Int { missing.reduce(0) { $0 + $1.requests } }
}

/// One segment file of a sharded provider.
public struct SegmentFileDigest: Codable, Sendable, Equatable {
    public var index: Int
    /// The machine (pod) that ran it.
    public var host: String
    /// Wall-clock time of its time zero, µs since the Unix epoch.
    public var clockAnchorMicros: Int64
    /// The clock's own error estimate, µs, when the machine reported one.
    public var clockUncertaintyMicros: Int64?
    /// µs added to its measured times on merging (its anchor minus the earliest).
    public var shiftMicros: Int64
    public var requests: Int
    /// Its bench was interrupted.
    public var partial: Bool
    /// Path relative to the results folder (`<run-id>/<slug>.segment-<I>-of-<N>.json.gz`).
    public var rawFile: String
    public var rawBytes: Int
    public var rawSHA256: String
}

/// A segment of a sharded run with no file.
public struct MissingSegment: Codable, Sendable, Equatable {
    public var index: Int
    /// Requests of the workload that segment would have sent.
    public var requests: Int
}

extension SegmentsDigest {
    /// The digest of merged segments; `hashes` are the files' SHA-256 digests by relative path.
    init(_ merged: MergedSegments, hashes: [String: String]) {
        count = merged.count
        referenceIndex = merged.referenceIndex
        startSkewMicros = merged.startSkewMicros
        alignmentErrorMicros = merged.alignmentErrorMicros
        files = merged.parts.map { p in
            SegmentFileDigest(
                index: p.info.index, host: p.info.host, clockAnchorMicros: p.info.clockAnchorMicros,
                clockUncertaintyMicros: p.info.clockUncertaintyMicros, shiftMicros: p.shiftMicros, requests: p.requestCount,
                partial: p.partial, rawFile: p.relativePath, rawBytes: p.byteCount, rawSHA256: hashes[p.relativePath] ?? "")
        }
        missing = merged.missing.map { MissingSegment(index: $0.index, requests: $0.requestCount) }
    }
}
