import TestSupport
import Foundation
import ResultFormat
import Simulator
import Testing
@testable import Bench

/// The `nio` and `epoll` transports against real sockets on 127.0.0.1.
@Suite(.serialized) struct TransportTests {
    @Test(arguments: [TransportKind.epoll, .nio])
    func aRefusedConnectionFailsAtOnce(_ transport: TransportKind) async throws {
        let closed = try RawHTTPServer { _ in [] }
        closed.stop()  // nothing listens on this port now
        let config = BenchConfiguration(
            providers: [ProviderConfiguration(name: "nobody", api: "openai-chat", baseURL: closed.baseURL, model: "m")],
            workload: WorkloadConfiguration(arrival: .explicit(offsets: [0]), seed: 1, maxTokens: 8, timeoutSeconds: 60),
            resultsDirectory: SimulatorRunTests.tempDir(), transport: transport)
        let report = try await BenchRun.execute(config, console: Console(quiet: true), environment: [:], trapSignals: false)
        let r = try #require(report.results.first?.file.requests.first)
        #expect(r.error?.kind == .connect)
        // The message names where the connection was refused.
        #expect(r.error?.message == "I/O error: Connection refused (127.0.0.1:\(closed.port))", "\(String(describing: r.error))")
        #expect(report.providersWithoutSuccess == ["nobody"])
        // Immediately, not after a connect timeout (10 s) or retries: 3 s is a generous bound.
        #expect(r.end - r.sent < 3_000_000, "took \(r.end - r.sent) µs")
    }

    @Test(arguments: [TransportKind.epoll, .nio])
    func aTLSHandshakeFailureIsAConnectError(_ transport: TransportKind) async throws {
        // An https URL on a server that answers in plain text: NIOSSL's handshake fails.
        let plain = try RawHTTPServer(answerAtOnce: true) { _ in RawHTTPServer.response(status: "400 Bad Request", body: "plain HTTP") }
        defer { plain.stop() }
        let config = BenchConfiguration(
            providers: [ProviderConfiguration(
                name: "tls", api: "openai-chat", baseURL: plain.baseURL.replacingOccurrences(of: "http://", with: "https://"),
                model: "m")],
            workload: WorkloadConfiguration(arrival: .explicit(offsets: [0]), seed: 1, maxTokens: 8, timeoutSeconds: 20),
            resultsDirectory: SimulatorRunTests.tempDir(), transport: transport)
        let report = try await BenchRun.execute(config, console: Console(quiet: true), environment: [:], trapSignals: false)
        let r = try #require(report.results.first?.file.requests.first)
        #expect(r.error?.kind == .connect, "\(String(describing: r.error))")
        #expect(r.error?.message.hasPrefix("TLS error") == true, "\(String(describing: r.error))")
    }

    @Test(arguments: [TransportKind.epoll, .nio])
    func aMalformedChunkSizeIsAResetMidStream(_ transport: TransportKind) async throws {
        let bad = try RawHTTPServer { _ in
            Array(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "31\r\ndata: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n\r\nzz\r\n").utf8)
        }
        defer { bad.stop() }
        let config = BenchConfiguration(
            providers: [ProviderConfiguration(name: "bad", api: "openai-chat", baseURL: bad.baseURL, model: "m")],
            workload: WorkloadConfiguration(arrival: .explicit(offsets: [0]), seed: 1, maxTokens: 8, timeoutSeconds: 20),
            resultsDirectory: SimulatorRunTests.tempDir(), transport: transport)
        let report = try await BenchRun.execute(config, console: Console(quiet: true), environment: [:], trapSignals: false)
        let r = try #require(report.results.first?.file.requests.first)
        #expect(r.error?.kind == .reset, "\(String(describing: r.error))")
        #expect(r.error?.message.contains("chunk") == true)
        #expect(r.chunkTimes.count == 1)  // the chunk before the bad one was kept
    }

    @Test(arguments: TransportKind.allCases)
    func bothTransportsGiveTheSameRecords(_ transport: TransportKind) async throws {
        func profile(_ name: String, _ faults: FaultModes = FaultModes()) -> SimulationProfile {
            SimulationProfile(name: name, ttftMedianMs: 20, interTokenMs: 5, outputTokensMin: 12, outputTokensMax: 12, faults: faults)
        }
        let profiles = [
            profile("ok"), profile("limits", FaultModes(rateLimitRate: 1, retryAfterSeconds: 7)),
            profile("disconnects", FaultModes(disconnectRate: 1)), profile("stalls", FaultModes(stallRate: 1, stallSeconds: 3)),
        ]
        let sim = try await SimulatedEndpoint.start(SimulatorConfiguration(port: 0, seed: 7, profiles: profiles))
        let config = BenchConfiguration(
            providers: profiles.map {
                ProviderConfiguration(name: $0.name, api: "openai-chat", baseURL: sim.baseURL(profile: $0.name), model: "m")
            },
            workload: WorkloadConfiguration(arrival: .explicit(offsets: [0, 0.02, 0.3]), seed: 1, maxTokens: 12, timeoutSeconds: 30,
                                            stallTimeoutSeconds: 1),
            resultsDirectory: SimulatorRunTests.tempDir(), parallelProviders: true, transport: transport)
        let report = try await BenchRun.execute(config, console: Console(quiet: true), environment: [:], trapSignals: false)
        await sim.shutdown()
        let files = Dictionary(report.results.map { ($0.file.provider.name, $0.file) }, uniquingKeysWith: { a, _ in a })
        #expect(files.values.allSatisfy { $0.run.benchVersion.hasSuffix("(transport \(transport.rawValue))") })
        #expect(files["ok"]?.requests.allSatisfy { $0.succeeded && $0.outputTokens == 12 && $0.chunkTimes.count == 12 } == true)
        // Same kinds and messages whichever transport.
        let expected: [String: (ErrorKind, String)] = [
            "limits": (.rateLimited, "HTTP 429"), "disconnects": (.reset, "stream ended at an unexpected time"),
            "stalls": (.timeout, "stalled: no bytes for 1 s (stall timeout)"),
        ]
        for (name, (kind, message)) in expected {
            let errors = files[name]?.requests.compactMap(\.error) ?? []
            #expect(errors.count == 3, "\(name)")
            #expect(errors.allSatisfy { $0.kind == kind && $0.message.hasPrefix(message) }, "\(name): \(errors)")
        }
    }
}

@Suite struct TransportConfigurationTests {
    static let providers = "providers:\n  - {name: a, base_url: \"http://127.0.0.1:1/v1\", model: m}\n"

    @Test func transportKeyPicksTheClient() throws {
        #expect(try ConfigurationLoader.parse(yaml: Self.providers).transport == .default)
        // The AsyncHTTPClient transport is gone; its name is refused like any unknown one.
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.parse(yaml: "transport: asynchttpclient\n" + Self.providers) }
        #expect(try ConfigurationLoader.parse(yaml: "transport: nio\n" + Self.providers).transport == .nio)
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.parse(yaml: "transport: curl\n" + Self.providers) }
    }
}
