import TestSupport
import Foundation
import ResultFormat
import Testing
@testable import Bench

@Suite struct JournalTests {
    static func header(runID: String) -> ResultFile {
        ResultFile(
            run: RunInfo(id: runID, startedAt: "2026-11-30T05:00:00.000Z", endedAt: "2026-11-30T05:00:00.000Z",
                         benchVersion: "test", source: .simulated, note: "test", partial: true),
            provider: ProviderInfo(name: "P One", slug: "p-one", api: "openai-chat", baseURL: "http://127.0.0.1:1/v1", model: "m"),
            workload: WorkloadInfo(fingerprint: "sha256:00", arrival: "explicit", requestCount: 3, seed: 1, promptSource: "builtin",
                                   temperature: 0.7, topP: 1, maxTokens: 16, timeoutSeconds: 60, parameters: ["a": "b"]),
            tokenCount: .usage, requests: [])
    }

    static func record(_ id: Int, error: RequestError? = nil) -> RequestRecord {
        RequestRecord(id: id, scheduled: Int64(id) * 1000, sent: Int64(id) * 1000 + 5, firstToken: Int64(id) * 1000 + 500,
                      end: Int64(id) * 1000 + 900, outputTokens: 3,
                      chunkTimes: [Int64(id) * 1000 + 500, Int64(id) * 1000 + 600, Int64(id) * 1000 + 900], error: error)
    }

    @Test func recoveryKeepsEveryWrittenRequestAndDropsATornLine() throws {
        let dir = try TemporaryFolder.make("bench-journal")
        let runDir = dir + "/2026-11-30T05-00-00Z"
        try FileManager.default.createDirectory(atPath: runDir, withIntermediateDirectories: true)
        let path = JournalWriter.path(runDirectory: runDir, slug: "p-one")
        let journal = try JournalWriter(path: path, header: Self.header(runID: "2026-11-30T05-00-00Z"))
        try journal.append(Self.record(2))
        try journal.append(Self.record(0, error: RequestError(kind: .rateLimited, status: 429, message: "slow down", retryAfterSeconds: 2)))
        journal.close()
        // A crash in the middle of a write leaves a torn last line.
        let fh = FileHandle(forWritingAtPath: path)!
        fh.seekToEndOfFile()
        fh.write(Data("{\"id\": 1, \"sched".utf8))
        fh.closeFile()

        let (file, badLines) = try JournalRecovery.read(journalPath: path)
        let dropped = badLines.count
        #expect(dropped == 1)
        #expect(file.run.partial)
        #expect(file.requests == [Self.record(0, error: RequestError(kind: .rateLimited, status: 429, message: "slow down", retryAfterSeconds: 2)), Self.record(2)])
        #expect(file.provider.slug == "p-one")

        let recovered = JournalRecovery.recoverAll(in: dir)
        #expect(recovered.count == 1)
        #expect(!FileManager.default.fileExists(atPath: path))
        let (onDisk, _) = try ResultStore.read(path: runDir + "/p-one.json.gz")
        #expect(onDisk.requests.count == 2)
        #expect(onDisk.run.partial)
        #expect(JournalRecovery.recoverAll(in: dir).isEmpty)
    }

    /// The token source the requests saw decides the recovered file's `token_count`, as at the
    /// end of a finished run: one success without a usage report makes the file count events.
    @Test(arguments: [true, false])
    func recoveryUsesTheTokenSourceTheRequestsSaw(_ allUsage: Bool) throws {
        let dir = try TemporaryFolder.make("bench-journal")
        let runDir = dir + "/2026-11-30T05-00-00Z"
        try FileManager.default.createDirectory(atPath: runDir, withIntermediateDirectories: true)
        let path = JournalWriter.path(runDirectory: runDir, slug: "p-one")
        let journal = try JournalWriter(path: path, header: Self.header(runID: "2026-11-30T05-00-00Z"))
        try journal.append(RequestOutcome(record: Self.record(0), tokensFromUsage: true, eventTokens: 2))
        try journal.append(RequestOutcome(record: Self.record(1), tokensFromUsage: allUsage, eventTokens: 2))
        journal.close()
        let (file, badLines) = try JournalRecovery.read(journalPath: path)
        let dropped = badLines.count
        #expect(dropped == 0)
        #expect(file.tokenCount == (allUsage ? .usage : .events))
        #expect(file.requests.map(\.outputTokens) == (allUsage ? [3, 3] : [2, 2]))
    }

