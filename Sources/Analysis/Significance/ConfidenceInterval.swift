/// A two-sided interval estimate, e.g. a bootstrap 95% interval of a median.
public struct ConfidenceInterval: Sendable, Equatable, Codable {
    public var lower: Double
    public var upper: Double
    /// Coverage, e.g. 0.95.
    public var level: Double

    public init(lower: Double, upper: Double, level: Double) {
        self.lower = lower
        self.upper = upper
        self.level = level
    }

    /// True when zero lies strictly outside the interval (the difference is "real" at this level).
    public var excludesZero: Bool { lower > 0 || upper < 0 }

    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}
