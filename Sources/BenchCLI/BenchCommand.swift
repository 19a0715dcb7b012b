import ArgumentParser
import Bench
import BenchDemo
import Foundation

@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Drive a seeded streaming workload at LLM endpoints and write timed result files.",
        discussion: "With no arguments, runs a short demo against the built-in simulator. See docs/bench.md.",
        subcommands: [Run.self, Simulate.self, Recover.self, Perf.self],
        defaultSubcommand: Run.self)
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a benchmark (the default). Without --config, a demo against simulated providers.")

    @Option(name: .long, help: "YAML configuration file (docs/bench.md).") var config: String?
    @Option(name: .long, help: "Results folder (default: the config's `results`, else `results`).") var results: String?
    @Option(name: .long, help: "Comma-separated provider names (or slugs) to run.") var providers: String?
    @Flag(name: .long, help: "Run providers side by side instead of one after another.") var parallelProviders = false
    @Option(name: .long, help: "Override the workload seed.") var seed: UInt64?
    @Option(name: .long, help: "Override: constant arrival rate, requests/s (with --duration).") var rate: Double?
    @Option(name: .long, help: "Override: arrival duration, seconds.") var duration: Double?
    @Option(name: .long, help: "Override max_tokens.") var maxTokens: Int?
    @Option(name: .long, help: "Closed loop: at most this many requests in flight.") var maxConcurrency: Int?
    @Option(name: .long, help: "HTTP client: epoll (default on Linux; http origins, https goes through nio) or nio.") var transport: TransportKind?
    @Flag(name: .long, help: "No progress output.") var quiet = false
    @Option(name: .long, help: "Run only segment I of N of the workload (0 ≤ I < N ≤ 1024; env BENCH_SEGMENT, or JOB_COMPLETION_INDEX with BENCH_SEGMENTS).")
    var segment: String?
    @Option(name: .long, help: "Wait until this UTC time (e.g. 2026-12-05T16:00:00Z), then start (env BENCH_START_AT).") var startAt: String?
    @Option(name: .customLong("run-id"), help: "Name of the run folder, shared by the segments of a run (env BENCH_RUN_ID).") var runID: String?

    func run() async throws {
        let console = Console(quiet: quiet)
        do {
            let report: BenchRun.Report
            let coordination = try RunCoordination.resolve(
                segment: segment, runID: runID, startAt: startAt, environment: ProcessInfo.processInfo.environment)
            if let path = config {
                var cfg = try ConfigurationLoader.load(path: path)
                if let results { cfg.resultsDirectory = results }
                if let providers {
                    cfg = try cfg.selecting(providers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                }
                if parallelProviders { cfg.parallelProviders = true }
                if let transport { cfg.transport = transport }
                applyOverrides(&cfg.workload)
                cfg.coordination = coordination
                report = try await BenchRun.execute(cfg, console: console)
            } else {
                guard providers == nil else {
                    throw ValidationError("--providers needs --config (the demo's providers are fixed)")
                }
                guard coordination == RunCoordination() else {
                    throw ValidationError("--segment, --start-at and --run-id (and their environment variables) need --config")
                }
                var workload = Demo.workload(seed: seed ?? 42)
                applyOverrides(&workload)
                report = try await Demo.run(
                    resultsDirectory: results ?? "results", seed: seed ?? 42, workload: workload, console: console,
                    transport: transport ?? .default)
            }
            console.output(report.summary)
            console.note("results: \(report.results.map(\.path).joined(separator: ", "))")
            if report.interrupted { throw ExitCode(130) }
            let failedProviders = report.providersWithoutSuccess
            if !failedProviders.isEmpty {
                for name in failedProviders {
                    console.problem("warning: every request to \(name) failed: see the failure kinds above; the file is written but measures nothing")
                }
                throw ExitCode(3)
            }
        } catch let e as ConfigurationError {
            console.problem("error: \(e)")
            throw ExitCode(2)
        } catch let e as BenchError {
            console.problem("error: \(e)")
            throw ExitCode(1)
        }
    }

    func applyOverrides(_ w: inout WorkloadConfiguration) {
        if let seed { w.seed = seed }
        if rate != nil || duration != nil {
            let current: (Double, Double)
            if case .constant(let r, let d) = w.arrival { current = (r, d) } else { current = (10, 120) }
            w.arrival = .constant(rate: rate ?? current.0, duration: duration ?? current.1)
        }
        if let maxTokens { w.maxTokens = maxTokens }
        if let maxConcurrency { w.maxConcurrency = maxConcurrency }
    }
}

struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the built-in simulated OpenAI endpoint until Ctrl-C.")

    @Option(name: .long, help: "Port (0 picks a free one).") var port = 8080
    @Option(name: .long, help: "Address to bind.") var host = "127.0.0.1"
    @Option(name: .long, help: "Serve only this built-in profile (default: all, each under /<profile>/v1).") var profile: String?
    @Option(name: .long, help: "JSON file with a profile object or a list of them, served instead of the built-in ones.")
    var profileFile: String?
    @Option(name: .long, help: "Seed for the simulated timings.") var seed: UInt64 = 42
    @Option(name: .long, help: "Write a JSON line per served request (receive and first-chunk times) here.") var log: String?

    func run() async throws {
        do {
            try await SimulatorService.serve(
                host: host, port: port, profile: profile, profileFile: profileFile, seed: seed, logPath: log, console: Console())
        } catch let e as BenchError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            throw ExitCode(1)
        }
    }
}

struct Recover: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Finalise journals left by an interrupted run into partial result files.")

    @Option(name: .long, help: "Results folder.") var results = "results"

    func run() throws {
        let recovered = JournalRecovery.recoverAll(in: results)
        if recovered.isEmpty { print("no journals to recover under \(results)/") }
        for r in recovered {
            let what = r.resultPath.map { "wrote \($0) (partial)" } ?? "a result file already existed"
            let torn = r.badLines.filter(\.torn).count
            let dropped = torn > 0 ? ", \(torn) torn line dropped" : ""
            print("\(r.journalPath): \(r.requestCount) requests; \(what)\(dropped); \(r.keptBecause == nil ? "journal removed" : "journal kept")")
            for line in r.badLines where !line.torn {
                FileHandle.standardError.write(Data("  \(r.journalPath): \(line) (skipped)\n".utf8))
            }
            if let why = r.keptBecause { FileHandle.standardError.write(Data("  journal kept: \(why)\n".utf8)) }
        }
        if recovered.contains(where: { $0.keptBecause != nil }) { throw ExitCode(1) }
    }
}

struct Perf: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the client's own timing error and CPU cost against a simulator running as another process.",
        discussion: "Used by scripts/bench-perf.sh; see docs/performance.md.")

    @Option(name: .long, help: "Simulator base URL, e.g. http://127.0.0.1:18080/v1.") var url: String
    @Option(name: .long, help: "The simulator's --log file (to compare TTFTs per request).") var simulatorLog: String
    @Option(name: .long, help: "Target concurrent streams.") var streams: Int
    @Option(name: .long, help: "Seconds each stream lasts on the simulator (its profile's TTFT + tokens × interval).")
    var streamSeconds: Double
    @Option(name: .long, help: "Tokens per stream.") var tokens: Int
    @Option(name: .long, help: "Seconds of arrivals (default: 2 × stream seconds).") var duration: Double?
    @Option(name: .long, help: "Where to write the result file.") var results = "/tmp/bench-perf-results"
    @Option(name: .long, help: "HTTP client: epoll or nio.") var transport: TransportKind = .default

    func run() async throws {
        let report = try await PerfBenchmark.run(
            PerfBenchmark.Level(
                streams: streams, streamSeconds: streamSeconds, tokensPerStream: tokens,
                arrivalSeconds: duration ?? 2 * streamSeconds),
            baseURL: url, simulatorLogPath: simulatorLog, resultsDirectory: results, console: Console(), transport: transport)
        print(report.line)
    }
}

extension TransportKind: ExpressibleByArgument {}
