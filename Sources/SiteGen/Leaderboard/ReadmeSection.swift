/// Finds and replaces the generated part of a README between two marker comments, so the
/// README keeps its own prose around the leaderboard.
public enum ReadmeSection {
    public static let startMarker = "<!-- leaderboard:start -->"
    public static let endMarker = "<!-- leaderboard:end -->"

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case markersMissing
        case markersOutOfOrder
        case markersRepeated

        public var description: String {
            switch self {
            case .markersMissing:
                return "the README has no '\(ReadmeSection.startMarker)' / '\(ReadmeSection.endMarker)' pair; add both lines where the leaderboard should go, or use --output FILE to write the leaderboard alone"
            case .markersOutOfOrder: return "'\(ReadmeSection.endMarker)' comes before '\(ReadmeSection.startMarker)'"
            case .markersRepeated: return "the leaderboard markers appear more than once"
            }
        }
    }

    /// `readme` with the text between the markers replaced by `section` (markers kept).
    public static func replace(in readme: String, with section: String) throws(Failure) -> String {
        let starts = readme.ranges(of: startMarker), ends = readme.ranges(of: endMarker)
        guard !starts.isEmpty, !ends.isEmpty else { throw .markersMissing }
        guard starts.count == 1, ends.count == 1 else { throw .markersRepeated }
        let start = starts[0], end = ends[0]
        guard start.upperBound <= end.lowerBound else { throw .markersOutOfOrder }
        // Blank lines around the section keep its first and last blocks (e.g. a table) apart
        // from the marker comments in every Markdown renderer.
        var body = section
        while body.hasSuffix("\n") { body.removeLast() }
        return String(readme[..<start.upperBound]) + "\n" + body + "\n\n" + String(readme[end.lowerBound...])
    }
}
