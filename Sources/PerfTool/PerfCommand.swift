import JSON
import Analysis
import ArgumentParser
import Foundation
import Randomness
import ResultFormat
import SyntheticCorpus

/// `leaderboard-perf`: builds synthetic corpora for the benchmarks in docs/performance.md.
@main
struct PerfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leaderboard-perf",
        abstract: "Benchmark helpers: write a seeded synthetic corpus (marked synthetic in every file).",
        subcommands: [Corpus.self, Neutral.self, DecodeTiming.self])
}

struct Corpus: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a synthetic results corpus.")
    @Option(help: "Number of daily runs.") var runs = 1
    @Option(help: "Number of providers (5 built-in profiles, more are derived).") var providers = 5
    @Option(help: "Requests per provider per run.") var requests = 1200
    @Option(help: "Maximum output tokens per request.") var tokens = 1024
    @Option(help: "Random seed.") var seed: UInt64 = 1234
    @Option(help: "Index of the first run (to append runs to an existing corpus).") var firstRun = 0
    @Option(help: "Output folder.") var out: String

    func run() throws {
        var profiles = SyntheticCorpus.defaultProfiles
        var rng = SplitMix64(seed: seed ^ 0xABCDEF)
        while profiles.count < providers {
            profiles.append(.init(
                name: "synthetic-\(profiles.count)", ttftMedian: 0.3 + rng.unit() * 1.7, ttftSigma: 0.35 + rng.unit() * 0.55,
                interTokenMs: 10 + rng.unit() * 70))
        }
        let corpus = SyntheticCorpus(profiles: Array(profiles.prefix(providers)), requests: requests, maxTokens: tokens, seed: seed)
        let start = Date()
        let bytes = try corpus.write(runs: runs, to: out, firstRun: firstRun)
        print("wrote \(runs) runs x \(providers) providers x \(requests) requests to \(out): \(String(format: "%.1f", Double(bytes) / 1e6)) MB in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
    }
}

/// Converts a results tree to the neutral format of `shared/baselines` (absolute seconds), so
/// the original Python pipeline can be timed on exactly the same data.
struct Neutral: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write the baselines' neutral format from a results folder.")
    @Option(help: "Results folder to read.") var results: String
    @Option(help: "Output folder.") var out: String

    func run() throws {
        for runID in try ResultStore.runIDs(in: results) {
            let run = try ResultStore.loadRun(runID, in: results)
            try FileManager.default.createDirectory(atPath: "\(out)/\(runID)", withIntermediateDirectories: true)
            for file in run.files {
                var text = "{\"provider\": \(jsonString(file.provider.name)), \"run_id\": \(jsonString(runID)), \"requests\": ["
                let base = 1_707_465_600.0
                func sec(_ us: Int64) -> String { String(format: "%.6f", base + Double(us) / 1e6) }
                for (i, r) in file.requests.enumerated() {
                    if i > 0 { text += ", " }
                    text += "{\"sent\": \(sec(r.sent)), \"first_token\": \(r.firstToken.map(sec) ?? "null"), \"end\": \(sec(r.end)), "
                    text += "\"output_tokens\": \(r.outputTokens), \"chunk_times\": [" + r.chunkTimes.map(sec).joined(separator: ", ") + "], "
                    text += "\"error\": \(r.error.map { jsonString($0.message) } ?? "null")}"
                }
                text += "]}"
                try text.write(toFile: "\(out)/\(runID)/\(file.provider.slug).json", atomically: true, encoding: .utf8)
            }
        }
    }

    func jsonString(_ s: String) -> String { JSONValue.string(s).jsonText }
}

/// Times the stages of reading and digesting one result file (decompress, parse, validate, then
/// the analysis the site computes per file), best of N.
struct DecodeTiming: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decode", abstract: "Time reading and summarising one result file.")
    @Argument(help: "A result file.") var path: String
    @Option(help: "Repetitions.") var reps = 5

    func run() throws {
        let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let stages = ["gunzip", "parse", "full decode", "summary", "peak TPS", "gap summary"]
        var best = [Double](repeating: .infinity, count: stages.count)
        func timed<T>(_ i: Int, _ body: () throws -> T) rethrows -> T {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let value = try body()
            best[i] = min(best[i], Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            return value
        }
        var plainCount = 0
        for _ in 0..<reps {
            let plain = try timed(0) { Gzip.isCompressed(raw) ? try Gzip.decompress(raw) : raw }
            plainCount = plain.count
            _ = try timed(1) { try JSONParser.parse(plain) }
            let file = try timed(2) { try ResultFileDecoder.decode(raw, path: path) }
            _ = timed(3) { ProviderRunSummary(file: file) }
            _ = timed(4) { PeakThroughput(requests: file.requests, tokenCount: file.tokenCount, windowSeconds: 5, stepSeconds: 1) }
            _ = timed(5) { RequestMetrics.interChunkGapSummary(file.requests) }
        }
        print(String(format: "%@: %.1f MB on disk, %.1f MB JSON", path, Double(raw.count) / 1e6, Double(plainCount) / 1e6))
        for (name, ms) in zip(stages, best) { print(String(format: "  %-12@ %7.2f ms", name, ms)) }
    }
}
