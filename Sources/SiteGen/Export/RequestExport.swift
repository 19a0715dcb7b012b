import Foundation
import ResultFormat

/// `sitegen export`: every request of the chosen runs as one CSV table (`RequestTable`), for
/// pandas and spreadsheets. Rows are ordered by run id, provider slug and request id, so the
/// same results always give the same bytes.
///
/// Runs are read one at a time (a year of runs is millions of rows): each is validated as the
/// generator validates it, and a bad file stops the export with its path and reason.
public struct RequestExport: Sendable {
    /// Which runs to export.
    public enum Runs: String, Sendable, CaseIterable {
        case all
        /// Only the newest run (the one the README ranks).
        case latest
    }

    /// What went wrong, with the file and the reason (all of a run's bad files together).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var problems: [(path: String, reason: String)]
        public var description: String {
            problems.map { "error while exporting: \($0.path): \($0.reason)" }.joined(separator: "\n")
        }

        init(path: String, reason: String) { problems = [(path, reason)] }
        init(_ errors: ResultFileErrors) {
            problems = errors.errors.map { ($0.place, $0.reason) }
        }
    }

    /// What was exported.
    public struct Summary: Sendable, Equatable {
        public var runs = 0
        public var files = 0
        public var rows = 0
        /// Runs a stopped bench left unfinished: journal-only runs are left out, the others are
        /// exported with the providers that finished.
        public var unfinished: [UnfinishedRun] = []
    }

    public var resultsDirectory: String
    public var runs: Runs
    public var limits: ResultLimits

    public init(resultsDirectory: String, runs: Runs = .all, limits: ResultLimits = .standard) {
        self.resultsDirectory = resultsDirectory
        self.runs = runs
        self.limits = limits
    }

    /// Hands the CSV to `sink` in pieces: the header, then one piece per run.
    @discardableResult
    public func write(to sink: ([UInt8]) throws(Failure) -> Void) throws(Failure) -> Summary {
        let ids: [String]
        var summary = Summary()
        do { (ids, summary.unfinished) = try ResultStore.scanRuns(in: resultsDirectory) } catch {
            throw Failure(path: error.place, reason: error.reason)
        }
        guard !ids.isEmpty else {
            throw Failure(path: resultsDirectory, reason: "no run folders (expected <run-id>/<provider>.json[.gz])")
        }
        try sink(RequestTable.csvHeader)
        for id in runs == .latest ? [ids.last!] : ids {
            let run: LoadedRun
            do { run = try ResultStore.loadRun(id, in: resultsDirectory, limits: limits) } catch { throw Failure(error) }
            // loadRun orders the files by provider slug; each file's lines are made in parallel.
            let pieces = ParallelMap.map(run.files) { RequestTable.csv(of: $0) }
            try sink(Array(pieces.joined()))
            summary.runs += 1
            summary.files += run.fileCount
            summary.rows += run.files.reduce(0) { $0 + $1.requests.count }
        }
        return summary
    }

    /// Writes the CSV to `path`, or to standard output for `-`. A file is written aside and
    /// renamed into place at the end, so a failed export leaves no half table behind.
    @discardableResult
    public func write(toFile path: String) throws(Failure) -> Summary {
        if path == "-" {
            return try write { bytes throws(Failure) in
                do { try FileHandle.standardOutput.write(contentsOf: bytes) } catch {
                    throw Failure(path: "standard output", reason: "write failed: \(error.localizedDescription)")
                }
            }
        }
        func failure(_ error: AtomicFile.WriteError) -> Failure {
            Failure(path: error.path, reason: error.reason)
        }
        let file: AtomicFile.Writer
        do { file = try AtomicFile.Writer(path: path) } catch { throw failure(error) }
        let summary = try self.write { bytes throws(Failure) in
            do throws(AtomicFile.WriteError) { try file.append(bytes) } catch { throw failure(error) }
        }
        do { try file.commit() } catch { throw failure(error) }
        return summary
    }
}
