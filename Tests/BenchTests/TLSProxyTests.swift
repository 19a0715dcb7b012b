import Foundation
import ResultFormat
import Simulator
import Testing
@testable import Bench

/// bench over real TLS: the built-in simulator (in-process, plain HTTP) behind a real nginx that
/// terminates TLS with certificates made by `openssl` (`Support/`), and bench's client on
/// `https://127.0.0.1:<nginx port>` trusting the test CA through `ca_file`.
///
/// Needs `nginx` and `openssl` (scripts/install-deps.sh --test): skipped, with the reason shown,
/// when one is missing locally; never skipped in CI (`CI` set), where a missing one fails.
@Suite(
    .serialized, .tags(.slow),
    .enabled(
        if: ExternalTools.needed("nginx", "openssl"),
        "needs nginx and openssl (scripts/install-deps.sh --test installs them); in CI their absence is a failure"))
struct TLSProxyTests {
    /// Short streams: 8 tokens, one per chunk, 10 ms apart after 20 ms (far from the burst
    /// rule's 1 ms even on a busy machine, when nothing buffers them).
    static let short = SimulationProfile(
        name: "short", ttftMedianMs: 20, interTokenMs: 10, outputTokensMin: 8, outputTokensMax: 8)

    /// Runs `requests` requests one after another (closed loop, one in flight) through nginx
    /// with `certificate`, bench trusting `caFile`; returns the result file and nginx's access log.
    static func run(
        certificate: KeyPath<TestCertificates, TestCertificates.Pair>, caFile: Bool = true, buffering: Bool = false,
        requests: Int = 6
    ) async throws -> (file: ResultFile, access: [NginxTLSProxy.AccessLogEntry], port: Int) {
        let certs = try TestCertificates.make()
        defer { certs.remove() }
        let sim = try await SimulatedEndpoint.start(SimulatorConfiguration(port: 0, seed: 7, profiles: [short]))
        do {
            let result = try await NginxTLSProxy.with(
                upstreamPort: sim.port, certificate: certs[keyPath: certificate], buffering: buffering
            ) { proxy in
                var provider = ProviderConfiguration(
                    name: "tls-short", api: "openai-chat", baseURL: proxy.url("/short/v1"), model: "m", source: .simulated,
                    note: "test: simulator behind nginx with TLS")
                provider.caFile = caFile ? certs.ca : nil
                let config = BenchConfiguration(
                    providers: [provider],
                    workload: WorkloadConfiguration(
                        arrival: .explicit(offsets: Array(repeating: 0, count: requests)), seed: 1, maxTokens: 64, timeoutSeconds: 30,
                        stallTimeoutSeconds: 10, maxConcurrency: 1),
                    resultsDirectory: SimulatorRunTests.tempDir())
                let report = try await BenchRun.execute(config, console: Console(quiet: true), environment: [:], trapSignals: false)
                let file = try #require(report.results.first?.file)
                return (file, proxy.accessLog(), proxy.port)
            }
            await sim.shutdown()
            return result
        } catch {
            await sim.shutdown()
            throw error
        }
    }

    static func burstWarnings(_ file: ResultFile) -> [String] {
        (file.selfCheck?.warnings ?? []).filter { $0.contains("in one burst") }
    }

    @Test func streamsThroughNginxWithTheTestCAReuseOneTLSConnection() async throws {
        let (file, access, _) = try await Self.run(certificate: \.server, requests: 6)
        #expect(file.requests.count == 6)
        for r in file.requests {
            #expect(r.succeeded, "request \(r.id): \(String(describing: r.error))")
            #expect(r.outputTokens == 8)
            #expect(r.chunkTimes.count == 8)
        }
        #expect(file.tokenCount == .usage)
        // nginx saw the six requests on one connection, as its 1st to 6th request.
        #expect(access.count == 6, "\(access)")
        #expect(Set(access.map(\.connection)).count == 1, "\(access)")
        #expect(access.map(\.requestOnConnection) == Array(1...6), "\(access)")
        #expect(access.allSatisfy { $0.status == 200 && $0.uri.hasPrefix("/short/v1/") }, "\(access)")
        // Buffering off: tokens arrive as they are made, no burst warning.
        #expect(Self.burstWarnings(file).isEmpty, "\(file.selfCheck?.warnings ?? [])")
    }

