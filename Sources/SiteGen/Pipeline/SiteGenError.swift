import ResultFormat

/// A failure of `sitegen`, naming the step, the path and the reason (one line per problem).
public struct SiteGenError: Error, CustomStringConvertible, Sendable {
    public enum Step: String, Sendable {
        case checkOptions = "checking the options"
        case loadResults = "reading results"
        case loadTemplates = "reading templates"
        case renderCharts = "rendering charts"
        case writeReadme = "writing the README section"
        case writeSite = "writing the site"
        case writeFiles = "writing files"
    }

    public var step: Step
    public var path: String
    public var reason: String
    /// Further problems found in the same step (e.g. several bad result files), reported together.
    public var more: [SiteGenError] = []

    public init(step: Step, path: String, reason: String, more: [SiteGenError] = []) {
        self.step = step
        self.path = path
        self.reason = reason
        self.more = more
    }

    /// Every problem of a results folder, as one error.
    init(_ errors: ResultFileErrors) {
        let all = errors.errors.map {
            SiteGenError(step: .loadResults, path: $0.place, reason: $0.reason)
        }
        self = all[0]
        self.more = Array(all.dropFirst())
    }

    public var description: String {
        ([self] + more).map { "error while \($0.step.rawValue): \($0.path): \($0.reason)" }.joined(separator: "\n")
    }
}
