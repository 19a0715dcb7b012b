import JSON
import Analysis
import Foundation
import Testing

@testable import ResultFormat
@testable import SiteGen

/// `AlertJSON` must make exactly Codable's trees, and read them back.
@Suite("Alerts as JSON trees without Codable")
struct AlertJSONTests {
    static let alerts = [
        Alert(
            providerSlug: "acme", metric: .ttft, runID: "2026-01-02T00-00-00Z", baselineRunIDs: ["2026-01-01T00-00-00Z"],
            baselineMedian: 0.25, currentMedian: 0.5, relativeChange: 1, pValue: 1e-12,
            ci: ConfidenceInterval(lower: 0.8, upper: 1.25, level: 0.95), direction: .regression, kind: .previous),
        Alert(
            providerSlug: "b <&> \"quoted\"", metric: .errorRate, runID: "r9", baselineRunIDs: ["r1", "r2", "r3"],
            baselineMedian: 0, currentMedian: 0.031666666666666669, relativeChange: -0.1234567890123, pValue: 0.049,
            ci: ConfidenceInterval(lower: -2, upper: -0.000001, level: 0.9), direction: .improvement, kind: .trailing),
    ]

    @Test func treesAreCodables() throws {
        for a in Self.alerts {
            #expect(AlertJSON.tree(a) == (try JSONValueEncoder.tree(of: a)))
            #expect(AlertJSON.alert(try #require(AlertJSON.tree(a))) == a)
            // Read back from text, as the caches are.
            let text = try JSONValueEncoder.encode(a)
            #expect(AlertJSON.alert(try JSONParser.parse(text)) == a)
        }
        #expect(AlertJSON.tree(Self.alerts) == (try JSONValueEncoder.tree(of: Self.alerts)))
    }

    @Test func theAlertListIsCodablesBytes() throws {
        let list = SiteData.AlertList(rule: "a rule", latestRunID: "r9", alerts: Self.alerts)
        #expect(try SiteData.alertListJSON(list) == (try SiteJSON.encode(list)))
        let empty = SiteData.AlertList(rule: "a rule", latestRunID: "r9", alerts: [])
        #expect(try SiteData.alertListJSON(empty) == (try SiteJSON.encode(empty)))
    }

    @Test func anythingElseIsLeftToCodable() throws {
        var bad = Self.alerts[0]
        bad.pValue = .nan
        #expect(AlertJSON.tree(bad) == nil)
        var tree = try #require(AlertJSON.tree(Self.alerts[0]))
        guard case .object(var o) = tree else { Issue.record("not an object"); return }
        o["metric"] = .string("latency?")
        #expect(AlertJSON.alert(.object(o)) == nil)
        o["metric"] = .string("TTFT")
        o["extra"] = .int(1)
        #expect(AlertJSON.alert(.object(o)) == nil)
        tree = .array([.int(1)])
        #expect(AlertJSON.alerts(tree) == nil)
    }
}
