/// Provider slugs and run ids: the two names that become file-system paths.
public enum Slug {
    /// Lowercase letters, digits and single `-` from a display name; never empty, never `.`/`..`,
    /// so a slug cannot escape the folder it is joined to.
    public static func make(from name: String) -> String {
        var out = ""
        var pendingDash = false
        for scalar in name.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        if out.count > 64 { out = String(out.prefix(64)).trimmingDashes() }
        return out.isEmpty ? "provider" : out
    }

    /// True if `text` is a well-formed slug (what `make` would produce from itself).
    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && make(from: text) == text
    }

    /// True for run ids of the form the bench writes (`2026-11-30T05-17-35Z`, optionally with a
    /// `-N` suffix), or any name of letters, digits, `-`, `_` and `.` that is not `.`/`..`.
    public static func isSafeRunID(_ text: String) -> Bool {
        guard !text.isEmpty, text != ".", text != "..", text.count <= 100 else { return false }
        return text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || $0 == "-" || $0 == "_" || $0 == "."
        }
    }
}

extension String {
    fileprivate func trimmingDashes() -> String {
        var s = Substring(self)
        while s.hasSuffix("-") { s = s.dropLast() }
        return String(s)
    }
}
