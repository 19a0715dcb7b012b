import Foundation
import TestSupport

/// Command-line programs some tests run (`nginx`, `openssl`): where they are, and what to do when
/// they are missing. `scripts/install-deps.sh --test` installs them.
///
/// Locally, a test that needs a missing program is skipped with the reason shown (see
/// `ExternalTools.needed`). In CI (the `CI` environment variable is set) it is never skipped: it
/// runs and fails with a message naming the missing program.
enum ExternalTools {
    struct Missing: Error, CustomStringConvertible {
        var program: String
        var description: String {
            "\(program) not found (looked in /usr/sbin, /usr/bin and PATH); scripts/install-deps.sh --test installs it"
                + (ExternalTools.inCI ? " (CI is set: tests that need it fail rather than skip)" : "")
        }
    }

    static var inCI: Bool { BuiltProducts.inCI }

    /// The executable `name`: in /usr/sbin or /usr/bin (nginx lives in /usr/sbin, often not on a
    /// user's PATH), else the first on PATH; nil if none.
    static func find(_ name: String) -> String? {
        var dirs = ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"]
        dirs += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for dir in dirs where !dir.isEmpty {
            let path = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// The executable `name`, or `Missing` naming it.
    static func require(_ name: String) throws -> String {
        guard let path = find(name) else { throw Missing(program: name) }
        return path
    }

    /// Whether tests needing `programs` should run: all are present, or CI is set (then a missing
    /// one fails the test instead of skipping it). For `.enabled(if:)`.
    static func needed(_ programs: String...) -> Bool {
        inCI || programs.allSatisfy { find($0) != nil }
    }

    /// Runs `executable` with `arguments` in `directory` to completion; throws with its output
    /// when it exits non-zero. For short commands (openssl): it blocks the calling thread.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: String, environment: [String: String]? = nil)
        throws -> String
    {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: directory)
        if let environment { p.environment = environment }
        let output = Pipe()
        p.standardOutput = output
        p.standardError = output
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard p.terminationStatus == 0 else {
            throw CommandFailed(command: ([executable] + arguments).joined(separator: " "), status: p.terminationStatus, output: text)
        }
        return text
    }

    struct CommandFailed: Error, CustomStringConvertible {
        var command: String
        var status: Int32
        var output: String
        var description: String { "`\(command)` exited with \(status): \(output)" }
    }
}
