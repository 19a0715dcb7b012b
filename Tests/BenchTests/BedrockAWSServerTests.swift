import TestSupport
import Foundation
import ResultFormat
import Testing
@testable import Bench

/// Bench's Bedrock ConverseStream path (SigV4 signing, request body, event-stream decoding)
/// against `Tests/Servers/bedrock_converse_stream_server.py`, a server built on AWS's own code:
/// botocore re-signs every request and checks the body against bedrock-runtime's service model;
/// every event-stream message it sends was encoded byte for byte as awscrt encodes it and read
/// back by botocore's decoder (see the server's header comment).
///
/// Needs python3 with `awscrt` and `botocore` (`scripts/install-deps.sh --test` installs them).
/// Without them the tests are skipped locally, and fail under CI (the `CI` variable set).
@Suite(.serialized, .tags(.slow)) struct BedrockAWSServerTests {
    static let accessKeyID = "AKIDBENCHTEST0000001"
    static let secret = "bench-test-SECRET-wJalrXUtnFEMI/K7MDENG+bPxRfiCY"
    static let model = "anthropic.claude-3-5-haiku-20241022-v1:0"  // ':' travels as %3A and is signed as %253A
    static let region = "eu-west-3"

    static let serverScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Servers/bedrock_converse_stream_server.py").path

    /// nil when python3, awscrt and botocore are there; else why not. Evaluated once, when the
    /// tests are planned (a short blocking wait for `python3 -c import`, before any test runs).
    static let missing: String? = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import awscrt.eventstream.rpc, botocore.eventstream"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return "python3 cannot be started: \(error)" }
        p.waitUntilExit()
        return p.terminationStatus == 0
            ? nil : "python3 with the awscrt and botocore modules is needed (scripts/install-deps.sh --test installs them)"
    }()
    static let inCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false
    /// Run when the server can start, or under CI (where a missing module must fail, not skip).
    static var runnable: Bool { missing == nil || inCI }
    static var skipReason: Comment { Comment(rawValue: missing ?? "") }

    /// False (after recording an issue) when the server cannot run.
    static func requireServer() -> Bool {
        if let missing {
            Issue.record("CI: \(missing); the Bedrock test against AWS's code must not be skipped in CI")
            return false
        }
        return true
    }

    /// The Python server, started for one test.
    final class Server {
        let process: Process
        let stdin: Pipe
        let port: Int
        let logPath: String
        let errPath: String

        init(fault: String = "none", sessionToken: String? = nil, dir: String) async throws {
            logPath = dir + "/served.jsonl"
            errPath = dir + "/server.err"
            _ = FileManager.default.createFile(atPath: errPath, contents: nil)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", BedrockAWSServerTests.serverScript, "--fault", fault, "--log", logPath, "--delay-ms", "5-20"]
            var env = ProcessInfo.processInfo.environment
            env["AWS_ACCESS_KEY_ID"] = BedrockAWSServerTests.accessKeyID
            env["AWS_SECRET_ACCESS_KEY"] = BedrockAWSServerTests.secret
            env["AWS_SESSION_TOKEN"] = sessionToken ?? ""
            p.environment = env
            let out = Pipe()
            stdin = Pipe()
            p.standardOutput = out
            p.standardInput = stdin
            p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
            try p.run()
            process = p
            // The first line, read on a Dispatch thread (a blocking read must not hold a cooperative thread).
            let line = await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
                DispatchQueue.global().async {
                    var bytes: [UInt8] = []
                    while !bytes.contains(UInt8(ascii: "\n")) {
                        let data = out.fileHandleForReading.availableData
                        if data.isEmpty { break }
                        bytes += data
                    }
                    continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
                }
            }
            guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5).prefix { $0.isNumber }) else {
                p.terminate()
                await p.exited()
                let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
                throw ServerFailed(description: "the Bedrock test server did not start: \(line) \(err.suffix(3000))")
            }
            self.port = port
        }

        var baseURL: String { "http://127.0.0.1:\(port)" }

        /// Closing stdin ends the server (SIGTERM too, in case it is stuck).
        func stop() async {
            try? stdin.fileHandleForWriting.close()
            if process.isRunning { process.terminate() }
            await process.exited()
        }

        /// The server's JSON line per request (what it checked and sent), in the order served.
        func served() throws -> [[String: Any]] {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            return try text.split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
            }
        }

        var stderr: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
    }

    struct ServerFailed: Error, CustomStringConvertible { var description: String }

    static func run(
        _ server: Server, name: String, offsets: [Double], maxTokens: Int, transport: TransportKind, secret: String = secret,
        sessionToken: String? = nil, dir: String
    ) async throws -> ResultFile {
        let provider = ProviderConfiguration(
            name: name, api: "bedrock-converse-stream", baseURL: server.baseURL, model: model, awsRegion: region, source: .simulated,
            note: "test server checked with botocore and awscrt")
        let config = BenchConfiguration(
            providers: [provider],
            workload: WorkloadConfiguration(arrival: .explicit(offsets: offsets), seed: 3, maxTokens: maxTokens, timeoutSeconds: 60,
                                            stallTimeoutSeconds: 30),
            resultsDirectory: dir, parallelProviders: false, transport: transport)
        var environment = ["AWS_ACCESS_KEY_ID": accessKeyID, "AWS_SECRET_ACCESS_KEY": secret]
        if let sessionToken { environment["AWS_SESSION_TOKEN"] = sessionToken }
        let report = try await BenchRun.execute(config, console: Console(quiet: true), environment: environment, trapSignals: false)
        return try #require(report.results.first?.file)
    }

    static func describe(_ r: RequestRecord) -> String {
        "#\(r.id) \(r.error.map { "\($0.kind.rawValue) \($0.status ?? 0) \($0.message)" } ?? "ok") tokens \(r.outputTokens) chunks \(r.chunkTimes.count)"
    }

    @Test(.enabled(if: runnable, skipReason), arguments: [TransportKind.epoll, .nio])
    func everyRequestIsAcceptedAndDecodedAsAWSSentIt(_ transport: TransportKind) async throws {
        guard Self.requireServer() else { return }
        let dir = SimulatorRunTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try await Server(dir: dir)
        // max_tokens 30: the server answers 24 tokens in 14 deltas of 1–3 words, end_turn. Requests
        // overlap (several streams at once) and follow each other (keep-alive reuse).
        let file = try await Self.run(
            server, name: "bedrock-aws", offsets: [0, 0.01, 0.02, 0.2, 0.6, 0.61], maxTokens: 30, transport: transport, dir: dir)
        await server.stop()
        let served = try server.served()
        #expect(file.requests.count == 6)
        #expect(file.tokenCount == .usage)
        // Every request reached the server, passed botocore's signature and body checks and was
        // answered in full; all are alike (same max_tokens), so each record is compared with each line.
        #expect(served.count == 6, "\(served)")
        for log in served {
            #expect(log["signature_ok"] as? Bool == true && log["status"] == nil, "\(log)")
            #expect(log["model_id"] as? String == Self.model)
            #expect(log["region"] as? String == Self.region)
            #expect(log["max_tokens"] as? Int == 30)
            #expect(log["stop_reason"] as? String == "end_turn")
            #expect(log["output_tokens"] as? Int == 24 && log["sent_deltas"] as? Int == 14, "\(log)")
        }
        for r in file.requests {
            #expect(r.succeeded, "\(Self.describe(r)); server: \(server.stderr.suffix(2000))")
            guard r.succeeded else { continue }
            // Output tokens from the server's usage; one chunk per delta sent (deltas != tokens here).
            #expect(r.outputTokens == 24 && r.chunkTimes.count == 14, "\(Self.describe(r))")
            // Times ordered: sent ≤ first token = first chunk ≤ … ≤ last chunk ≤ end.
            let first = try #require(r.firstToken)
            #expect(r.sent <= first && first == r.chunkTimes.first && r.chunkTimes.last! <= r.end)
            #expect(zip(r.chunkTimes, r.chunkTimes.dropFirst()).allSatisfy { $0 <= $1 })
            // The server paused 5–20 ms before each event: 15 pauses lie between the first delta and
            // the metadata event (at least 75 ms). Half of that is a loose bound on a busy machine.
            #expect(r.end - first >= 32_000, "first token → end \(r.end - first) µs: the events did not arrive over time")
        }
    }

    @Test(.enabled(if: runnable, skipReason))
    func aSessionTokenIsSignedAsBotocoreSignsIt() async throws {
        guard Self.requireServer() else { return }
        let dir = SimulatorRunTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let token = "FwoGZXIvYXdzEBQaDBENCHTEST+session/token=="
        let server = try await Server(sessionToken: token, dir: dir)
        // max_tokens 10 (< 24): the server stops at 10 tokens with stopReason max_tokens.
        let file = try await Self.run(
            server, name: "bedrock-token", offsets: [0], maxTokens: 10, transport: .epoll, sessionToken: token, dir: dir)
        await server.stop()
        let r = try #require(file.requests.first)
        #expect(r.succeeded && r.outputTokens == 10, "\(Self.describe(r)); server: \(server.stderr.suffix(2000))")
        let log = try #require(try server.served().first)
        #expect((log["signed_headers"] as? [String])?.contains("x-amz-security-token") == true)
        #expect(log["stop_reason"] as? String == "max_tokens")
    }

    @Test(.enabled(if: runnable, skipReason), arguments: [TransportKind.epoll, .nio])
    func aWrongSecretIsA403ThatNeverNamesTheSecret(_ transport: TransportKind) async throws {
        guard Self.requireServer() else { return }
        let dir = SimulatorRunTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try await Server(dir: dir)
        let wrong = "bench-test-WRONG-secret-0123456789abcdefgh"
        let file = try await Self.run(
            server, name: "bedrock-wrong", offsets: [0, 0.05], maxTokens: 30, transport: transport, secret: wrong, dir: dir)
        await server.stop()
        #expect(file.requests.count == 2)
        for r in file.requests {
            #expect(r.error?.kind == .httpClient && r.error?.status == 403, "\(Self.describe(r))")
            #expect(r.error?.message.contains("signature we calculated does not match") == true, "\(Self.describe(r))")
            #expect(r.error?.message.contains(wrong) == false)
            #expect(r.error?.message.contains(Self.secret) == false)
        }
        let encoded = String(decoding: ResultFileEncoder.encode(file), as: UTF8.self)
        #expect(!encoded.contains(wrong) && !encoded.contains("WRONG-secret"))
        #expect(try server.served().allSatisfy { $0["error_type"] as? String == "InvalidSignatureException" })
    }

    @Test(.enabled(if: runnable, skipReason), arguments: [TransportKind.epoll, .nio])
    func anExceptionEventMidStreamIsMalformedAndNamed(_ transport: TransportKind) async throws {
        guard Self.requireServer() else { return }
        let dir = SimulatorRunTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try await Server(fault: "exception", dir: dir)
        let file = try await Self.run(server, name: "bedrock-throttled", offsets: [0, 0.05], maxTokens: 30, transport: transport, dir: dir)
        await server.stop()
        for r in file.requests {
            #expect(r.error?.kind == .malformed, "\(Self.describe(r)); server: \(server.stderr.suffix(2000))")
            #expect(r.error?.message.contains("throttlingException") == true, "\(Self.describe(r))")
            #expect(r.error?.message.contains("Too many requests") == true, "\(Self.describe(r))")
            #expect(r.chunkTimes.count == 7, "the deltas before the exception are kept: \(Self.describe(r))")
        }
    }

    @Test(.enabled(if: runnable, skipReason), arguments: [TransportKind.epoll, .nio])
    func aStreamCutInsideAFrameIsAFailureNotACrash(_ transport: TransportKind) async throws {
        guard Self.requireServer() else { return }
        let dir = SimulatorRunTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try await Server(fault: "cut", dir: dir)
        let file = try await Self.run(server, name: "bedrock-cut", offsets: [0, 0.05], maxTokens: 30, transport: transport, dir: dir)
        await server.stop()
        #expect(file.requests.count == 2)
        for r in file.requests {
            #expect(r.error?.kind == .truncated || r.error?.kind == .reset, "\(Self.describe(r)); server: \(server.stderr.suffix(2000))")
            #expect(r.chunkTimes.count == 7, "the deltas before the cut are kept: \(Self.describe(r))")
        }
    }
}
