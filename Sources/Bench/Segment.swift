import Foundation
import ResultFormat

/// One share of a sharded run (`bench --segment I/N`): the workload's requests whose id ≡ `index`
/// (mod `count`), sent at their scheduled times by one load generator. N segments together send
/// exactly the requests of the unsegmented run (docs/bench.md, "Segments").
public struct Segment: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// 0-based position, below `count` (the numbering of Kubernetes' `JOB_COMPLETION_INDEX`).
    public let index: Int
    /// How many segments the run is cut into, 1…`SegmentInfo.maxCount`.
    public let count: Int

    /// A segment, checked: 0 ≤ `index` < `count` ≤ 1024. `field` names where the values came from.
    public init(index: Int, count: Int, field: String = "--segment") throws(ConfigurationError) {
        guard (1...SegmentInfo.maxCount).contains(count) else {
            throw ConfigurationError(field: field, message: "the segment count \(count) is not between 1 and \(SegmentInfo.maxCount)")
        }
        guard (0..<count).contains(index) else {
            throw ConfigurationError(field: field, message: "the segment index \(index) is not between 0 and \(count - 1) (segments are numbered from 0)")
        }
        self.index = index
        self.count = count
    }

    /// Reads `I/N` (e.g. `2/4`).
    public static func parse(_ text: String, field: String = "--segment") throws(ConfigurationError) -> Segment {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = integer(parts[0]), let n = integer(parts[1]) else {
            throw ConfigurationError(field: field, message: "'\(text)' is not I/N (e.g. 2/4: the third of four segments, numbered from 0)")
        }
        return try Segment(index: i, count: n, field: field)
    }

    /// Whether request `id` of the workload belongs to this segment.
    public func contains(requestID id: Int) -> Bool { id % count == index }

    /// `segment 2 of 4`.
    public var description: String { "segment \(index) of \(count)" }

    /// Decimal digits only (no sign, no spaces), at most 9 of them.
    static func integer(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }
}
