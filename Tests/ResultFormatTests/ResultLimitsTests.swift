import TestSupport
import Foundation
import Testing

@testable import ResultFormat

/// What a reader spends is bounded by the amount of data, never by one value in a file: each
/// limit of `ResultLimits` refuses with the file and the field, and a raised limit admits.
@Suite struct ResultLimitsTests {
    /// Decodes `text` (optionally gzipped) with `limits`, both through the fast request reader and
    /// through the JSON tree, which must agree.
    func decodeBothWays(_ bytes: [UInt8], limits: ResultLimits = .standard) -> [Result<ResultFile, ResultFileError>] {
        [true, false].map { direct in
            Result { () throws(ResultFileError) in
                try ResultFileDecoder.decode(bytes, path: "results/r/x.json", limits: limits, readingRequestsDirectly: direct)
            }
        }
    }

    func failures(_ bytes: [UInt8], limits: ResultLimits = .standard) throws -> [ResultFileError] {
        try decodeBothWays(bytes, limits: limits).map { result in
            guard case .failure(let e) = result else {
                Issue.record("expected a failure")
                throw CancellationError()
            }
            return e
        }
    }

    @Test func aGzipBombIsRefusedAtTheInflatedLimit() throws {
        // 3 MiB of one byte compresses to a few KiB; the limit is 1 MiB.
        let bomb = try Gzip.compress([UInt8](repeating: 0x20, count: 3 << 20))
        #expect(bomb.count < 20_000)
        let limits = ResultLimits(maxFileBytes: 1 << 20)
        for e in try failures(bomb, limits: limits) {
            #expect(e.description.contains("inflates to more than 1 MiB"), "\(e)")
        }
        // Exactly at the limit still inflates (and then fails for being blank, not for size).
        let atLimit = try Gzip.compress([UInt8](repeating: 0x20, count: 1 << 20))
        for e in try failures(atLimit, limits: limits) { #expect(!e.description.contains("inflates"), "\(e)") }
    }

    @Test func bytesAfterTheGzipDataAreRefused() throws {
        let good = try Gzip.compress(Array(try fixtureText("valid.json").utf8))
        #expect(decodeBothWays(good).allSatisfy { (try? $0.get()) != nil })
        for e in try failures(good + Array("garbage".utf8)) {
            #expect(e.description.contains("7 bytes after the end of the compressed data"), "\(e)")
        }
    }

    @Test func aFileOverTheSizeLimitIsNotRead() throws {
        let dir = try TemporaryFolder.make("limits")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/x.json"
        try Data(([UInt8](repeating: 0x20, count: (1 << 20) + 1))).write(to: URL(fileURLWithPath: path))
        #expect(throws: ResultFileError.self) { try ResultStore.readBytes(path: path, limits: ResultLimits(maxFileBytes: 1 << 20)) }
        do { _ = try ResultStore.read(path: path, limits: ResultLimits(maxFileBytes: 1 << 20)) } catch {
            #expect(error.description == "\(path): cannot read: the file is larger than the limit of 1 MiB (sitegen --max-file-mb raises it)")
        }
    }

    /// A FIFO named like a result file made `sitegen` wait forever for a writer.
    @Test func aFIFONamedLikeAResultFileIsRefusedAtOnce() throws {
        let dir = try TemporaryFolder.make("limits")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/r1", withIntermediateDirectories: true)
        #expect(mkfifo(dir + "/r1/x.json", 0o644) == 0)
        // On a thread of its own, so that a regression fails the test instead of hanging the suite.
        let done = DispatchSemaphore(value: 0)
        let outcome = LockedBox<String?>(nil)
        Thread.detachNewThread {
            do { _ = try ResultStore.loadRun("r1", in: dir) } catch { outcome.value = "\(error)" }
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 10) == .success, "reading a FIFO blocked")
        #expect(outcome.value == "\(dir)/r1/x.json: cannot read: not a regular file")
    }

    @Test func invalidUTF8IsRefusedInEveryString() throws {
        let text = try fixtureText("valid.json")
        for (old, field) in [
            ("\"name\": \"Fixture", "provider.name"),
            ("\"message\": \"HTTP 429", "requests[2].error.message"),
            ("{\"id\": 1, ", "requests[1]"),
        ] {
            var bytes = Array(text.utf8)
            let at = try #require(text.range(of: old)).upperBound.utf16Offset(in: text)
            // An unknown key holding a lone continuation byte, or the byte inside the value.
            let insert: [UInt8] = field == "requests[1]" ? Array("\"k\u{0}\": 1, ".utf8).map { $0 == 0 ? 0x80 : $0 } : [0xFF]
            bytes.insert(contentsOf: insert, at: at)
            for e in try failures(bytes) {
                #expect(e.description.contains("invalid UTF-8 in a string"), "\(field): \(e)")
            }
        }
    }

    @Test func longStringsAreRefused() throws {
        let text = try fixtureText("valid.json")
        // Any string: 4 MiB. A displayed one (here the provider name): 4,096 bytes.
        let huge = text.replacingOccurrences(of: "\"note\": \"hand-written test fixture\"", with: "\"x\": \"\(String(repeating: "a", count: (4 << 20) + 1))\"")
        for e in try failures(Array(huge.utf8)) { #expect(e.description.contains("a string longer than 4 MiB"), "\(e.description.prefix(200))") }
        let long = text.replacingOccurrences(of: "Fixture | Provider *one*", with: String(repeating: "n", count: 4097))
        for e in try failures(Array(long.utf8)) {
            #expect(e.field == "provider.name")
            #expect(e.description.contains("4097 bytes, over the limit of 4096"))
        }
        let message = text.replacingOccurrences(of: "HTTP 429: Too Many", with: String(repeating: "m", count: 5000))
        for e in try failures(Array(message.utf8)) { #expect(e.field == "requests[2].error.message") }
    }

    /// A time near 2^63 aborted the peak-TPS allocation; 1e14 µs took 3.8 GB. Times past the
    /// run-length limit are refused before any statistic is computed.
    @Test(arguments: ["100000000000000", "9223372036854775000"])
    func timesPastTheRunLimitAreRefused(_ end: String) throws {
        let text = try fixtureText("valid.json").replacingOccurrences(of: "\"end\": 260150", with: "\"end\": \(end)")
        for e in try failures(Array(text.utf8)) {
            #expect(e.field == "requests[0].end")
            #expect(e.description.contains("past the limit of 48 h from the run start"))
        }
    }

    @Test func chunkTokenCountsAreBounded() throws {
        let text = try fixtureText("valid.json").replacingOccurrences(of: "\"chunk_tokens\": [1,2,2]", with: "\"chunk_tokens\": [1,9223372036854775807,2]")
        for e in try failures(Array(text.utf8)) { #expect(e.field == "requests[1].chunk_tokens[1]") }
    }

    @Test func aRaisedRunLimitAdmitsALongRun() throws {
        let text = try fixtureText("valid.json").replacingOccurrences(of: "\"end\": 260150", with: "\"end\": 180000000000")
        #expect(try failures(Array(text.utf8)).allSatisfy { $0.field == "requests[0].end" })
        let week = ResultLimits(maxRunMicros: 7 * 86_400_000_000)
        for r in decodeBothWays(Array(text.utf8), limits: week) { #expect((try? r.get())?.requests[0].end == 180_000_000_000) }
    }
}

/// A value shared with a detached thread.
final class LockedBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
