/// The providers' notes of one run, with what they all share said once: a measured run's notes
/// name the same server, model and machine in every provider's note, and repeating them four
/// times buried what differed.
///
/// Notes are split at top-level ", " (not inside parentheses); the longest run of leading and of
/// trailing parts common to every note is the shared text, and each provider keeps the rest.
struct ProviderNotes: Equatable {
    /// What every note says (leading and trailing parts joined), or nil when they share nothing.
    var shared: String?
    /// Each provider's own part, in the order given (providers without a note left out).
    var each: [(name: String, note: String)]

    static func == (a: ProviderNotes, b: ProviderNotes) -> Bool {
        a.shared == b.shared && a.each.map(\.name) == b.each.map(\.name) && a.each.map(\.note) == b.each.map(\.note)
    }

    init(_ notes: [(name: String, note: String?)]) {
        let given = notes.compactMap { n in n.note.map { (name: n.name, note: $0) } }
        let parts = given.map { Self.split($0.note) }
        guard given.count > 1, let shortest = parts.map(\.count).min() else {
            shared = nil
            each = given
            return
        }
        var lead = 0
        while lead < shortest, parts.allSatisfy({ $0[lead] == parts[0][lead] }) { lead += 1 }
        var trail = 0
        while trail < shortest - lead, parts.allSatisfy({ $0[$0.count - 1 - trail] == parts[0][parts[0].count - 1 - trail] }) { trail += 1 }
        guard lead + trail > 0 else {
            shared = nil
            each = given
            return
        }
        shared = (Array(parts[0].prefix(lead)) + Array(parts[0].suffix(trail))).joined(separator: ", ")
        each = zip(given, parts).map { g, p in
            let own = p.dropFirst(lead).dropLast(trail).joined(separator: ", ")
            return (g.name, own.isEmpty ? "(nothing more)" : own)
        }
    }

    /// `shared. name: own; name: own`, or the notes one by one when nothing is shared.
    func text(name: (String) -> String = { $0 }, note: (String) -> String = { $0 }, separator: String = "; ") -> String {
        let list = each.map { "\(name($0.name)): \(note($0.note))" }.joined(separator: separator)
        guard let shared else { return list }
        return "All: \(note(shared)). " + list
    }

    /// `text` split at top-level ", ".
    static func split(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "(" { depth += 1 } else if c == ")" { depth = max(0, depth - 1) }
            if depth == 0, c == ",", i + 1 < chars.count, chars[i + 1] == " " {
                parts.append(current)
                current = ""
                i += 2
                continue
            }
            current.append(c)
            i += 1
        }
        parts.append(current)
        return parts
    }
}
