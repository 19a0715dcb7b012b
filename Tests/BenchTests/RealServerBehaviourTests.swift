import TestSupport
import Foundation
import NIOConcurrencyHelpers
import ResultFormat
import Testing
@testable import Bench

/// Behaviours met on real OpenAI-compatible servers, scripted byte for byte: each one was
/// recorded wrongly before (a cut-short stream as a success, an empty completion that made
/// `sitegen` refuse the folder, an empty 200 with a misleading message, a 400 for a request id
/// that is not a UUID).
@Suite struct RealServerBehaviourTests {
    static let head = ScriptedResponses.chunkedHead
    static func body(_ events: String...) -> String {
        head + events.map { ScriptedResponses.chunk($0) }.joined() + "0\r\n\r\n"
    }
    static let roleOnly = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":null}]}\n\n"
    static func finish(_ reason: String) -> String {
        "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"\(reason)\"}]}\n\n"
    }
    static func usageOnly(_ n: Int) -> String { "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":\(n)}}\n\n" }
    static let e = ScriptedResponses.event
    static let done = ScriptedResponses.done

    static let scripts: [(String, String)] = [
        // `[DONE]` with no finish reason, far fewer tokens than asked: the server cut it short.
        ("early-done", body(e("a"), e("b"), done)),
        // Finish reason, then nothing generated.
        ("empty-stop", body(roleOnly, finish("stop"), usageOnly(0), done)),
        ("empty-filtered", body(roleOnly, finish("content_filter"), done)),
        ("empty-200", head + "0\r\n\r\n"),
        // A role-only first chunk and a usage-only last chunk with empty choices: a success.
        ("role-and-usage", body(roleOnly, e("a"), e("b"), finish("length"), usageOnly(2), done)),
        // Events after the end marker are not tokens.
        ("after-done", body(e("a"), finish("stop"), done, e("b"), e("c"))),
        // A usage count no real server sends (2^63 − 1).
        ("huge-usage", body(e("a"), finish("stop"), usageOnly(Int(Int64.max)), done)),
    ]

    @Test(arguments: [TransportKind.epoll, .nio])
    func recordedAsWhatTheyAre(_ transport: TransportKind) async throws {
        let servers = try Self.scripts.map { name, text in (name, try ScriptedHTTPServer { _ in [.write(text)] }) }
        defer { for s in servers { s.1.stop() } }
        let files = try await EpollTransportTests.run(servers.map { ($0.0, $0.1.baseURL) }, transport: transport)
        func record(_ name: String) throws -> RequestRecord { try #require(files[name]?.requests.first, "\(name)") }

        let early = try record("early-done")
        #expect(early.error?.kind == .truncated)
        #expect(early.error?.message == "the stream ended (data: [DONE]) without a finish reason after 2 tokens")
        #expect(early.chunkTimes.count == 2, "the tokens that came are kept")

        for name in ["empty-stop", "empty-filtered"] {
            let r = try record(name)
            #expect(r.error?.kind == .empty, "\(name): \(String(describing: r.error))")
            #expect(r.firstToken == nil && r.outputTokens == 0)
        }
        #expect(try record("empty-filtered").error?.message == "the server finished (reason: content_filter) without generating any text")

        let empty200 = try record("empty-200")
        #expect(empty200.error?.kind == .truncated)
        #expect(empty200.error?.message == "HTTP 200 with an empty body: the server sent no events")

        let ok = try record("role-and-usage")
        #expect(ok.succeeded, "\(String(describing: ok.error))")
        #expect(ok.outputTokens == 2 && ok.chunkTimes.count == 2)
        #expect(files["role-and-usage"]?.tokenCount == .usage)

        let after = try record("after-done")
        #expect(after.succeeded && after.chunkTimes.count == 1 && after.outputTokens == 1, "\(after)")

        let huge = try record("huge-usage")
        #expect(huge.error?.kind == .malformed)
        #expect(huge.error?.message == "the usage report gives 9223372036854775807 output tokens, outside 0...2^31-1")

        // Every such file is one `sitegen` reads back (the empty completions included).
        for (_, file) in files {
            let bytes = ResultFileEncoder.encode(file)
            #expect(try ResultFileDecoder.decode(bytes, path: "x") == file)
        }
    }

    /// A server that refuses any `X-Request-Id` that is not a UUID (with an empty 400, as one
    /// real server does) accepts the bench's ids.
    @Test func aServerThatWantsUUIDRequestIDsAcceptsThem() async throws {
        let seen = NIOLockedValueBox<[String]>([])
        let server = try ScriptedHTTPServer { _, head in
            let id = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("x-request-id:") }
                .map { $0.dropFirst("x-request-id:".count).trimmingCharacters(in: .whitespaces) } ?? ""
            seen.withLockedValue { $0.append(id) }
            guard UUID(uuidString: id) != nil else { return [.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")] }
            return [.write(ScriptedResponses.contentLength)]
        }
        defer { server.stop() }
        let files = try await EpollTransportTests.run([("uuid", server.baseURL)], transport: .epoll, offsets: [0, 0.05])
        let file = try #require(files["uuid"])
        let allOK = file.requests.allSatisfy { $0.succeeded }
        #expect(allOK, "\(file.requests.map { String(describing: $0.error) })")
        let ids = seen.withLockedValue { $0 }
        #expect(ids.count == 2 && Set(ids).count == 2, "\(ids)")
    }
}
