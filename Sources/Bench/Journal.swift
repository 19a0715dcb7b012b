import JSON
import Foundation
import ResultFormat

/// The append-only record of a provider's run in progress: `<run-dir>/<slug>.journal.jsonl`
/// (`<slug>.segment-<I>-of-<N>.journal.jsonl` for a segment), beside where the result file will go.
///
/// Line 1 is the result file's header (the file encoded with no requests, on one line); every
/// further line is `ResultFileEncoder.encodeLine` of one finished request, written with a single
/// `write(2)` as soon as the request ends. A crash therefore loses only requests still in
/// flight (the kernel keeps what was written even if the process dies; no fsync per line, so a
/// power cut may lose the last lines). `JournalRecovery` turns a leftover journal into a
/// partial result file.
public final class JournalWriter: @unchecked Sendable {
    public static let suffix = ".journal.jsonl"

    public let path: String
    private let fd: Int32
    private let lock = NSLock()
    private var closed = false

    /// `<run-dir>/<slug>.journal.jsonl`, or `<run-dir>/<slug>.segment-<I>-of-<N>.journal.jsonl` for
    /// a segment: beside the result file it becomes, with the same stem.
    public static func path(runDirectory: String, slug: String, segment: SegmentInfo? = nil) -> String {
        "\(runDirectory)/\(ResultStore.fileStem(slug: slug, segment: segment))\(suffix)"
    }

