import Foundation

/// Keeps secrets out of result files, logs and error messages.
public enum Redaction {
    /// Drops user-info (`user:pass@`) and the query string (which may carry `?key=`), keeping
    /// scheme, host, port and path.
    public static func redactURL(_ url: String) -> String {
        guard var c = URLComponents(string: url) else { return "(unparseable URL)" }
        c.user = nil
        c.password = nil
        c.query = nil
        c.fragment = nil
        return c.string ?? "(unparseable URL)"
    }

    /// Replaces every occurrence of any secret (of 4+ characters) in `text` with `[redacted]`,
    /// and cuts the text to `limit` characters. Used on every message that came from outside.
    public static func scrub(_ text: String, secrets: [String], limit: Int = 300) -> String {
        var out = text
        for s in secrets where s.count >= 4 { out = out.replacingOccurrences(of: s, with: "[redacted]") }
        out = String(out.unicodeScalars.map { $0.value < 0x20 ? " " : Character($0) })
        if out.count > limit { out = String(out.prefix(limit)) + "…" }
        return out
    }
}
