import TestSupport
import Foundation
import ResultFormat
import Simulator
import Testing
@testable import Bench

/// Runs the built `bench` executable as a subprocess, interrupts it, and checks that every
/// finished request survived.
@Suite(.serialized, .tags(.slow)) struct InterruptedRunTests {
    /// Whether the tests of the built `bench` run: it was built, or CI is set (then a missing
    /// binary fails them instead of skipping them silently).
    static var benchRunnable: Bool { benchExecutable != nil || ExternalTools.inCI }

    /// The `bench` executable beside the test bundle (`swift build` builds it; `swift test` does too).
    static var benchExecutable: String? { BuiltProducts.folder(holding: "bench").map { $0 + "/bench" } }

    /// Starts a slow simulator (each stream ~2 s) and the bench against it at 5 req/s for 20 s.
    static func startRun(resultsDirectory: String) async throws -> (RunningSimulator, Process) {
        let slow = SimulationProfile(
            name: "slow", ttftMedianMs: 100, interTokenMs: 50, outputTokensMin: 40, outputTokensMax: 40)
        let sim = try await SimulatedEndpoint.start(SimulatorConfiguration(port: 0, profiles: [slow]))
        let config = resultsDirectory + "/config.yaml"
        try """
            workload:
              arrival: {kind: constant, rate: 5, duration_s: 20}
              max_tokens: 40
            providers:
              - {name: slow-sim, base_url: "\(sim.baseURL(profile: "slow"))", model: m, source: simulated}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(benchExecutable))
        p.arguments = ["--config", config, "--results", resultsDirectory, "--quiet"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return (sim, p)
    }

    @Test(.enabled(if: benchRunnable, "build the bench executable first (swift build)"))
    func sigintKeepsFinishedRequestsAsAPartialFile() async throws {
        let dir = SimulatorRunTests.tempDir()
        let (sim, p) = try await Self.startRun(resultsDirectory: dir)
        try await Task.sleep(for: .seconds(6))
        p.interrupt()  // SIGINT
        await p.exited()
        await sim.shutdown()
        #expect(p.terminationStatus == 130)
        let runs = try ResultStore.runIDs(in: dir)
        #expect(runs.count == 1)
        let (file, _) = try ResultStore.read(path: "\(dir)/\(runs[0])/slow-sim.json.gz")
        #expect(file.run.partial)
        let ok = file.requests.filter(\.succeeded)
        // ~6 s at 5 req/s with ~2.1 s streams: about 20 finished; in flight ones are `cancelled`.
        #expect(ok.count >= 10, "only \(ok.count) finished requests kept")
        #expect(file.requests.filter { $0.error?.kind == .cancelled }.count >= 1)
        #expect(file.requests.count < 100)
        #expect(JournalRecovery.findJournals(in: dir).isEmpty)
    }

    @Test(.enabled(if: benchRunnable, "build the bench executable first (swift build)"))
    func sigkillLeavesAJournalThatRecoverFinalises() async throws {
        let dir = SimulatorRunTests.tempDir()
        let (sim, p) = try await Self.startRun(resultsDirectory: dir)
        try await Task.sleep(for: .seconds(6))
        kill(p.processIdentifier, SIGKILL)
        await p.exited()
        await sim.shutdown()
        let journals = JournalRecovery.findJournals(in: dir)
        #expect(journals.count == 1)
        let recovered = JournalRecovery.recoverAll(in: dir)
        let r = try #require(recovered.first)
        #expect(r.requestCount >= 10)
        let (file, _) = try ResultStore.read(path: try #require(r.resultPath))
        #expect(file.run.partial)
        #expect(file.requests.allSatisfy { $0.succeeded })
        #expect(file.requests.count == r.requestCount)
    }
}

/// A provider none of whose requests succeeded is not a quiet success: the built `bench` names
/// it in a warning and exits 3, with its file written.
@Suite(.tags(.slow)) struct EveryRequestFailedTests {
    @Test(.enabled(if: InterruptedRunTests.benchRunnable, "build the bench executable first (swift build)"))
    func exitsThreeAndNamesTheProvider() async throws {
        let dir = SimulatorRunTests.tempDir()
        let closed = try RawHTTPServer { _ in [] }
        closed.stop()  // nothing listens on this port now
        try """
            workload:
              arrival: {kind: explicit, offsets_s: [0, 0.1]}
              max_tokens: 8
            providers:
              - {name: nobody home, base_url: "\(closed.baseURL)", model: m}
            """.write(toFile: dir + "/config.yaml", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(InterruptedRunTests.benchExecutable))
        p.arguments = ["--config", dir + "/config.yaml", "--results", dir, "--quiet"]
        let errors = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = errors
        try p.run()
        await p.exited()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 3, "\(text)")
        #expect(text.contains("warning: every request to nobody home failed"), "\(text)")
        let runs = try ResultStore.runIDs(in: dir)
        #expect(runs.count == 1)
    }
}
