import Analysis
import ResultFormat

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
    /// Folder of templates (`--templates`); `nil` for the ones built into the binary.
    public var templatesDirectory: String?
    public var windowSeconds = 5.0
    public var stepSeconds = 1.0
    /// Goodput targets (defaults: TTFT ≤ 1 s, ITL ≤ 50 ms).
    public var objectives = ServiceLevelObjectives()
    /// When a change between runs is flagged.
    public var alertPolicy = AlertPolicy()
    /// How large a result file and how long a run may be (`--max-file-mb`, `--max-run-hours`).
    public var limits = ResultLimits.standard
    /// Where the site's links to raw result files point (`--copy-raw`, `--raw-base-url`); by
    /// default the results folder, by a relative path, so the site does not grow by a copy of every run.
    public var rawFiles = RawFilePolicy.linkResultsFolder
    /// The site's public URL (`https://owner.github.io/repo/`): the feed's links become absolute
    /// and the README links to the site there; `nil` keeps every link relative.
    public var baseURL: String?

    public init() {}

    /// The templates to render with: the folder's, else the built-in ones.
    func templateSet() throws(SiteGenError) -> TemplateSet {
        guard let templatesDirectory else { return .builtIn }
        return try .folder(templatesDirectory)
    }

    /// The first setting that cannot give a meaningful, bounded generation, worded for the user;
    /// nil when all are usable. Peak TPS samples `window / step` values per window and
    /// `span / step` windows, so an infinite, tiny or huge value would trap or exhaust memory.
    public var problem: String? {
        guard windowSeconds.isFinite, stepSeconds.isFinite, (0.01...60).contains(stepSeconds) else {
            return "--step must be between 0.01 and 60 seconds"
        }
        guard (stepSeconds...3600).contains(windowSeconds) else { return "--window must be between --step and 3600 seconds" }
        guard objectives.ttftSeconds.isFinite, objectives.ttftSeconds > 0, objectives.itlMilliseconds.isFinite, objectives.itlMilliseconds > 0
        else { return "--slo-ttft and --slo-itl must be positive numbers" }
        guard alertPolicy.defaultThreshold.isFinite, (0...100).contains(alertPolicy.defaultThreshold) else {
            return "--alert-threshold must be a number from 0 to 100"
        }
        guard limits.maxFileBytes >= 1 << 20 else { return "--max-file-mb must be at least 1" }
        guard limits.maxRunMicros >= 60_000_000, limits.maxRunMicros <= 366 * 86_400_000_000 else {
            return "--max-run-hours must be between 1/60 and 8784 (366 days)"
        }
        if let problem = rawFiles.problem { return problem }
        if let url = baseURL, !(url.hasPrefix("https://") || url.hasPrefix("http://")) || url.contains(where: { $0 == " " || $0 == "\"" || $0 == "<" || $0 == ">" }) {
            return "--base-url must be an http:// or https:// URL without spaces, quotes or angle brackets"
        }
        return nil
    }
}
