/// One provider's values of one metric in one run, as the winner tests take them.
public struct ProviderSample: Sendable, Equatable {
    public var slug: String
    /// Display name; breaks ties of the median in the ranking.
    public var name: String
    public var values: [Double]
    /// Successful and all requests of the provider, for the evidence rule; nil: not judged.
    public var succeeded: Int?
    public var total: Int?

    public init(slug: String, name: String, values: [Double], succeeded: Int? = nil, total: Int? = nil) {
        self.slug = slug
        self.name = name
        self.values = values
        self.succeeded = succeeded
        self.total = total
    }
}

/// Deterministic leaderboard order: by `key` (ascending), then by name, then by slug.
func rankedOrder<T>(_ items: [T], key: (T) -> Double, name: (T) -> String, slug: (T) -> String) -> [T] {
    items.sorted { a, b in
        let ka = key(a), kb = key(b)
        if ka != kb { return ka < kb }
        if name(a) != name(b) { return name(a) < name(b) }
        return slug(a) < slug(b)
    }
}

/// `0.01` -> "0.01", `0.95` -> "95%": short numbers for rule texts, without Foundation.
enum RuleText {
    static func number(_ x: Double) -> String {
        var s = String(x)
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    static func percent(_ x: Double) -> String { number((x * 1000).rounded() / 10) + "%" }
}