    /// Creates the journal (failing if one already exists) and writes the header line.
    public init(path: String, header: ResultFile) throws {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw BenchError.io(path: path, message: "cannot create the journal: \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        var empty = header
        empty.requests = []
        var line = ResultFileEncoder.encode(empty).map { $0 == 0x0A ? 0x20 : $0 }
        while line.last == 0x20 { line.removeLast() }
        line.append(0x0A)
        try writeLine(line)
    }

    /// Appends one finished request.
    public func append(_ record: RequestRecord) throws { try writeLine(ResultFileEncoder.encodeLine(record, newline: true)) }

    /// Appends one finished request with how its token count was obtained (journal-only keys
    /// `token_source` and `event_tokens`, which result-file readers ignore), so that recovery
    /// settles the file's `token_count` as a finished run would.
    public func append(_ outcome: RequestOutcome) throws {
        var line = ResultFileEncoder.encodeLine(outcome.record, newline: false)
        guard line.last == UInt8(ascii: "}") else { return try writeLine(line + [0x0A]) }
        line.removeLast()
        line += Array(", \"\(Self.tokenSourceKey)\": \"\(outcome.tokensFromUsage ? "usage" : "events")\", \"\(Self.eventTokensKey)\": \(outcome.eventTokens)}\n".utf8)
        try writeLine(line)
    }

    static let tokenSourceKey = "token_source"
    static let eventTokensKey = "event_tokens"

    /// Writes `line` (newline included) with as few `write` calls as the kernel allows.
    private func writeLine(_ line: [UInt8]) throws {
        try lock.withLock {
            guard !closed else { return }
            var offset = 0
            while offset < line.count {
                let n = line.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BenchError.io(path: path, message: "journal write failed: \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
    }

    public func close() {
        lock.withLock {
            guard !closed else { return }
            closed = true
            _ = Foundation.close(fd)
        }
    }

    /// Closes and deletes the journal once its result file is safely written.
    public func remove() {
        close()
        unlink(path)
    }

    deinit { close() }
}

/// Finalises journals left behind by a crash or a killed run.
///
/// Keeps every record it can: a line that does not read is reported and skipped, not a reason
/// to refuse the journal. A journal is deleted only once every record in it is in a result file
/// that was read back and checked, and only if nothing in it was skipped but a torn last line.
public enum JournalRecovery {
    /// A journal line that could not be kept.
    public struct BadLine: Sendable, Equatable, CustomStringConvertible {
        /// 1-based line number in the journal (line 1 is the header).
        public var number: Int
        public var reason: String
        /// The last line, cut short without its newline: what a crash mid-write leaves.
        public var torn = false
        public var description: String { "line \(number): \(reason)" }
    }

    public struct Recovered: Sendable {
        public var journalPath: String
        /// The result file written, or `nil` if one already existed (or none could be written).
        public var resultPath: String?
        public var requestCount: Int
        /// Lines that could not be read: a torn last line (a crash mid-write) or bad lines.
        public var droppedLines: Int { badLines.count }
        public var badLines: [BadLine] = []
        /// Why the journal was kept rather than deleted; nil when it was deleted.
        public var keptBecause: String?
    }

    /// Reads a journal into a result file marked `partial`, its requests sorted by id, and the
    /// lines that were skipped: each record line is checked on its own, so one bad line costs
    /// only itself. A repeated request id keeps its first record.
    public static func read(journalPath: String) throws -> (ResultFile, badLines: [BadLine]) {
        guard let data = FileManager.default.contents(atPath: journalPath) else {
            throw BenchError.io(path: journalPath, message: "cannot read the journal")
        }
        var lines = [UInt8](data).split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        let endsWithNewline = lines.last?.isEmpty == true
        if endsWithNewline { lines.removeLast() }
        guard !lines.isEmpty, !lines[0].isEmpty else { throw BenchError.io(path: journalPath, message: "the journal is empty (no header)") }
        let header = lines.removeFirst()
        // The header is a whole result file with `"requests": []` last; lines are spliced in.
        let marker = Array("\"requests\": []".utf8)
        guard let at = lastRange(of: marker, in: header) else {
            throw BenchError.io(path: journalPath, message: "the journal header (line 1) is not a result-file header")
        }
        let prefix = Array(header[..<at]) + Array("\"requests\": [".utf8)
        func document(_ records: [[UInt8]]) -> [UInt8] {
            var doc = prefix
            for (i, line) in records.enumerated() {
                if i > 0 { doc.append(UInt8(ascii: ",")) }
                doc += line
            }
            return doc + Array("]}".utf8)
        }
        var file: ResultFile
        do { file = try ResultFileDecoder.decode(document([]), path: journalPath) } catch {
            throw BenchError.io(path: journalPath, message: "the journal header (line 1) does not decode: \(error)")
        }
        var bad: [BadLine] = []
        var records: [RequestRecord] = []
        var ids = Set<Int>()
        var sources: [Int: (fromUsage: Bool, eventTokens: Int)] = [:]
        for (k, line) in lines.enumerated() {
            let number = k + 2
            guard let value = try? JSONParser.parse(line), case .object(let o) = value else {
                let torn = k == lines.count - 1 && !endsWithNewline
                bad.append(BadLine(number: number, reason: torn ? "torn (cut short by the crash)" : "not a JSON object", torn: torn))
                continue
            }
            let record: RequestRecord
            do { record = try ResultFileDecoder.decode(document([line]), path: journalPath).requests[0] } catch {
                bad.append(BadLine(number: number, reason: error.field.map { "field '\($0.replacingOccurrences(of: "requests[0]", with: "record"))'" } ?? "\(error)"))
                continue
            }
            guard ids.insert(record.id).inserted else {
                bad.append(BadLine(number: number, reason: "request \(record.id) was already recorded"))
                continue
            }
            records.append(record)
            if case .string(let source)? = o[JournalWriter.tokenSourceKey], case .int(let events)? = o[JournalWriter.eventTokensKey],
                events >= 0, events <= Int32.max
            {
                sources[record.id] = (source == "usage", Int(events))
            }
        }
        // Each record was decoded (and checked) with the header already: no second pass.
        file.requests = records
        file.requests.sort { $0.id < $1.id }
        file.run.partial = true
        // The header guessed `usage`; what the requests saw decides (journals from before the
        // journal-only keys keep the guess).
        RequestOutcome.settleTokenCount(&file, sources: sources)
        return (file, bad)
    }

    /// Every `*.journal.jsonl` under `resultsDirectory/<run-id>/`.
    public static func findJournals(in resultsDirectory: String) -> [String] {
        guard let runs = try? ResultStore.runIDs(in: resultsDirectory) else { return [] }
        var out: [String] = []
        for run in runs {
            let dir = resultsDirectory + "/" + run
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for n in names.sorted() where n.hasSuffix(JournalWriter.suffix) { out.append(dir + "/" + n) }
        }
        return out
    }

    /// Finalises every leftover journal: writes `<slug>.json.gz` (partial; a segment's journal,
    /// whose header carries its segment, `<slug>.segment-<I>-of-<N>.json.gz`) unless that result
    /// file already exists, reads the file back, and deletes the journal only when every
    /// record of the journal is in it and no line but a torn last one was skipped. A journal that
    /// cannot be read is reported (`keptBecause`) and the others are still finalised.
    public static func recoverAll(in resultsDirectory: String) -> [Recovered] {
        findJournals(in: resultsDirectory).map { recover(journalPath: $0, resultsDirectory: resultsDirectory) }
    }

    static func recover(journalPath path: String, resultsDirectory: String) -> Recovered {
        let file: ResultFile, bad: [BadLine]
        do { (file, bad) = try read(journalPath: path) } catch {
            return Recovered(journalPath: path, resultPath: nil, requestCount: 0, keptBecause: "\(error)")
        }
        var out = Recovered(journalPath: path, resultPath: nil, requestCount: file.requests.count, badLines: bad)
        let compressed = ResultStore.path(for: file, in: resultsDirectory)
        let plain = ResultStore.path(for: file, in: resultsDirectory, compressed: false)
        let existing = [compressed, plain].first { FileManager.default.fileExists(atPath: $0) }
        let target: String
        if let existing {
            target = existing
        } else {
            var f = file
            if f.run.endedAt.isEmpty || f.run.endedAt == f.run.startedAt {
                f.run.endedAt = Timestamps.iso8601(fileModificationDate(path) ?? Date())
            }
            do { target = try ResultStore.write(f, in: resultsDirectory) } catch {
                out.keptBecause = "the result file could not be written: \(error)"
                return out
            }
            out.resultPath = target
        }
        // Verified: the file on disk reads and holds every record of the journal.
        let onDisk: ResultFile
        do { onDisk = try ResultStore.read(path: target).0 } catch {
            out.keptBecause = "\(target) does not read (\(error)); the journal is the only full copy"
            return out
        }
        let kept = Dictionary(onDisk.requests.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let missing = file.requests.filter { kept[$0.id] == nil }.count
        if missing > 0 {
            out.keptBecause = "\(target) lacks \(missing) of the journal's \(file.requests.count) requests"
            return out
        }
        let skipped = bad.filter { !$0.torn }
        if !skipped.isEmpty {
            out.keptBecause = "\(skipped.count) line(s) could not be read (\(skipped.prefix(3).map(\.description).joined(separator: "; "))); check them, then delete the journal"
            return out
        }
        unlink(path)
        return out
    }

    static func fileModificationDate(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    static func lastRange(of needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = hay.count - needle.count
        while i >= 0 {
            if hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i -= 1
        }
        return nil
    }
}
