import Foundation
import ResultFormat
import Testing

/// The committed results load with the shared decoder and say where they come from: the
/// leaderboard's (`results/`) were measured against real servers and name them; the demo's
/// (`examples/simulated-results/`, from `bench` with no arguments) say they are simulated.
@Suite struct SampleResultsTests {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
    static var resultsDirectory: String { root.appendingPathComponent("results").path }
    static var simulatedDirectory: String { root.appendingPathComponent("examples/simulated-results").path }

    @Test func leaderboardRunsAreMeasuredAndSayOnWhat() throws {
        let runs = try ResultStore.runIDs(in: Self.resultsDirectory)
        #expect(runs.count >= 2, "several runs, so the site's trends show something")
        for id in runs {
            let run = try ResultStore.loadRun(id, in: Self.resultsDirectory)
            #expect(run.files.count >= 3)
            #expect(Set(run.files.map(\.workload.fingerprint)).count == 1)
            for f in run.files {
                #expect(f.run.source == .measured)
                let note = f.run.note ?? ""
                #expect(note.contains("llama-server") && note.contains("SmolLM2-135M") && note.contains("cores"), "\(note)")
                #expect(!f.run.partial)
                #expect(f.requests.contains { $0.succeeded })
            }
        }
    }

    @Test func demoRunsLoadAndAreMarkedSimulated() throws {
        let runs = try ResultStore.runIDs(in: Self.simulatedDirectory)
        #expect(runs.count >= 2)
        for id in runs {
            let run = try ResultStore.loadRun(id, in: Self.simulatedDirectory)
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
