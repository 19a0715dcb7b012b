/// Escaping for text from result files placed into Markdown.
public enum Markdown {
    /// `text` as literal inline Markdown that is also safe inside a table cell: one line,
    /// Markdown punctuation backslash-escaped, `|` escaped, `<` `>` `&` as entities (so no
    /// raw HTML reaches the page).
    public static func escapeInline(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        var lastWasSpace = false
        for ch in text {
            if ch.isNewline || ch == "\t" {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = ch == " "
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "#", "|", "~":
                out.append("\\")
                out.append(ch)
            case "<": out.append("&lt;")
            case ">": out.append("&gt;")
            case "&": out.append("&amp;")
            default: out.append(ch)
            }
        }
        return out.trimmingCharacters(in: " ")
    }

    /// Bold, if `bold`.
    public static func strong(_ text: String, _ bold: Bool) -> String { bold ? "**\(text)**" : text }

    /// A Markdown table from a header and rows of already-escaped cells.
    public static func table(header: [String], alignments: [Alignment], rows: [[String]]) -> String {
        var lines: [String] = []
        lines.append("| " + header.joined(separator: " | ") + " |")
        lines.append("|" + alignments.map(\.rule).joined(separator: "|") + "|")
        for row in rows { lines.append("| " + row.joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n")
    }

    public enum Alignment {
        case left, right, center
        var rule: String {
            switch self {
            case .left: return ":---"
            case .right: return "---:"
            case .center: return ":---:"
            }
        }
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