    @Test func aBufferingProxyMakesTheSelfCheckWarn() async throws {
        let (file, _, _) = try await Self.run(certificate: \.server, buffering: true, requests: 6)
        #expect(file.requests.allSatisfy { $0.succeeded && $0.outputTokens == 8 })
        let warnings = Self.burstWarnings(file)
        #expect(warnings.count == 1, "\(file.selfCheck?.warnings ?? [])")
        #expect(warnings.first?.hasPrefix("6 of 6 streams delivered all their tokens in one burst") == true, "\(warnings)")
        #expect(file.selfCheck?.isSuspect == true)
    }

    @Test func anExpiredCertificateFailsToConnectAndSaysExpired() async throws {
        let (file, _, port) = try await Self.run(certificate: \.expired, requests: 2)
        try Self.expectConnectFailures(
            file, "TLS: certificate expired (not valid after 2020-01-02T00:00:00Z) for 127.0.0.1:\(port)")
    }

    @Test func aCertificateForAnotherHostFailsToConnectAndSaysSo() async throws {
        let (file, _, port) = try await Self.run(certificate: \.wrongHost, requests: 2)
        try Self.expectConnectFailures(file, "TLS: certificate does not match host name 127.0.0.1 (127.0.0.1:\(port))")
    }

    @Test func aCertificateFromAnUntrustedCAFailsToConnectAndSaysSo() async throws {
        let (file, _, port) = try await Self.run(certificate: \.untrusted, requests: 2)
        try Self.expectConnectFailures(file, "TLS: certificate is not trusted (unknown issuer) for 127.0.0.1:\(port)")
    }

    @Test func withoutCAFileTheTestCAIsNotTrusted() async throws {
        let (file, _, port) = try await Self.run(certificate: \.server, caFile: false, requests: 2)
        try Self.expectConnectFailures(file, "TLS: certificate is not trusted (unknown issuer) for 127.0.0.1:\(port)")
    }

    static func expectConnectFailures(_ file: ResultFile, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(file.requests.count == 2, sourceLocation: sourceLocation)
        for r in file.requests {
            let error = try #require(r.error, "request \(r.id) succeeded", sourceLocation: sourceLocation)
            #expect(error.kind == .connect, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message == message, sourceLocation: sourceLocation)
        }
    }
}

/// `ca_file` in the YAML config: checked at load, errors naming the field.
@Suite struct CAFileConfigurationTests {
    static func yaml(caFile: String) -> String {
        """
        providers:
          - name: p
            base_url: https://127.0.0.1:8443/v1
            model: m
            ca_file: \(caFile)
        """
    }

    @Test(.enabled(if: ExternalTools.needed("openssl"), "needs openssl (scripts/install-deps.sh --test installs it)"))
    func aPEMFileOfCertificatesIsAccepted() throws {
        let certs = try TestCertificates.make()
        defer { certs.remove() }
        let config = try ConfigurationLoader.parse(yaml: Self.yaml(caFile: certs.ca))
        #expect(config.providers.first?.caFile == certs.ca)
        let without = Self.yaml(caFile: certs.ca).split(separator: "\n").filter { !$0.contains("ca_file") }.joined(separator: "\n")
        #expect(try ConfigurationLoader.parse(yaml: without).providers.first?.caFile == nil)
    }

    @Test func aMissingOrNonPEMFileIsAConfigurationErrorNamingTheField() throws {
        let missing = "/nonexistent/bench-ca-\(UUID().uuidString).pem"
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.parse(yaml: Self.yaml(caFile: missing)) }
        do {
            _ = try ConfigurationLoader.parse(yaml: Self.yaml(caFile: missing), file: "c.yaml")
            Issue.record("a missing ca_file was accepted")
        } catch {
            #expect(error.field == "providers[0].ca_file")
            #expect("\(error)".contains("providers[0].ca_file"), "\(error)")
            #expect("\(error)".contains("cannot read"), "\(error)")
        }
        let notPEM = NSTemporaryDirectory() + "bench-not-pem-\(UUID().uuidString).pem"
        try "not a certificate\n".write(toFile: notPEM, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: notPEM) }
        do {
            _ = try ConfigurationLoader.parse(yaml: Self.yaml(caFile: notPEM))
            Issue.record("a file without certificates was accepted")
        } catch {
            #expect(error.field == "providers[0].ca_file")
            #expect(error.message.contains("not a PEM file of certificates"), "\(error)")
        }
    }
}
