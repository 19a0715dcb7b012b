import ArgumentParser
import Foundation
import ResultFormat

/// What every `sitegen` subcommand prints the same way.
enum CommandOutput {
    /// Runs `body`; its error is printed as is (one line per problem) and ends the command with status 1.
    static func reportingErrors<T, E: Error & CustomStringConvertible>(_ body: () throws(E) -> T) throws -> T {
        do {
            return try body()
        } catch {
            warn(error.description)
            throw ExitCode(1)
        }
    }

    /// One line on standard error.
    static func warn(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The runs left unfinished by a crash, each with the command that finalises it.
    static func warnUnfinished(_ runs: [UnfinishedRun], results: String) {
        for run in runs { warn("sitegen: warning: \(run.message) (run: bench recover --results \(results))") }
    }

    /// `1 file`, `2 files`.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// The limits of `--max-file-mb` and `--max-run-hours`, checked before the arithmetic can overflow.
    static func resultLimits(maxFileMb: Int, maxRunHours: Double) throws -> ResultLimits {
        let bytes = try fileLimitBytes(megabytes: maxFileMb)
        guard maxRunHours.isFinite, (1.0 / 60...8784).contains(maxRunHours) else {
            throw ValidationError("--max-run-hours must be between 1/60 and 8784 (366 days)")
        }
        return ResultLimits(maxFileBytes: bytes, maxRunMicros: Int64((maxRunHours * 3.6e9).rounded()))
    }

    /// `--max-file-mb` in bytes, checked before the shift can overflow.
    private static func fileLimitBytes(megabytes: Int) throws -> Int {
        guard (1...(1 << 20)).contains(megabytes) else { throw ValidationError("--max-file-mb must be between 1 and 1048576") }
        return megabytes << 20
    }
}
