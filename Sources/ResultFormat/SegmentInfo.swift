/// Which share of a sharded run a file holds (`bench --segment I/N`, docs/distributed.md).
///
/// A segment sends the workload's requests whose id ≡ `index` (mod `count`), at their scheduled
/// times, on its own machine and its own monotonic clock. Its times are relative to its own
/// start; `clockAnchorMicros` ties that start to the wall clock, so that `sitegen` can put the
/// segments of one run on one time base. The file of segment I of N is named
/// `<slug>.segment-<I>-of-<N>.json.gz`.
public struct SegmentInfo: Sendable, Equatable, Hashable {
    /// 0-based position, below `count` (the same numbering as Kubernetes' `JOB_COMPLETION_INDEX`).
    public var index: Int
    /// How many segments the run was cut into (1…1024).
    public var count: Int
    /// Host (pod) name of the machine that ran this segment, for the run page.
    public var host: String
    /// Wall-clock time of this segment's time zero, µs since the Unix epoch (UTC).
    public var clockAnchorMicros: Int64
    /// The system's own estimate of its wall clock's error at the start, µs (Linux `adjtimex`
    /// `esterror`), when it reports one; `nil` when unknown (no synchronised clock).
    public var clockUncertaintyMicros: Int64?

    /// The largest segment count a file may declare.
    public static let maxCount = 1024

    public init(index: Int, count: Int, host: String, clockAnchorMicros: Int64, clockUncertaintyMicros: Int64? = nil) {
        self.index = index
        self.count = count
        self.host = host
        self.clockAnchorMicros = clockAnchorMicros
        self.clockUncertaintyMicros = clockUncertaintyMicros
    }

    /// Whether request `id` of the workload belongs to this segment.
    public func contains(requestID id: Int) -> Bool { id % count == index }

    /// `segment-<I>-of-<N>`, the part of the file name after the slug.
    public var fileNameTag: String { "segment-\(index)-of-\(count)" }
}
