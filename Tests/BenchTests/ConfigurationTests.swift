import Foundation
import ResultFormat
import Testing
@testable import Bench

@Suite struct ConfigurationTests {
    static var examplesDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples").path
    }

    @Test func theShippedExamplesParse() throws {
        let c = try ConfigurationLoader.load(path: Self.examplesDirectory + "/bench.yaml")
        #expect(c.providers.count == 5)
        #expect(c.workload == WorkloadConfiguration())  // the example spells out the defaults
        #expect(c.providers[0].apiKeyEnv == "OPENAI_API_KEY")
        #expect(c.providers[3].api == "bedrock-converse-stream")
        #expect(c.providers[3].awsRegion == "us-east-1")
        #expect(c.providers[4].headers == ["X-Client": "llm-leaderboard"])
        #expect(c.providers[4].body == ["repetition_penalty": .double(1.0)])
        let local = try ConfigurationLoader.load(path: Self.examplesDirectory + "/local-openai.yaml")
        #expect(local.providers.map(\.baseURL) == ["http://127.0.0.1:8080/v1"])
        #expect(local.workload.arrival == .constant(rate: 5, duration: 20))
    }

    @Test func everyArrivalKindParses() throws {
        func arrival(_ yaml: String) throws -> ArrivalSchedule {
            try ConfigurationLoader.parse(yaml: """
                workload:
                  arrival: \(yaml)
                providers: [{name: a, base_url: "http://x", model: m}]
                """).workload.arrival
        }
        #expect(try arrival("{kind: constant, rate: 3, duration_s: 4}") == .constant(rate: 3, duration: 4))
        #expect(try arrival("{kind: poisson, rate: 3, duration_s: 4}") == .poisson(rate: 3, duration: 4))
        #expect(try arrival("{kind: linear_ramp, from_rate: 1, to_rate: 5, duration_s: 4}") == .linearRamp(from: 1, to: 5, duration: 4))
        #expect(try arrival("{kind: exponential_ramp, from_rate: 1, to_rate: 5, duration_s: 4}")
            == .exponentialRamp(from: 1, to: 5, duration: 4))
        #expect(try arrival("{kind: explicit, offsets_s: [0, 1.5, 3]}") == .explicit(offsets: [0, 1.5, 3]))
    }

    @Test func errorsNameTheFileAndField() {
        func error(_ yaml: String) -> ConfigurationError? {
            do {
                _ = try ConfigurationLoader.parse(yaml: yaml, file: "c.yaml")
                return nil
            } catch { return error }
        }
        let typo = error("workload: {temprature: 1}\nproviders: [{name: a, base_url: 'http://x', model: m}]")
        #expect(typo?.field == "workload.temprature")
        #expect(typo?.file == "c.yaml")
        #expect(error("providers: [{name: a, base_url: 'ftp://x', model: m}]")?.field == "providers[0].base_url")
        #expect(error("providers: [{name: a, api: grpc, base_url: 'http://x', model: m}]")?.field == "providers[0].api")
        #expect(error("providers: [{name: a, base_url: 'http://x'}]")?.field == "providers[0].model")
        #expect(error("providers: [{name: a, base_url: 'http://x', model: m}, {name: A, base_url: 'http://y', model: m}]")?.field
            == "providers[1].name")
        // A key pasted into a header is refused: keys belong in the environment.
        #expect(error("providers: [{name: a, base_url: 'http://x', model: m, headers: {Authorization: 'Bearer sk'}}]")?.field
            == "providers[0].headers.Authorization")
        #expect(error("workload: {arrival: {kind: weekly}}\nproviders: [{name: a, base_url: 'http://x', model: m}]")?.field
            == "workload.arrival.kind")
    }

    /// Found by the `config` fuzz target: a body field set to null trapped the loader (a force
    /// unwrap of the null-filtered node). Null is kept: the request then leaves the field out.
    @Test func nullBodyFieldIsKept() throws {
        for yaml in ["{stop: null, seed: 1}", "{stop: ~, seed: 1}", "{stop: , seed: 1}"] {
            let c = try ConfigurationLoader.parse(yaml: "providers: [{name: a, base_url: 'http://x', model: m, body: \(yaml)}]")
            #expect(c.providers[0].body == ["stop": .null, "seed": .int(1)], "\(yaml)")
        }
    }

    @Test func providerSelectionAndMissingKey() throws {
        let c = try ConfigurationLoader.parse(yaml: """
            providers:
              - {name: One, base_url: "http://a", model: m, api_key_env: BENCH_TEST_KEY_ONE}
              - {name: Two, base_url: "http://b", model: m}
            """)
        #expect(try c.selecting(["two"]).providers.map(\.name) == ["Two"])
        #expect(throws: ConfigurationError.self) { try c.selecting(["three"]) }
        do {
            _ = try ResolvedProvider.resolve(c.providers[0], environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("BENCH_TEST_KEY_ONE"))
        }
        let resolved = try ResolvedProvider.resolve(c.providers[0], environment: ["BENCH_TEST_KEY_ONE": "sk-" + "test-SECRET-0123456789abcdef"])
        #expect(resolved.secrets == ["sk-" + "test-SECRET-0123456789abcdef"])
    }

    @Test func redaction() {
        #expect(Redaction.redactURL("https://user:pw@host:8443/v1?key=abc") == "https://host:8443/v1")
        #expect(Redaction.scrub("bad key " + "sk-" + "test-SECRET-0123456789abcdef!", secrets: ["sk-" + "test-SECRET-0123456789abcdef"])
            == "bad key [redacted]!")
    }
}

@Suite struct RequestIDHeaderConfigurationTests {
    static func header(_ value: String?) throws -> String? {
        let line = value.map { ", request_id_header: \($0)" } ?? ""
        return try ConfigurationLoader.parse(yaml: "providers: [{name: a, base_url: 'http://x', model: m\(line)}]").providers[0].requestIDHeader
    }

    @Test func defaultRenamedOrDropped() throws {
        #expect(try Self.header(nil) == "X-Request-Id")
        #expect(try Self.header("X-Correlation-Id") == "X-Correlation-Id")
        #expect(try Self.header("none") == nil)
        #expect(try Self.header("''") == nil)
        #expect(try Self.header("null") == nil)
    }

    @Test func notAHeaderName() {
        #expect(throws: ConfigurationError.self) { try Self.header("'X Request'") }
        #expect(throws: ConfigurationError.self) { try Self.header("'X:Id'") }
    }
}
