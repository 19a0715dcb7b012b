import Analysis

extension Alert {
    /// Every field of the alert as one line, for the render keys of the pages that show it:
    /// encoding thousands of alerts with `JSONEncoder` for their keys cost more than rendering
    /// the pages that had changed.
    var renderKey: String {
        let numbers = [baselineMedian, currentMedian, relativeChange, pValue, ci.lower, ci.upper, ci.level]
        return ([providerSlug, metric.rawValue, runID, direction.rawValue, kind.rawValue, baselineRunIDs.joined(separator: ",")]
            + numbers.map { String($0.bitPattern, radix: 16) }).joined(separator: "\u{1F}")
    }

    /// The render key of a list of alerts (under the alert rule's text).
    static func renderKey(_ alerts: [Alert], rule: String) -> String {
        renderKey(lines: alerts.map(\.renderKey), rule: rule)
    }

    /// The render key of alerts whose `renderKey` lines are already known.
    static func renderKey(lines: [String], rule: String) -> String {
        SiteWriter.key([rule] + lines)
    }
}
