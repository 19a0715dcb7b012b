import JSON
import Analysis
import ResultFormat

/// Alerts to and from JSON trees by hand: the very trees `JSONValueEncoder` makes of them
/// (tested), without Codable. A year of runs can hold thousands of alerts, and every generation
/// read and wrote them all (the alert-window cache) and wrote them again (`data/alerts.json`):
/// through Codable that was a noticeable part of adding one run.
enum AlertJSON {
    /// The tree of `alert`, or nil if a number is not finite (the caller then uses Codable, which
    /// reports it).
    static func tree(_ a: Alert) -> JSONValue? {
        let numbers = [a.baselineMedian, a.currentMedian, a.relativeChange, a.pValue, a.ci.lower, a.ci.upper, a.ci.level]
        guard numbers.allSatisfy(\.isFinite) else { return nil }
        return .object([
            "providerSlug": .string(a.providerSlug),
            "metric": .string(a.metric.rawValue),
            "runID": .string(a.runID),
            "baselineRunIDs": .array(a.baselineRunIDs.map { .string($0) }),
            "baselineMedian": .double(a.baselineMedian),
            "currentMedian": .double(a.currentMedian),
            "relativeChange": .double(a.relativeChange),
            "pValue": .double(a.pValue),
            "ci": .object(["lower": .double(a.ci.lower), "upper": .double(a.ci.upper), "level": .double(a.ci.level)]),
            "direction": .string(a.direction.rawValue),
            "kind": .string(a.kind.rawValue),
        ])
    }

    /// The trees of `alerts`, nil if one has no tree.
    static func tree(_ alerts: [Alert]) -> JSONValue? {
        var items: [JSONValue] = []
        items.reserveCapacity(alerts.count)
        for a in alerts {
            guard let t = tree(a) else { return nil }
            items.append(t)
        }
        return .array(items)
    }

    /// The alert a tree describes, nil if it is not exactly one (the caller then uses Codable).
    static func alert(_ value: JSONValue) -> Alert? {
        guard case .object(let o) = value, o.count == 11,
            case .string(let slug)? = o["providerSlug"], case .string(let metricText)? = o["metric"],
            let metric = AlertMetric(rawValue: metricText), case .string(let runID)? = o["runID"],
            case .array(let baselineItems)? = o["baselineRunIDs"],
            let baselineMedian = number(o["baselineMedian"]), let currentMedian = number(o["currentMedian"]),
            let relativeChange = number(o["relativeChange"]), let pValue = number(o["pValue"]),
            case .object(let ci)? = o["ci"], ci.count == 3, let lower = number(ci["lower"]), let upper = number(ci["upper"]),
            let level = number(ci["level"]),
            case .string(let directionText)? = o["direction"], let direction = Alert.Direction(rawValue: directionText),
            case .string(let kindText)? = o["kind"], let kind = Alert.Kind(rawValue: kindText)
        else { return nil }
        var baseline: [String] = []
        baseline.reserveCapacity(baselineItems.count)
        for item in baselineItems {
            guard case .string(let id) = item else { return nil }
            baseline.append(id)
        }
        return Alert(
            providerSlug: slug, metric: metric, runID: runID, baselineRunIDs: baseline, baselineMedian: baselineMedian,
            currentMedian: currentMedian, relativeChange: relativeChange, pValue: pValue,
            ci: ConfidenceInterval(lower: lower, upper: upper, level: level), direction: direction, kind: kind)
    }

    /// The alerts of an array tree, nil if one is not an alert.
    static func alerts(_ value: JSONValue) -> [Alert]? {
        guard case .array(let items) = value else { return nil }
        var out: [Alert] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard let a = alert(item) else { return nil }
            out.append(a)
        }
        return out
    }

    private static func number(_ v: JSONValue?) -> Double? {
        switch v {
        case .double(let d)?: return d
        case .int(let i)?: return Double(i)
        default: return nil
        }
    }
}
