import Foundation
import Testing
import TestSupport

/// A new user's first hour, with nothing but the two built binaries copied into an empty folder:
/// `sitegen init`, `bench simulate`, `bench --config bench.yaml`, `sitegen`, then their own
/// templates. No file of this repository is reachable from there.
@Suite(.serialized, .tags(.slow)) struct NewLeaderboardTests {
    /// The folder holding the built `bench` and `sitegen` (`swift build` builds them).
    static var binaries: String? { BuiltProducts.folder(holding: "bench", "sitegen") }

    /// Built, or CI is set (then missing binaries fail the test instead of skipping it).
    static var runnable: Bool { binaries != nil || BuiltProducts.inCI }

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `program` with `arguments` in `folder` (with `environment` added), its output to `log`.
    static func launch(
        _ program: String, _ arguments: [String], in folder: String, environment: [String: String] = [:], log: String
    ) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: folder)
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        return p
    }

    /// Runs `program` with `arguments` in `folder`; returns (status, stdout + stderr).
    static func run(_ program: String, _ arguments: [String], in folder: String) async throws -> (Int32, String) {
        let output = folder + "/.output-\(UUID().uuidString)"
        let p = try launch(program, arguments, in: folder, log: output)
        await p.exited()
        let text = try String(contentsOfFile: output, encoding: .utf8)
        try FileManager.default.removeItem(atPath: output)
        return (p.terminationStatus, text)
    }

    /// Starts `bench simulate --port 0` and returns it with the port it printed.
    static func startSimulator(_ bench: String, log: String) async throws -> (Process, Int) {
        let p = try launch(bench, ["simulate", "--port", "0"], in: NSTemporaryDirectory(), log: log)
        for _ in 0..<200 {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"listening on http://127\.0\.0\.1:([0-9]+)/"#, options: .regularExpression) {
                let port = text[range].split(separator: ":").last!.dropLast()
                return (p, Int(port)!)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        p.terminate()
        throw Failed(description: "bench simulate printed no port: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
    }

    @Test(.enabled(if: runnable, "build bench and sitegen first (swift build)"))
    func fromAnEmptyFolderToASite() async throws {
        let built = try #require(Self.binaries, "bench and sitegen are not built (swift build)")
        let root = try TemporaryFolder.make("new-leaderboard")
        let bin = root + "/bin"
        let repo = root + "/my-leaderboard"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        for name in ["bench", "sitegen"] { try FileManager.default.copyItem(atPath: built + "/" + name, toPath: bin + "/" + name) }
        let bench = bin + "/bench"
        let sitegen = bin + "/sitegen"

        let (initStatus, initOutput) = try await Self.run(sitegen, ["init", "--action", "me/llm-leaderboard@v1"], in: repo)
        #expect(initStatus == 0, "\(initOutput)")
        let workflow = try String(contentsOfFile: repo + "/.github/workflows/leaderboard.yml", encoding: .utf8)
        #expect(workflow.contains("uses: me/llm-leaderboard@v1"))

        let (simulator, port) = try await Self.startSimulator(bench, log: root + "/simulator.log")
        defer { simulator.terminate() }
        let configPath = repo + "/bench.yaml"
        let config = try String(contentsOfFile: configPath, encoding: .utf8)
        #expect(config.contains("http://127.0.0.1:8080/v1"))
        try config.replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(port)")
            .write(toFile: configPath, atomically: true, encoding: .utf8)

        let (benchStatus, benchOutput) = try await Self.run(
            bench, ["--config", "bench.yaml", "--rate", "5", "--duration", "4", "--quiet"], in: repo)
        #expect(benchStatus == 0, "\(benchOutput)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: repo + "/results")
        #expect(runs.count == 1)
        #expect(FileManager.default.fileExists(atPath: "\(repo)/results/\(runs[0])/simulator.json.gz"))

        let (siteStatus, siteOutput) = try await Self.run(sitegen, [], in: repo)
        #expect(siteStatus == 0, "\(siteOutput)")
        let readme = try String(contentsOfFile: repo + "/README.md", encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "<!-- leaderboard:start -->").last?
            .components(separatedBy: "<!-- leaderboard:end -->").first)
        #expect(section.contains("| Simulator |") || section.contains("| **Simulator** |"))
        #expect(section.lowercased().contains("simulated"))
        #expect(readme.hasPrefix("# LLM endpoint leaderboard"))  // the user's part is kept
        let png = try #require(FileManager.default.contents(atPath: repo + "/leaderboard_data/TTFT.png"))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let index = try String(contentsOfFile: repo + "/site/index.html", encoding: .utf8)
        #expect(index.contains("Simulator"))
        #expect(FileManager.default.fileExists(atPath: repo + "/site/assets/style.css"))
        #expect(!FileManager.default.fileExists(atPath: repo + "/Templates"))

        // Their own templates: exported, edited, used.
        let (exportStatus, exportOutput) = try await Self.run(sitegen, ["templates", "export", "templates"], in: repo)
        #expect(exportStatus == 0, "\(exportOutput)")
        let template = repo + "/templates/leaderboard.md.mustache"
        try ("My own words above the tables.\n\n" + String(contentsOfFile: template, encoding: .utf8))
            .write(toFile: template, atomically: true, encoding: .utf8)
        let (customStatus, customOutput) = try await Self.run(sitegen, ["--templates", "templates", "--no-site"], in: repo)
        #expect(customStatus == 0, "\(customOutput)")
        #expect(try String(contentsOfFile: repo + "/README.md", encoding: .utf8).contains("My own words above the tables."))
    }
}
