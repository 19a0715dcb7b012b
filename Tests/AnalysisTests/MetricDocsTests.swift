import Foundation
import Testing
import Analysis

/// docs/metrics.md says what the registry and the policies say: each definition word for word,
/// and the thresholds the code uses.
@Suite struct MetricDocsTests {
    static let page: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/metrics.md"), encoding: .utf8)) ?? ""
    }()

    @Test(arguments: MetricDefinition.all) func everyDefinitionIsOnThePage(_ metric: MetricDefinition) {
        #expect(Self.page.contains(metric.definition), "docs/metrics.md lacks the definition of \(metric.id)")
    }

    @Test func theThresholdsAreTheCodes() {
        let policy = WinnerPolicy()
        #expect(Self.page.contains("at least \(policy.minimumSuccesses) successful requests and at least \(Int(policy.minimumSuccessShare * 100))%"))
        #expect(Self.page.contains("p < \(policy.alpha)"))
        let resamples = policy.bootstrap.resamples
        #expect(Self.page.contains("bootstrap with \(resamples / 1000),\(String(format: "%03d", resamples % 1000)) resamples"))
        #expect(Self.page.contains("pooled last \(AlertPolicy().trailingRuns) such runs"))
    }
}
