import Bench
import Foundation
import ResultFormat
import Simulator

/// `bench` with no arguments: a short run against simulated providers served in-process by the
/// built-in simulator, so a new user sees a whole run (and files `sitegen` can render) in about a
/// minute. The files say `source: simulated` and name the simulator in their note: they never
/// pose as a real provider.
public enum Demo {
    /// The simulator profiles shown, each as provider `sim-<profile>`.
    public static let profiles = ["fast", "steady", "slow-start", "bursty", "flaky"]

    /// 5 requests/s for 20 s per provider (100 requests), providers side by side; short answers
    /// (max_tokens 256) keep the sample files small.
    public static func workload(seed: UInt64 = 42) -> WorkloadConfiguration {
        WorkloadConfiguration(
            arrival: .constant(rate: 5, duration: 20), seed: seed, prompts: .builtIn, maxTokens: 256, timeoutSeconds: 60,
            stallTimeoutSeconds: 30)
    }

    /// Providers for a running simulator.
    public static func providers(simulator: RunningSimulator, profiles: [String] = Demo.profiles) -> [ProviderConfiguration] {
        profiles.map { name in
            ProviderConfiguration(
                name: "sim-\(name)", api: "openai-chat", baseURL: simulator.baseURL(profile: name), model: "sim-\(name)",
                // `source: .simulated` is what marks the data as not a real provider's, and
                // sitegen says so once per run; the note only names the profile.
                source: .simulated,
                note: "built-in simulator, profile \(name), in-process")
        }
    }

    /// Starts the simulator, runs the demo workload against it and stops it.
    public static func run(
        resultsDirectory: String = "results", seed: UInt64 = 42, workload: WorkloadConfiguration? = nil,
        profiles: [String] = Demo.profiles, console: Console = Console(), trapSignals: Bool = true,
        transport: TransportKind = .default
    ) async throws -> BenchRun.Report {
        let simulator: RunningSimulator
        do {
            simulator = try await SimulatedEndpoint.start(SimulatorConfiguration(host: "127.0.0.1", port: 0, seed: seed))
        } catch {
            throw BenchError.simulator("could not start: \(error)")
        }
        console.note("demo: built-in simulator on \(simulator.baseURL) (profiles \(profiles.joined(separator: ", ")))")
        let config = BenchConfiguration(
            providers: providers(simulator: simulator, profiles: profiles), workload: workload ?? self.workload(seed: seed),
            resultsDirectory: resultsDirectory, parallelProviders: true, transport: transport)
        do {
            let report = try await BenchRun.execute(config, console: console, environment: [:], trapSignals: trapSignals)
            await simulator.shutdown()
            return report
        } catch {
            await simulator.shutdown()
            throw error
        }
    }
}
