import Bench
import Analysis
import Foundation
import ResultFormat
import Simulator

/// The client's own error and cost, measured against a simulator in another process (so the
/// client's CPU figure is the client's alone). See docs/performance.md.
public enum PerfBenchmark {
    /// One load level: `streams` concurrent streams, each lasting about `streamSeconds` on the
    /// simulator, arriving at a constant rate of streams / streamSeconds for `arrivalSeconds`.
    public struct Level: Sendable {
        public var streams: Int
        public var streamSeconds: Double
        public var tokensPerStream: Int
        public var arrivalSeconds: Double
        public init(streams: Int, streamSeconds: Double, tokensPerStream: Int, arrivalSeconds: Double) {
            self.streams = streams
            self.streamSeconds = streamSeconds
            self.tokensPerStream = tokensPerStream
            self.arrivalSeconds = arrivalSeconds
        }
        public var rate: Double { Double(streams) / streamSeconds }
    }

    public struct Report: Sendable {
        public var level: Level
        public var requests: Int
        public var ok: Int
        public var matched: Int
        public var peakInFlight: Int
        public var tokens: Int
        /// Measured TTFT minus the simulator's own TTFT for the same request, ms.
        public var clientErrorMedianMs: Double
        public var clientErrorP99Ms: Double
        public var launchLagP99Ms: Double
        public var clientCPUSeconds: Double
        public var cpuSecondsPer1000Tokens: Double
        public var resultPath: String
        public var transport: TransportKind

        public var line: String {
            "transport \(transport.rawValue)  " + String(
                format: "streams %5d (peak in flight %5d)  requests %6d  ok %6d  matched %6d  tokens %8d  "
                    + "client error ms: median %.3f p99 %.3f  launch lag p99 ms %.3f  client CPU s %.2f  "
                    + "CPU s / 1000 tokens %.4f (%.1f µs/token)",
                level.streams, peakInFlight, requests, ok, matched, tokens, clientErrorMedianMs, clientErrorP99Ms,
                launchLagP99Ms, clientCPUSeconds, cpuSecondsPer1000Tokens, cpuSecondsPer1000Tokens * 1000)
        }
    }

    public static func run(
        _ level: Level, baseURL: String, simulatorLogPath: String, resultsDirectory: String, console: Console,
        transport: TransportKind = .default
    ) async throws -> Report {
        let name = "perf-\(level.streams)"
        let config = BenchConfiguration(
            providers: [ProviderConfiguration(name: name, api: "openai-chat", baseURL: baseURL, model: "perf", source: .simulated,
                                              note: "bench perf against the built-in simulator")],
            workload: WorkloadConfiguration(
                arrival: .constant(rate: level.rate, duration: level.arrivalSeconds), seed: 1, prompts: .builtIn,
                temperature: 0.7, topP: 1, maxTokens: level.tokensPerStream, timeoutSeconds: 600, stallTimeoutSeconds: 120),
            resultsDirectory: resultsDirectory, transport: transport)
        let report = try await BenchRun.execute(config, console: console, environment: [:], trapSignals: false)
        guard let file = report.results.first?.file else { throw BenchError.simulator("no result") }
        try await Task.sleep(for: .milliseconds(500))  // let the simulator append its last log lines
        let served = try serverTTFTs(logPath: simulatorLogPath)
        var errors: [Double] = []
        for r in file.requests where r.succeeded {
            guard let ft = r.firstToken, let server = served[RequestRenderer.requestID(runID: file.run.id, slug: file.provider.slug, id: r.id)] else { continue }
            errors.append(Double((ft - r.sent) - server) / 1000)
        }
        errors.sort()
        let lags = file.requests.map { Double($0.sent - $0.scheduled) / 1000 }.sorted()
        let tokens = file.requests.reduce(0) { $0 + $1.chunkTimes.count }
        let cpu = file.selfCheck?.clientCPUSeconds ?? 0
        return Report(
            level: level, requests: file.requests.count, ok: file.requests.filter(\.succeeded).count, matched: errors.count,
            peakInFlight: peakInFlight(file.requests), tokens: tokens,
            clientErrorMedianMs: errors.isEmpty ? .nan : Percentile.ofSorted(errors, 50),
            clientErrorP99Ms: errors.isEmpty ? .nan : Percentile.ofSorted(errors, 99), launchLagP99Ms: lags.isEmpty ? .nan : Percentile.ofSorted(lags, 99),
            clientCPUSeconds: cpu, cpuSecondsPer1000Tokens: tokens > 0 ? cpu / Double(tokens) * 1000 : .nan,
            resultPath: report.results.first?.path ?? "", transport: transport)
    }

    /// requestID → the simulator's own TTFT (first chunk written − request received), µs.
    public static func serverTTFTs(logPath: String) throws -> [String: Int64] {
        guard let data = FileManager.default.contents(atPath: logPath) else {
            throw BenchError.io(path: logPath, message: "cannot read the simulator log")
        }
        let decoder = JSONDecoder()
        var out: [String: Int64] = [:]
        for line in data.split(separator: 0x0A) where !line.isEmpty {
            guard let entry = try? decoder.decode(ServedRequestLog.self, from: Data(line)), let ttft = entry.serverTTFTMicros else {
                continue
            }
            out[entry.requestID] = ttft
        }
        return out
    }

    /// The largest number of requests between `sent` and `end` at once.
    public static func peakInFlight(_ records: [RequestRecord]) -> Int {
        var events: [(Int64, Int)] = []
        events.reserveCapacity(records.count * 2)
        for r in records {
            events.append((r.sent, 1))
            events.append((r.end, -1))
        }
        events.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var current = 0
        var peak = 0
        for e in events {
            current += e.1
            peak = max(peak, current)
        }
        return peak
    }
}
