import Foundation
import ResultFormat

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
    /// then cuts the text to `limit` characters. Used on every message that came from outside.
    ///
    /// A server may echo a secret in another form than it was sent: in another case, with JSON
    /// escapes (`\/`, `\u0041`), or percent-encoded. The text is therefore matched after JSON
    /// escapes are decoded, without regard to case, against each secret and its percent-encoded
    /// form. Control and bidirectional-formatting characters become spaces.
    public static func scrub(_ text: String, secrets: [String], limit: Int = 300) -> String {
        let candidates = secrets.filter { $0.count >= 4 }.flatMap { s -> [String] in
            let encoded = s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s
            return encoded == s ? [s] : [s, encoded]
        }
        var out = candidates.isEmpty ? text : decodingJSONEscapes(text)
        for s in candidates.sorted(by: { $0.count > $1.count }) {
            out = out.replacingOccurrences(of: s, with: "[redacted]", options: [.caseInsensitive, .literal])
        }
        out = String(String.UnicodeScalarView(out.unicodeScalars.map { ResultFileDecoder.isHiddenFormatting($0) ? " " : $0 }))
        if out.count > limit { out = String(out.prefix(limit)) + "…" }
        return out
    }

    /// `text` with JSON string escapes decoded (`\/`, `\"`, `\\`, `\n`, `\uXXXX` with surrogate
    /// pairs); anything that is not a valid escape is kept as it is.
    static func decodingJSONEscapes(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= scalars.count else { return nil }
            return UInt32(String(String.UnicodeScalarView(scalars[at..<(at + 4)])), radix: 16)
        }
        while i < scalars.count {
            let c = scalars[i]
            guard c == "\\", i + 1 < scalars.count else {
                out.append(c)
                i += 1
                continue
            }
            let e = scalars[i + 1]
            switch e {
            case "\"", "\\", "/": out.append(e); i += 2
            case "n": out.append("\n"); i += 2
            case "t": out.append("\t"); i += 2
            case "r": out.append("\r"); i += 2
            case "b": out.append("\u{8}"); i += 2
            case "f": out.append("\u{C}"); i += 2
            case "u":
                guard var v = hex4(i + 2) else { out.append(c); i += 1; continue }
                var used = 6
                if (0xD800...0xDBFF).contains(v), i + 12 <= scalars.count, scalars[i + 6] == "\\",
                    scalars[i + 7] == "u", let low = hex4(i + 8), (0xDC00...0xDFFF).contains(low)
                {
                    v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                    used = 12
                }
                if let u = Unicode.Scalar(v) {
                    out.append(u)
                    i += used
                } else {
                    out.append(c)
                    i += 1
                }
            default:
                out.append(c)
                i += 1
            }
        }
        return String(out)
    }
}
