import Foundation
import ResultFormat

/// The append-only record of a provider's run in progress: `<run-dir>/<slug>.journal.jsonl`,
/// beside where the result file will go.
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

    public static func path(runDirectory: String, slug: String) -> String { "\(runDirectory)/\(slug)\(suffix)" }

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
public enum JournalRecovery {
    public struct Recovered: Sendable {
        public var journalPath: String
        /// The result file written, or `nil` if one already existed (the journal was only deleted).
        public var resultPath: String?
        public var requestCount: Int
        /// Lines that could not be read (a line cut short by the crash).
        public var droppedLines: Int
    }

    /// Reads a journal into a result file marked `partial`, its requests sorted by id. A torn
    /// last line is dropped and counted.
    public static func read(journalPath: String) throws -> (ResultFile, droppedLines: Int) {
        guard let data = FileManager.default.contents(atPath: journalPath) else {
            throw BenchError.io(path: journalPath, message: "cannot read the journal")
        }
        var lines = [UInt8](data).split(separator: 0x0A).map(Array.init)
        guard !lines.isEmpty else { throw BenchError.io(path: journalPath, message: "the journal is empty (no header)") }
        let header = lines.removeFirst()
        var dropped = 0
        var good: [[UInt8]] = []
        var sources: [Int: (fromUsage: Bool, eventTokens: Int)] = [:]
        for line in lines {
            guard let value = try? JSONParser.parse(line) else {
                dropped += 1
                continue
            }
            good.append(line)
            if case .object(let o) = value, case .int(let id)? = o["id"], case .string(let source)? = o[JournalWriter.tokenSourceKey],
                case .int(let events)? = o[JournalWriter.eventTokensKey], events >= 0, events <= Int32.max
            {
                sources[Int(id)] = (source == "usage", Int(events))
            }
        }
        // The header is a whole result file with `"requests": []` last; splice the lines in.
        let marker = Array("\"requests\": []".utf8)
        guard let at = lastRange(of: marker, in: header) else {
            throw BenchError.io(path: journalPath, message: "the journal header is not a result-file header")
        }
        var doc = Array(header[..<at])
        doc += Array("\"requests\": [".utf8)
        for (i, line) in good.enumerated() {
            if i > 0 { doc.append(UInt8(ascii: ",")) }
            doc += line
        }
        doc += Array("]}".utf8)
        var file: ResultFile
        do { file = try ResultFileDecoder.decode(doc, path: journalPath) } catch {
            throw BenchError.io(path: journalPath, message: "journal does not decode: \(error)")
        }
        file.requests.sort { $0.id < $1.id }
        file.run.partial = true
        // The header guessed `usage`; what the requests saw decides (journals from before the
        // journal-only keys keep the guess).
        RequestOutcome.settleTokenCount(&file, sources: sources)
        return (file, dropped)
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

    /// Finalises every leftover journal: writes `<slug>.json.gz` (partial) atomically unless a
    /// result file for that provider already exists, then deletes the journal.
    public static func recoverAll(in resultsDirectory: String) throws -> [Recovered] {
        var done: [Recovered] = []
        for path in findJournals(in: resultsDirectory) {
            let (file, dropped) = try read(journalPath: path)
            let target = ResultStore.path(for: file, in: resultsDirectory)
            var written: String? = nil
            if !FileManager.default.fileExists(atPath: target) {
                var f = file
                if f.run.endedAt.isEmpty || f.run.endedAt == f.run.startedAt {
                    f.run.endedAt = Timestamps.iso8601(fileModificationDate(path) ?? Date())
                }
                written = try ResultStore.write(f, in: resultsDirectory)
            }
            unlink(path)
            done.append(Recovered(journalPath: path, resultPath: written, requestCount: file.requests.count, droppedLines: dropped))
        }
        return done
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
