import Foundation
import ResultFormat
import Testing

/// The committed sample results (from `bench` with no arguments) load with the shared decoder
/// and say they are simulated.
@Suite struct SampleResultsTests {
    static var resultsDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("results").path
    }

    @Test func sampleRunsLoadAndAreMarkedSimulated() throws {
        let runs = try ResultStore.runIDs(in: Self.resultsDirectory)
        #expect(runs.count >= 2)
        for id in runs {
            let run = try ResultStore.loadRun(id, in: Self.resultsDirectory)
            #expect(run.files.count == 5)
            #expect(Set(run.files.map(\.workload.fingerprint)).count == 1)
            for f in run.files {
                #expect(f.run.source == .simulated)
                #expect(f.run.note?.contains("built-in simulator") == true)
                #expect(f.provider.name.hasPrefix("sim-"))
                #expect(!f.run.partial)
                #expect(f.requests.count == 100)
            }
        }
    }
}
