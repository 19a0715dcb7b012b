/// Joins names from result files (run ids, provider slugs, file names) into site paths.
///
/// `ResultFormat` already validates slugs and run ids, but the site checks again at the point
/// where a name becomes a path: a component must be non-empty, not `.` or `..`, and made of
/// letters, digits, `-`, `_` and `.` only, so nothing can point outside the site folder.
public enum SitePath {
    public struct UnsafeComponent: Error, CustomStringConvertible, Sendable {
        public var component: String
        public var description: String { "refusing unsafe path component \"\(component)\" (allowed: letters, digits, -, _, .; not . or ..)" }
    }

    public static func isSafe(_ component: String) -> Bool {
        guard !component.isEmpty, component != ".", component != "..", component.utf8.count <= 200 else { return false }
        return component.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || $0 == "-" || $0 == "_" || $0 == "."
        }
    }

    /// `a/b/c` from components, each checked.
    public static func join(_ components: String...) throws(UnsafeComponent) -> String {
        try join(components)
    }

    public static func join(_ components: [String]) throws(UnsafeComponent) -> String {
        for c in components where !isSafe(c) { throw UnsafeComponent(component: c) }
        return components.joined(separator: "/")
    }
}
