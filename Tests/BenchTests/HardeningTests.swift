import TestSupport
import Foundation
import ResultFormat
@testable import StreamProtocols
import Testing
@testable import Bench

/// What a hostile or broken server sends, and what a careless configuration holds, is recorded
/// as a failed request with a short, secret-free message, within bounded memory.
@Suite(.serialized) struct HardeningTests {
    static let headerKey = "azure-" + "KEY-abcdef0123456789"

    /// Azure OpenAI's way: the key in an `api-key` header. The server echoes it in upper case, in
    /// lower case, JSON-escaped character by character and percent-encoded: none reaches a file.
    @Test(arguments: [TransportKind.epoll, .nio])
    func aKeyInAnExtraHeaderIsScrubbedInEveryEchoedForm(_ transport: TransportKind) async throws {
        let key = Self.headerKey
        let escaped = key.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined()
        let slashed = "a/b-" + key  // a form with a JSON-escaped slash
        let echo = try RawHTTPServer { _ in
            RawHTTPServer.response(
                status: "401 Unauthorized",
                body: "{\"error\": \"\(key.uppercased()) | \(key.lowercased()) | \(escaped) | \(slashed.replacingOccurrences(of: "/", with: "\\/")) | \(key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)\"}")
        }
        defer { echo.stop() }
        var provider = FailureAndSecretTests.provider("azure", echo.baseURL)
        provider.headers = ["api-key": key]
        let (report, dir) = try await FailureAndSecretTests.runAll([provider], transport: transport)
        let file = try #require(report.results.first?.file)
        #expect(file.requests.allSatisfy { $0.error?.status == 401 })
        #expect(file.requests.allSatisfy { $0.error!.message.components(separatedBy: "[redacted]").count >= 5 }, "\(file.requests.map { $0.error!.message })")
        let everything = try Self.everythingWritten(under: dir) + report.summary
        for form in ["KEY-abcdef0123456789", "key-abcdef0123456789", "abcdef0123456789", "\\u0061\\u007a"] {
            #expect(!everything.lowercased().contains(form.lowercased()), "\(form) leaked")
        }
    }

    @Test func scrubbingMatchesEveryFormAndKeepsTheRest() {
        let secret = "Sk-Secret/Value+42"
        let text = "a \(secret.uppercased()) b \(secret.replacingOccurrences(of: "/", with: "\\/")) c \(secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!) d \\u0053k-Secret\\/Value+42 e"
        let out = Redaction.scrub(text, secrets: [secret])
        #expect(out == "a [redacted] b [redacted] c [redacted] d [redacted] e")
        // Hidden formatting characters become spaces; the excerpt is cut.
        #expect(Redaction.scrub("x\u{202E}y\u{7}z", secrets: []) == "x y z")
        #expect(Redaction.scrub(String(repeating: "a", count: 500), secrets: [], limit: 240).count == 241)
    }

    @Test func everyConfiguredHeaderValueIsASecret() throws {
        var p = FailureAndSecretTests.provider("p", "http://127.0.0.1:1/v1")
        p.headers = ["api-key": "header-secret-1", "X-Other": "other-value"]
        let resolved = try ResolvedProvider.resolve(p, environment: [:])
        #expect(resolved.secrets.contains("header-secret-1"))
        #expect(resolved.secrets.contains("other-value"))
    }

    /// A line that never ends grew until the timeout (1.6 GB in 15 s): it is cut at 1 MiB.
    @Test func anEndlessEventStreamLineIsAMalformedStream() throws {
        var decoder = StreamDecoder(api: .openAIChat)
        let piece = [UInt8]("data: ".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 64 << 10)
        var thrown: StreamProtocolError?
        for _ in 0..<40 {
            do { _ = try decoder.feed(piece) } catch {
                thrown = error
                break
            }
        }
        let e = try #require(thrown)
        #expect(e.kind == .frameTooLarge)
        #expect(e.message.contains("longer than 1 MiB"))
        // Many short events are fine.
        var ok = StreamDecoder(api: .openAIChat)
        let events = [UInt8](String(repeating: ": keep-alive\n\n", count: 200_000).utf8)
        #expect(throws: Never.self) { _ = try ok.feed(events) }
    }

    @Test func aResponseOverTheLimitEndsTheStream() throws {
        var capture = StreamCapture(decoder: StreamDecoder(api: .openAIChat), deadlineMicros: .max)
        capture.head(status: 200, retryAfter: nil)
        let comments = [UInt8](String(repeating: ":", count: 1023).utf8) + [0x0A]
        let block = [UInt8]((0..<1024).flatMap { _ in comments })  // 1 MiB of comment lines
        var stopped = false
        for _ in 0...(StreamDecoder.maxResponseBytes >> 20) {
            if block.withUnsafeBytes({ capture.body($0, at: 1) }) == nil {
                stopped = true
                break
            }
        }
        #expect(stopped)
        #expect(capture.decodeError?.message.contains("larger than 128 MiB") == true)
    }

    /// `https://host/openai/deployments/x?api-version=...` became `...?api-version=.../chat/completions`.
    @Test func aBaseURLWithAQueryKeepsItAfterThePath() throws {
        let url = try RequestBuilder.endpoint(
            "https://r.openai.azure.com/openai/deployments/gpt/?api-version=2024-10-21#frag", default: nil, path: "/chat/completions")
        #expect(url == "https://r.openai.azure.com/openai/deployments/gpt/chat/completions?api-version=2024-10-21")
        #expect(try RequestBuilder.endpoint("http://h:1/v1/", default: nil, path: "/messages") == "http://h:1/v1/messages")
        #expect(try RequestBuilder.endpoint("http://h:1/v1?", default: nil, path: "/messages") == "http://h:1/v1/messages")
    }

    static func everythingWritten(under dir: String) throws -> String {
        var everything = ""
        let enumerator = FileManager.default.enumerator(atPath: dir)!
        for case let name as String in enumerator {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isDir), !isDir.boolValue else { continue }
            let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)))
            everything += String(decoding: Gzip.isCompressed(data) ? try Gzip.decompress(data) : data, as: UTF8.self)
        }
        return everything
    }
}
