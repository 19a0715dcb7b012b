import TestSupport
import Foundation
import ResultFormat
import Testing
@testable import Bench

@Suite(.serialized) struct FailureAndSecretTests {
    static let fakeKey = "sk-" + "test-SECRET-0123456789abcdef"

    static func provider(_ name: String, _ url: String, keyEnv: String? = nil) -> ProviderConfiguration {
        ProviderConfiguration(name: name, api: "openai-chat", baseURL: url, model: "m", apiKeyEnv: keyEnv)
    }

    static func runAll(
        _ providers: [ProviderConfiguration], environment: [String: String] = [:], transport: TransportKind = .default
    ) async throws -> (BenchRun.Report, String) {
        let dir = SimulatorRunTests.tempDir()
        let config = BenchConfiguration(
            providers: providers,
            // Generous limits: these tests are about failure records and secrets, not timing, and the
            // whole suite shares two cores with the HTML validator's JVM.
            workload: WorkloadConfiguration(arrival: .explicit(offsets: [0, 0.05]), seed: 1, maxTokens: 8, timeoutSeconds: 120,
                                            stallTimeoutSeconds: 60),
            resultsDirectory: dir, parallelProviders: false, transport: transport)
        return (try await BenchRun.execute(config, console: Console(quiet: true), environment: environment, trapSignals: false), dir)
    }

    @Test(arguments: [TransportKind.epoll, .nio])
    func theKeyNeverReachesResultsEvenWhenTheServerEchoesIt(_ transport: TransportKind) async throws {
        // A server that answers 401 with the request (headers included) echoed in its body.
        let echo = try RawHTTPServer { request in
            RawHTTPServer.response(status: "401 Unauthorized", body: "{\"error\": \"bad key in: \(request.replacingOccurrences(of: "\r\n", with: " | "))\"}")
        }
        defer { echo.stop() }
        let (report, dir) = try await Self.runAll(
            [Self.provider("echo", echo.baseURL, keyEnv: "BENCH_TEST_FAKE_KEY")], environment: ["BENCH_TEST_FAKE_KEY": Self.fakeKey],
            transport: transport)
        let file = try #require(report.results.first?.file)
        #expect(file.requests.count == 2)
        #expect(
            file.requests.allSatisfy { $0.error?.kind == .httpClient && $0.error?.status == 401 },
            "\(file.requests.map { "\($0.error?.kind.rawValue ?? "ok") \($0.error?.status ?? 0): \($0.error?.message.prefix(120) ?? "")" })")
        // The echo reached us (so the test can fail) and was scrubbed.
        #expect(file.requests.allSatisfy { $0.error!.message.contains("[redacted]") })
        let everything = report.summary + ResultFileEncoder.encode(file).map { String(UnicodeScalar($0)) }.joined()
            + (try HardeningTests.everythingWritten(under: dir))
        #expect(!everything.contains(Self.fakeKey))
        #expect(!everything.contains("SECRET-0123"))
    }

    @Test(arguments: [TransportKind.epoll, .nio])
    func truncatedStreamConnectFailureAndServerErrorBodies(_ transport: TransportKind) async throws {
        let truncating = try RawHTTPServer { _ in
            let body = "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n"
            return RawHTTPServer.response(status: "200 OK", headers: ["Content-Type: text/event-stream"], body: body)
        }
        defer { truncating.stop() }
        let limited = try RawHTTPServer { _ in
            RawHTTPServer.response(status: "429 Too Many Requests", headers: ["Retry-After: 12"], body: "{\"error\":\"slow\"}")
        }
        defer { limited.stop() }
        // A port nothing listens on: bind one, then close it.
        let closed = try RawHTTPServer { _ in [] }
        closed.stop()
        let (report, _) = try await Self.runAll([
            Self.provider("truncating", truncating.baseURL), Self.provider("limited", limited.baseURL),
            Self.provider("nobody", closed.baseURL),
        ], transport: transport)
        let byName = Dictionary(report.results.map { ($0.file.provider.name, $0.file) }, uniquingKeysWith: { a, _ in a })
        let t = try #require(byName["truncating"])
        #expect(t.requests.allSatisfy { $0.error?.kind == .truncated && $0.firstToken != nil && $0.chunkTimes.count == 1 })
        let l = try #require(byName["limited"])
        #expect(l.requests.allSatisfy { $0.error?.kind == .rateLimited && $0.error?.retryAfterSeconds == 12 })
        let n = try #require(byName["nobody"])
        #expect(n.requests.allSatisfy { $0.error?.kind == .connect }, "\(n.requests.map(\.error))")
        #expect(report.summary.contains("truncated 2"))
        #expect(report.summary.contains("rate_limited 2"))
    }

    @Test func retryAfterParsing() {
        #expect(FailureClassifier.retryAfterSeconds("30") == 30)
        #expect(FailureClassifier.retryAfterSeconds(nil) == nil)
        let now = Date(timeIntervalSince1970: 1_000_000_000)  // Sun, 09 Sep 2001 01:46:40 GMT
        #expect(FailureClassifier.retryAfterSeconds("Sun, 09 Sep 2001 01:47:40 GMT", now: now) == 60)
    }
}
