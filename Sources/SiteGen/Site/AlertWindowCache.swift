import JSON
import Analysis
import ResultFormat

/// `.sitegen-cache/alerts.json`, read and written on the JSON tree rather than through Codable.
///
/// It holds every alert window of the history (1,825 for a year of 5 providers), nearly all
/// without an alert, and is read and written whole on every generation: through Codable that was
/// about 0.1 s on one core of the 1.6–2 s that adding a run takes. The JSON is the same as
/// before (`{"<window>": {"alerts": [...], "key": "..."}}`), so existing caches stay valid; the
/// alerts themselves go through `AlertJSON`.
enum AlertWindowCache {
    /// The entries of a cache file, or nil if it is not one (the caller then recomputes).
    static func decode(_ bytes: [UInt8]) -> [String: SiteAlerts.CacheEntry]? {
        guard case .object(let members)? = try? JSONParser.parse(bytes) else { return nil }
        var entries: [String: SiteAlerts.CacheEntry] = [:]
        entries.reserveCapacity(members.count)
        for (id, value) in members {
            guard case .object(let entry) = value, case .string(let key)? = entry["key"], let raw = entry["alerts"] else { return nil }
            let alerts: [Alert]
            if case .array(let items) = raw, items.isEmpty {
                alerts = []
            } else if let read = AlertJSON.alerts(raw) {
                alerts = read
            } else {
                guard let decoded = try? JSONValueDecoder.decode([Alert].self, from: raw) else { return nil }
                alerts = decoded
            }
            entries[id] = SiteAlerts.CacheEntry(key: key, alerts: alerts)
        }
        return entries
    }

    /// The bytes of a cache file holding `entries`, or nil if an alert cannot be encoded.
    static func encode(_ entries: [String: SiteAlerts.CacheEntry]) -> [UInt8]? {
        var members: [String: JSONValue] = [:]
        members.reserveCapacity(entries.count)
        for (id, entry) in entries {
            let alerts: JSONValue
            if entry.alerts.isEmpty {
                alerts = .array([])
            } else {
                guard let tree = AlertJSON.tree(entry.alerts) ?? (try? JSONValueEncoder.tree(of: entry.alerts)) else { return nil }
                alerts = tree
            }
            members[id] = .object(["key": .string(entry.key), "alerts": alerts])
        }
        return JSONValue.object(members).serialized()
    }
}