    static func journal(_ records: [RequestRecord], extraLines: [String] = []) throws -> (dir: String, runDir: String, path: String) {
        let dir = try TemporaryFolder.make("bench-journal")
        let runDir = dir + "/2026-11-30T05-00-00Z"
        try FileManager.default.createDirectory(atPath: runDir, withIntermediateDirectories: true)
        let path = JournalWriter.path(runDirectory: runDir, slug: "p-one")
        let journal = try JournalWriter(path: path, header: Self.header(runID: "2026-11-30T05-00-00Z"))
        for r in records { try journal.append(r) }
        journal.close()
        let fh = try #require(FileHandle(forWritingAtPath: path))
        fh.seekToEndOfFile()
        for line in extraLines { fh.write(Data(line.utf8)) }
        fh.closeFile()
        return (dir, runDir, path)
    }

    /// One bad line refused the whole journal: now it costs only itself, is reported with its
    /// number and field, and the journal is kept for a person to look at.
    @Test func aBadLineCostsOnlyItselfAndKeepsTheJournal() throws {
        let bad = "{\"id\": 7, \"scheduled\": 0, \"sent\": 10, \"first_token\": 5, \"end\": 20, \"output_tokens\": 1, \"error\": null, \"chunks\": [1]}\n"
        let (dir, runDir, path) = try Self.journal([Self.record(0)], extraLines: [bad, "not json\n"])
        let more = try #require(FileHandle(forWritingAtPath: path))
        more.seekToEndOfFile()
        more.write(ResultFileEncoder.encodeLine(Self.record(2), newline: true).withUnsafeBytes { Data($0) })
        more.write(ResultFileEncoder.encodeLine(Self.record(2), newline: true).withUnsafeBytes { Data($0) })
        more.closeFile()
        let (file, badLines) = try JournalRecovery.read(journalPath: path)
        #expect(file.requests.map(\.id) == [0, 2])
        #expect(badLines.map(\.number) == [3, 4, 6])
        #expect(badLines[0].reason == "field 'record.first_token'")
        #expect(badLines[1].reason == "not a JSON object")
        #expect(badLines[2].reason == "request 2 was already recorded")
        let recovered = JournalRecovery.recoverAll(in: dir)
        let r = try #require(recovered.first)
        #expect(r.resultPath == runDir + "/p-one.json.gz")
        #expect(r.keptBecause?.contains("3 line(s) could not be read") == true)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try ResultStore.read(path: runDir + "/p-one.json.gz").0.requests.map(\.id) == [0, 2])
    }

    /// Any file with the provider's name made recovery delete the journal. Now the journal goes
    /// only when the file reads back and holds every one of its records.
    @Test func aJournalIsDeletedOnlyWhenAVerifiedFileHoldsItsRecords() throws {
        let (dir, runDir, path) = try Self.journal([Self.record(0), Self.record(1)])
        // An unrelated, unreadable file under the provider's name.
        try Data("{}".utf8).write(to: URL(fileURLWithPath: runDir + "/p-one.json"))
        var r = try #require(JournalRecovery.recoverAll(in: dir).first)
        #expect(r.keptBecause?.contains("does not read") == true)
        #expect(FileManager.default.fileExists(atPath: path))
        // A readable file that lacks one of the records.
        var partial = Self.header(runID: "2026-11-30T05-00-00Z")
        partial.requests = [Self.record(0)]
        try FileManager.default.removeItem(atPath: runDir + "/p-one.json")
        try ResultStore.write(partial, in: dir)
        r = try #require(JournalRecovery.recoverAll(in: dir).first)
        #expect(r.keptBecause == "\(runDir)/p-one.json.gz lacks 1 of the journal's 2 requests")
        #expect(FileManager.default.fileExists(atPath: path))
        // A file that holds them all: the journal goes.
        partial.requests = [Self.record(0), Self.record(1)]
        try ResultStore.write(partial, in: dir)
        r = try #require(JournalRecovery.recoverAll(in: dir).first)
        #expect(r.keptBecause == nil)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aJournalIsNeverOverwritten() throws {
        let dir = NSTemporaryDirectory() + "bench-journal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/x.journal.jsonl"
        _ = try JournalWriter(path: path, header: Self.header(runID: "r1"))
        #expect(throws: BenchError.self) { try JournalWriter(path: path, header: Self.header(runID: "r1")) }
    }
}
