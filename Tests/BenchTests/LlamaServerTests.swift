import Foundation
import ResultFormat
import Testing
@testable import Bench

/// End to end against a real LLM server: llama.cpp's `llama-server` (SmolLM2-135M on the CPU),
/// started by the test on 127.0.0.1, through all three wire APIs it speaks.
@Suite(.serialized, .tags(.slow), .enabled(if: LlamaServer.shouldRun, LlamaServer.missingReason))
struct LlamaServerTests {
    static let apis = ["openai-chat", "openai-completions", "anthropic-messages"]

    static func run(
        _ server: LlamaServer, apis: [String] = apis, offsets: [Double], maxTokens: Int, transport: TransportKind = .default
    ) async throws -> BenchRun.Report {
        let providers = apis.map {
            ProviderConfiguration(
                name: "llama \($0)", api: $0, baseURL: server.baseURL, model: "smollm2", source: .measured,
                note: "llama-server (test)")
        }
        let dir = NSTemporaryDirectory() + "bench-llama-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let config = BenchConfiguration(
            providers: providers,
            workload: WorkloadConfiguration(
                arrival: .explicit(offsets: offsets), seed: 3, maxTokens: maxTokens, timeoutSeconds: 120, stallTimeoutSeconds: 60),
            resultsDirectory: dir, parallelProviders: false, transport: transport)
        return try await BenchRun.execute(config, console: Console(quiet: true), environment: [:], trapSignals: false)
    }

    static func describe(_ r: RequestRecord) -> String {
        "request \(r.id): \(r.error.map { "\($0.kind.rawValue) \($0.message)" } ?? "ok"), \(r.outputTokens) tokens, \(r.chunkTimes.count) chunks"
    }

    /// Every API streams real tokens: every request succeeds with the server's usage as its
    /// token count, chunk times in order from the first token, and (OpenAI APIs) the server's own
    /// timings recorded, counting the same tokens.
    @Test func allThreeAPIsStreamFromTheRealServer() async throws {
        let server = try await LlamaServer(slots: 2)
        defer { server.stop() }
        let report = try await Self.run(server, offsets: [0, 0.2, 0.4, 0.6], maxTokens: 24)
        await server.shutdown()
        #expect(report.results.count == 3)
        for result in report.results {
            let file = result.file
            let api = file.provider.api
            #expect(file.requests.count == 4, "\(api)")
            #expect(file.tokenCount == .usage, "\(api): token counts must come from the server's usage report")
            for r in file.requests {
                #expect(r.succeeded, "\(api) \(Self.describe(r))")
                guard r.succeeded, let first = r.firstToken else { continue }
                #expect(r.outputTokens > 0 && r.outputTokens <= 24, "\(api) \(Self.describe(r))")
                // llama-server sends one event per token, holding back incomplete UTF-8: never
                // more events than tokens.
                #expect(!r.chunkTimes.isEmpty && r.chunkTimes.count <= r.outputTokens, "\(api) \(Self.describe(r))")
                #expect(r.chunkTimes.first == first && r.chunkTimes == r.chunkTimes.sorted() && r.end >= r.chunkTimes.last!)
                #expect(first > r.sent)
                if api != "anthropic-messages" {
                    let t = try #require(r.serverTimings, "\(api) request \(r.id): the server's timings were not recorded")
                    #expect(t.decodeTokens == r.outputTokens, "\(api) request \(r.id): server decoded \(t.decodeTokens), usage \(r.outputTokens)")
                    #expect(t.promptTokens > 0 && t.decodeMs > 0)
                }
            }
        }
    }

    /// The client's decode time per token (ITL) agrees with the server's own figure
    /// (`predicted_ms / predicted_n`): the bench checks itself against the server.
    @Test func clientDecodeTimeAgreesWithTheServers() async throws {
        let server = try await LlamaServer(slots: 1)
        defer { server.stop() }
        let report = try await Self.run(server, apis: ["openai-chat"], offsets: [0, 1.5, 3], maxTokens: 48)
        await server.shutdown()
        let file = try #require(report.results.first?.file)
        var differences: [Double] = []
        for r in file.requests {
            #expect(r.succeeded, "\(Self.describe(r))")
            guard let first = r.firstToken, r.outputTokens >= 8, let server = r.serverTimings?.decodeMsPerToken else { continue }
            let client = Double(r.end - first) / 1000 / Double(r.outputTokens - 1)
            differences.append(client - server)
        }
        #expect(!differences.isEmpty, "no request long enough to compare")
        differences.sort()
        let median = differences[differences.count / 2]
        // One slot, so the server decodes one stream at a time and both clocks see the same
        // tokens; generous for a loaded 2-core test machine.
        #expect(abs(median) < 10, "client ITL − server decode per token: median \(median) ms (all: \(differences))")
    }

    /// The server's `max_tokens` stop (finish_reason `length`) is a complete answer, and the
    /// `nio` transport gives the same kind of records as the default one.
    @Test func lengthStopsAreCompleteOnBothTransports() async throws {
        let server = try await LlamaServer(slots: 2)
        defer { server.stop() }
        for transport in [TransportKind.epoll, .nio] {
            let report = try await Self.run(server, apis: ["openai-chat"], offsets: [0, 0.1], maxTokens: 4, transport: transport)
            let file = try #require(report.results.first?.file)
            for r in file.requests {
                #expect(r.succeeded && r.outputTokens <= 4, "\(transport): \(Self.describe(r))")
            }
        }
        await server.shutdown()
    }
}
