import TestSupport
import Foundation
import ResultFormat
import Simulator
import Testing
@testable import Bench

/// More concurrent streams than the open-file limit allows: the bench must not crash, must
/// record the streams it could not open as failed requests that name the limit, and must say so
/// in the run's self-check.
@Suite(.serialized, .tags(.slow)) struct FileLimitTests {
    @Test(.enabled(if: InterruptedRunTests.benchRunnable, "build the bench executable first (swift build)"))
    func runningOutOfFileDescriptorsIsReportedNotACrash() async throws {
        let dir = SimulatorRunTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // All 120 streams start at once and each stays open about 0.5 s: far more sockets at once
        // than the limit leaves.
        let slow = SimulationProfile(name: "slow", ttftMedianMs: 300, interTokenMs: 50, outputTokensMin: 5, outputTokensMax: 5)
        let sim = try await SimulatedEndpoint.start(SimulatorConfiguration(port: 0, profiles: [slow]))
        let offsets = Array(repeating: "0", count: 120).joined(separator: ", ")
        let config = dir + "/config.yaml"
        try """
            transport: epoll
            workload:
              arrival: {kind: explicit, offsets_s: [\(offsets)]}
              max_tokens: 5
            providers:
              - {name: many-streams, base_url: "\(sim.baseURL(profile: "slow"))", model: m, source: simulated}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let bench = try #require(InterruptedRunTests.benchExecutable)
        // `ulimit -n` lowers the soft and the hard limit, so the bench cannot raise it again.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "ulimit -n 64 && exec \"$0\" --config \"$1\" --results \"$2\" --quiet", bench, config, dir]
        let errPath = dir + "/bench.err"
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try p.run()
        await p.exited()
        await sim.shutdown()
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        #expect(p.terminationReason == .exit && p.terminationStatus == 0,
                "status \(p.terminationStatus): \(stderr.suffix(6000))")
        let runs = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("20") }
        let (file, _) = try ResultStore.read(path: dir + "/" + #require(runs.first) + "/many-streams.json.gz")
        #expect(file.requests.count == 120)
        let refused = file.requests.filter { $0.error?.message.contains("out of file descriptors") == true }
        #expect(!refused.isEmpty, "no request hit the limit of 64 descriptors")
        #expect(refused.allSatisfy { $0.error?.kind == .connect && $0.error?.message.contains("raise `ulimit -n`") == true })
        #expect(file.requests.contains { $0.succeeded }, "some streams fit under the limit")
        #expect(file.selfCheck?.warnings.contains { $0.contains("the open-file limit was hit") } == true, "\(file.selfCheck?.warnings ?? [])")
    }
}
