import TestSupport
import Foundation
import ResultFormat
import SyntheticCorpus

/// A temporary folder with a results tree, a README with markers and the real templates,
/// in which a test runs the whole generator and then inspects every output file.
final class TestWorkspace {
    let root: String

    init(runs: Int = 2, requests: Int = 60, maxTokens: Int = 40) throws {
        root = try TemporaryFolder.make("sitegen-test")
        if runs > 0 {
            try SyntheticCorpus(requests: requests, maxTokens: maxTokens, seed: 99).write(runs: runs, to: root + "/results")
        } else {
            try FileManager.default.createDirectory(atPath: root + "/results", withIntermediateDirectories: true)
        }
        try "# My project\n\nIntro prose.\n\n\(ReadmeMarkers.start)\nold\n\(ReadmeMarkers.end)\n\nClosing prose.\n"
            .write(toFile: root + "/README.md", atomically: true, encoding: .utf8)
        // The real templates of the repository, so tests exercise what users edit.
        let repoTemplates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Templates").path
        try FileManager.default.copyItem(atPath: repoTemplates, toPath: root + "/Templates")
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ relative: String) -> String { root + "/" + relative }

    func read(_ relative: String) throws -> String { try String(contentsOfFile: path(relative), encoding: .utf8) }

    func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(relative))))
    }

    /// Writes `file` (uncompressed) into the results tree.
    func add(_ file: ResultFile) throws {
        try ResultStore.write(file, in: path("results"), compressed: false)
    }

    /// Writes raw text as a result file.
    func addRaw(_ text: String, run: String, name: String) throws {
        try FileManager.default.createDirectory(atPath: path("results/\(run)"), withIntermediateDirectories: true)
        try text.write(toFile: path("results/\(run)/\(name)"), atomically: true, encoding: .utf8)
    }

    /// Every file below `relative`, with its bytes, for byte-identity checks.
    func snapshot(_ relative: String) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        let base = path(relative)
        guard let e = FileManager.default.enumerator(atPath: base) else { return out }
        for case let name as String in e {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + name, isDirectory: &isDir), !isDir.boolValue {
                out[name] = [UInt8](try Data(contentsOf: URL(fileURLWithPath: base + "/" + name)))
            }
        }
        return out
    }
}

enum ReadmeMarkers {
    static let start = "<!-- leaderboard:start -->"
    static let end = "<!-- leaderboard:end -->"
}
