import Foundation
import Testing

@testable import ResultFormat
@testable import SiteGen

/// `data/providers/<slug>.json` is assembled from the provider digests' JSON trees kept from the
/// digest cache; it must be byte for byte what encoding the history with Codable gives.
@Suite("Provider histories from cached digest trees")
struct ProviderHistoryJSONTests {
    @Test func cachedTreesGiveTheCodableEncoding() throws {
        let root = try SiteFixture.temporaryDirectory("history")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteStatisticsTests.regressionHistory(into: root + "/results")
        let options = SiteFixture.options(results: root + "/results", site: root + "/site")
        // Digests computed now keep the trees they were saved as; digests read back keep theirs.
        let computed = try SiteBuilder(options: options).loadDigests().0
        #expect(computed.allSatisfy { !$0.fromCache && $0.providerTrees != nil })
        _ = try SiteBuilder(options: options).build()
        let loaded = try SiteBuilder(options: options).loadDigests().0
        #expect(loaded.allSatisfy { $0.fromCache && $0.providerTrees != nil })
        let runs = loaded.map(\.digest)
        let trees = Dictionary(loaded.map { ($0.digest.runID, $0.providerTrees ?? []) }, uniquingKeysWith: { a, _ in a })
        for slug in ["synthetic-alpha", "synthetic-bravo"] {
            let history = runs.compactMap { r in r.provider(slug).map { (r, $0) } }
            #expect(history.count == 4)
            let name = history.last!.1.name
            let expected = try SiteJSON.encode(
                SiteData.ProviderHistory(
                    slug: slug, name: name, runs: history.map { .init(runID: $0.0.runID, startedAt: $0.0.startedAt, provider: $0.1) }))
            let fromTrees = try SiteData.providerHistoryJSON(slug: slug, name: name, history: history) { run, provider in
                trees[run.runID]?[run.providers.firstIndex { $0.slug == provider.slug }!]
            }
            let encodedNow = try SiteData.providerHistoryJSON(slug: slug, name: name, history: history) { _, _ in nil }
            #expect(fromTrees == expected)
            #expect(encodedNow == expected)
            let computedTrees = Dictionary(computed.map { ($0.digest.runID, $0.providerTrees ?? []) }, uniquingKeysWith: { a, _ in a })
            let fromComputed = try SiteData.providerHistoryJSON(slug: slug, name: name, history: history) { run, provider in
                computedTrees[run.runID]?[run.providers.firstIndex { $0.slug == provider.slug }!]
            }
            #expect(fromComputed == expected)
            // And it is the file the site holds.
            #expect(FileBytes.read(root + "/site/data/providers/\(slug).json") == expected)
        }
    }
}
