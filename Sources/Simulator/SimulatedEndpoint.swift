import Hummingbird
import Logging

/// The built-in simulated OpenAI-compatible endpoint: a real HTTP/1.1 server (Hummingbird).
public enum SimulatedEndpoint {
    /// Starts serving in the background and returns once the port is bound.
    public static func start(_ config: SimulatorConfiguration) async throws -> RunningSimulator {
        try config.validate()
        let recorder = try ServedRequestRecorder(logPath: config.logPath)
        let responder = SimulatorResponder(configuration: config, recorder: recorder)
        var logger = Logger(label: "simulator")
        logger.logLevel = .warning

        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(
                address: .hostname(config.host, port: config.port), serverName: nil, backlog: config.backlog),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? -1)
                portSink.finish()
            },
            logger: logger)
        let task = Task<Void, any Error> {
            defer { portSink.finish() }
            try await app.run()
        }

        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            let reason: String
            do {
                try await task.value
                reason = "the server stopped before listening"
            } catch {
                reason = String(describing: error)
            }
            recorder.close()
            throw SimulatorError.startFailed(host: config.host, port: config.port, reason: reason)
        }
        return RunningSimulator(host: config.host, port: port, task: task, recorder: recorder)
    }

    /// Serves until the calling task is cancelled (for `bench simulate`). `onReady` is called once
    /// the port is bound, with the running simulator (for its port and base URL).
    public static func run(
        _ config: SimulatorConfiguration, onReady: @Sendable (RunningSimulator) -> Void = { _ in }
    ) async throws {
        let simulator = try await start(config)
        onReady(simulator)
        try await withTaskCancellationHandler {
            try await simulator.waitUntilStopped()
        } onCancel: {
            simulator.stop()
        }
    }
}

/// A simulator serving in the background.
public final class RunningSimulator: Sendable {
    private let host: String
    /// The bound port (the real one when the configuration asked for port 0).
    public let port: Int
    private let task: Task<Void, any Error>
    private let recorder: ServedRequestRecorder

    init(host: String, port: Int, task: Task<Void, any Error>, recorder: ServedRequestRecorder) {
        self.host = host
        self.port = port
        self.task = task
        self.recorder = recorder
    }

    /// The OpenAI base URL, e.g. "http://127.0.0.1:8080/v1".
    public var baseURL: String {
        let reachable = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        let bracketed = reachable.contains(":") ? "[\(reachable)]" : reachable
        return "http://\(bracketed):\(port)/v1"
    }

    /// Base URL of one profile's route, e.g. "http://127.0.0.1:8080/fast/v1".
    public func baseURL(profile: String) -> String {
        baseURL.dropLast(3) + "/\(profile)/v1"
    }

    /// Log entries of every finished request so far, in order of completion.
    public func servedRequests() -> [ServedRequestLog] {
        recorder.entries
    }

    /// Stops the server (in-flight streams are cut, their outcome logged as "cancelled") and
    /// closes the log file.
    public func shutdown() async {
        stop()
        _ = try? await task.value
        recorder.close()
    }

    func stop() {
        task.cancel()
    }

    /// Waits for the server to end; rethrows its failure, not its cancellation.
    func waitUntilStopped() async throws {
        defer { recorder.close() }
        do {
            try await task.value
        } catch is CancellationError {
            return
        }
    }
}
