import Analysis

/// What `sitegen` reads and writes. Paths are as the user gave them (relative to the working directory).
public struct SiteGenOptions: Sendable {
    public var resultsDirectory = "results"
    /// README whose marked section is replaced; `nil` to leave the README alone.
    public var readmePath: String? = "README.md"
    /// Write the leaderboard section alone to this file instead of (or besides) the README.
    public var outputPath: String?
    public var chartsDirectory = "leaderboard_data"
    /// Static site folder; `nil` to skip the site.
    public var siteDirectory: String? = "site"
    public var templatesDirectory = "Templates"
    public var windowSeconds = 5.0
    public var stepSeconds = 1.0
    /// Goodput targets (defaults: TTFT ≤ 1 s, ITL ≤ 50 ms).
    public var objectives = ServiceLevelObjectives()
    /// When a change between runs is flagged.
    public var alertPolicy = AlertPolicy()

    public init() {}
}
