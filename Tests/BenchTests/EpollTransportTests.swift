import TestSupport
import Foundation
import ResultFormat
import StreamProtocols
import Testing
@testable import Bench

/// The `epoll` transport against scripted servers on 127.0.0.1, each case also run over `nio`,
/// whose records it must match (kinds, messages, what was received).
@Suite(.serialized) struct EpollTransportTests {
    static let compared: [TransportKind] = [.epoll, .nio]

    static func run(
        _ servers: [(String, String)], transport: TransportKind, offsets: [Double] = [0], timeout: Double = 30, stall: Double = 30
    ) async throws -> [String: ResultFile] {
        let config = BenchConfiguration(
            providers: servers.map { ProviderConfiguration(name: $0.0, api: "openai-chat", baseURL: $0.1, model: "m") },
            workload: WorkloadConfiguration(arrival: .explicit(offsets: offsets), seed: 1, maxTokens: 8, timeoutSeconds: timeout,
                                            stallTimeoutSeconds: stall),
            resultsDirectory: SimulatorRunTests.tempDir(), parallelProviders: true, transport: transport)
        let report = try await BenchRun.execute(config, console: Console(quiet: true), environment: [:], trapSignals: false)
        return Dictionary(report.results.map { ($0.file.provider.name, $0.file) }, uniquingKeysWith: { a, _ in a })
    }

    /// `text` cut after each SSE event's blank line (the pieces joined are `text`).
    static func eventsApart(_ text: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while let end = rest.range(of: "\n\n") {
            pieces.append(String(rest[..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return rest.isEmpty ? pieces : pieces + [String(rest)]
    }

    static func describe(_ r: RequestRecord) -> String {
        "\(r.error?.kind.rawValue ?? "ok") \(r.error?.message ?? "") chunks \(r.chunkTimes.count)"
    }

    @Test(arguments: compared)
    func chunkedContentLengthAndCloseDelimitedBodiesSplitAtEveryByte(_ transport: TransportKind) async throws {
        let bodies = [
            ("chunked", ScriptedResponses.chunked), ("length", ScriptedResponses.contentLength),
            ("close", ScriptedResponses.untilClose),
        ]
        // Byte by byte, and 100 ms between events: two events read together (one time for both)
        // would take a 100 ms stall of the reading thread, not the 0.2 ms between bytes that a
        // busy machine can easily miss.
        let servers = try bodies.map { name, text in
            (name, try ScriptedHTTPServer { _ in
                Self.eventsApart(text).flatMap { [.writeBytewise($0, pauseMicros: 200), .pause(milliseconds: 100)] }
                    + (name == "close" ? [.close] : [])
            })
        }
        defer { for s in servers { s.1.stop() } }
        let files = try await Self.run(servers.map { ($0.0, $0.1.baseURL) }, transport: transport)
        #expect(files.values.allSatisfy { $0.run.benchVersion.hasSuffix("(transport \(transport.rawValue))") })
        for (name, _) in bodies {
            let r = try #require(files[name]?.requests.first, "\(name)")
            #expect(r.succeeded && r.outputTokens == 3 && r.chunkTimes.count == 3, "\(name): \(Self.describe(r))")
            // Three token events that arrived byte by byte: three distinct, increasing times.
            #expect(r.chunkTimes == r.chunkTimes.sorted() && Set(r.chunkTimes).count == 3, "\(name): \(r.chunkTimes)")
        }
    }

    /// The last bytes and the server's close in one go (one edge-triggered event for both): the
    /// close must still end the stream at once, as a reset, not after the stall timeout.
    @Test(arguments: compared)
    func aCloseThatArrivesWithTheLastBytesEndsTheStream(_ transport: TransportKind) async throws {
        let server = try ScriptedHTTPServer { _ in
            [.write(ScriptedResponses.chunkedHead + ScriptedResponses.chunk(ScriptedResponses.event("a"))), .close]
        }
        defer { server.stop() }
        let files = try await Self.run([("cut", server.baseURL)], transport: transport, offsets: [0, 0.2, 0.4, 0.6], stall: 20)
        let requests = try #require(files["cut"]?.requests)
        #expect(requests.count == 4)
        for r in requests {
            #expect(r.error?.kind == .reset && r.chunkTimes.count == 1, "\(Self.describe(r))")
            #expect((r.end - r.sent) < 5_000_000, "ended by the close, not by the stall timeout: \(r.end - r.sent) µs")
        }
    }

    @Test(arguments: compared)
    func keepAliveConnectionsAreReused(_ transport: TransportKind) async throws {
        let server = try ScriptedHTTPServer { n in
            [.write(n % 2 == 0 ? ScriptedResponses.contentLength : ScriptedResponses.chunked)]
        }
        defer { server.stop() }
        let files = try await Self.run([("reuse", server.baseURL)], transport: transport, offsets: [0, 0.3, 0.6, 0.9])
        let requests = try #require(files["reuse"]?.requests)
        #expect(requests.count == 4 && requests.allSatisfy { $0.succeeded && $0.chunkTimes.count == 3 },
                "\(requests.map(Self.describe))")
        #expect(server.requestsServed == 4)
        #expect(server.connectionsAccepted == 1, "one keep-alive connection for four sequential requests")
    }

    /// Every failure the transports detect themselves, run over `epoll` and `nio`: the records agree.
    @Test func failureRecordsAreTheSameOnEpollAndNIO() async throws {
        let head = ScriptedResponses.chunkedHead
        let first = ScriptedResponses.chunk(ScriptedResponses.event("a"))
        let scripts: [(String, [ScriptedHTTPServer.Step])] = [
            ("reset", [.write(head + first), .pause(milliseconds: 50), .reset]),
            ("closed-mid-body", [.write(head + first), .pause(milliseconds: 50), .close]),
            ("closed-before-response", [.close]),
            ("closed-in-head", [.write("HTTP/1.1 200 OK\r\nContent-"), .pause(milliseconds: 50), .close]),
            ("stall", [.write(head + first), .pause(milliseconds: 4_000), .close]),
            ("invalid", [.write("HTTP/1.1 abc\r\n\r\n"), .pause(milliseconds: 50), .close]),
            ("bad-chunk", [.write(head + first + "zz\r\n"), .pause(milliseconds: 50), .close]),
            ("limited", [.write("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 9\r\nContent-Length: 4\r\n\r\nslow")]),
        ]
        let servers = try scripts.map { name, steps in (name, try ScriptedHTTPServer { _ in steps }) }
        defer { for s in servers { s.1.stop() } }
        let refused = try ScriptedHTTPServer { _ in [] }
        refused.stop()
        let targets = servers.map { ($0.0, $0.1.baseURL) } + [("refused", refused.baseURL)]

        let deadline = try ScriptedHTTPServer { _ in
            [.write(ScriptedResponses.chunkedHead)] + Array(repeating: [.write(first), .pause(milliseconds: 200)], count: 20).flatMap { $0 }
        }
        defer { deadline.stop() }

        var records: [TransportKind: [String: RequestRecord]] = [:]
        for transport in Self.compared {
            let files = try await Self.run(targets, transport: transport, stall: 1)
            let slow = try await Self.run([("deadline", deadline.baseURL)], transport: transport, timeout: 1)
            records[transport] = (files.merging(slow) { a, _ in a }).compactMapValues(\.requests.first)
        }
        // Failures of kind `connect` name where the connection went.
        func at(_ name: String) -> String { " (127.0.0.1:\(servers.first { $0.0 == name }!.1.port))" }
        let expected: [String: (ErrorKind, String)] = [
            "reset": (.reset, "I/O error: Connection reset by peer"),
            "closed-mid-body": (.reset, "stream ended at an unexpected time"),
            "closed-before-response": (.connect, "connection closed before a response" + at("closed-before-response")),
            "closed-in-head": (.connect, "connection closed before a response" + at("closed-in-head")),
            "stall": (.timeout, "stalled: no bytes for 1 s (stall timeout)"),
            "invalid": (.connect, "invalid HTTP response: bad status line" + at("invalid")),
            "bad-chunk": (.reset, "invalid HTTP response: bad chunk size line"),
            "limited": (.rateLimited, "HTTP 429: slow"),
            "refused": (.connect, "I/O error: Connection refused (127.0.0.1:\(refused.port))"),
            "deadline": (.timeout, "request timeout of 1 s elapsed"),
        ]
        let epoll = try #require(records[.epoll])
        let nio = try #require(records[.nio])
        for (name, (kind, message)) in expected {
            let e = try #require(epoll[name], "\(name)")
            let n = try #require(nio[name], "\(name)")
            #expect(e.error?.kind == kind && e.error?.message == message, "epoll \(name): \(Self.describe(e))")
            #expect(e.error == n.error, "\(name): epoll \(Self.describe(e)) vs nio \(Self.describe(n))")
            if name != "deadline" {  // how many 200 ms chunks fit in the 1 s timeout is timing
                #expect(e.chunkTimes.count == n.chunkTimes.count, "\(name): epoll \(Self.describe(e)) vs nio \(Self.describe(n))")
            }
        }
        #expect(epoll["limited"]?.error?.retryAfterSeconds == 9)
        #expect(epoll["reset"]?.chunkTimes.count == 1 && epoll["stall"]?.chunkTimes.count == 1)
    }

    @Test func cancellingTheTaskEndsTheRequestAtOnce() async throws {
        let server = try ScriptedHTTPServer { _ in
            [.write(ScriptedResponses.chunkedHead + ScriptedResponses.chunk(ScriptedResponses.event("a"))), .pause(milliseconds: 20_000)]
        }
        defer { server.stop() }
        let workload = WorkloadConfiguration(arrival: .explicit(offsets: [0]), seed: 1, maxTokens: 8, timeoutSeconds: 60)
        let provider = try ResolvedProvider.resolve(
            ProviderConfiguration(name: "stuck", api: "openai-chat", baseURL: server.baseURL, model: "m"), environment: [:])
        let planned = try #require(try Workload(workload).requests.first)
        let client = StreamingClient(transport: .epoll, maxConnectionsPerHost: 8, stallTimeoutSeconds: 60)
        #expect(client.transport == .epoll)
        let clock = RunClock()
        let task = Task { await client.send(planned, scheduled: 0, endpoint: provider, workload: workload, clock: clock) }
        try await Task.sleep(for: .milliseconds(500))
        task.cancel()
        let outcome = await task.value
        await client.shutdown()
        #expect(outcome.record.error?.kind == .cancelled, "\(Self.describe(outcome.record))")
        #expect(outcome.record.chunkTimes.count == 1)
        // Well before the server's 20 s pause would end (a generous bound on a busy machine).
        #expect(clock.now() < 15_000_000, "took \(clock.now()) µs")
    }

    @Test func aClientShutDownFailsLateRequestsInsteadOfHanging() async throws {
        let workload = WorkloadConfiguration(arrival: .explicit(offsets: [0]), seed: 1, maxTokens: 8, timeoutSeconds: 60)
        let provider = try ResolvedProvider.resolve(
            ProviderConfiguration(name: "late", api: "openai-chat", baseURL: "http://127.0.0.1:9/v1", model: "m"), environment: [:])
        let planned = try #require(try Workload(workload).requests.first)
        let client = StreamingClient(transport: .epoll, maxConnectionsPerHost: 8, stallTimeoutSeconds: 60)
        await client.shutdown()
        try await Task.sleep(for: .milliseconds(100))
        let outcome = await client.send(planned, scheduled: 0, endpoint: provider, workload: workload, clock: RunClock())
        #expect(outcome.record.error?.kind == .cancelled, "\(Self.describe(outcome.record))")
    }

    /// An origin's addresses are tried in order (e.g. `localhost` as ::1, then 127.0.0.1): a
    /// refused first address falls through to the next.
    @Test func aRefusedAddressFallsBackToTheNextOne() async throws {
        let server = try ScriptedHTTPServer { _ in [.write(ScriptedResponses.contentLength)] }
        defer { server.stop() }
        let refused = try ScriptedHTTPServer { _ in [] }
        refused.stop()
        let resolver = OriginResolver()
        let addresses = try resolver.addresses(host: "127.0.0.1", port: refused.port)
            + resolver.addresses(host: "127.0.0.1", port: server.port)
        let request = try HTTP1Request(
            PreparedRequest(method: "POST", url: server.baseURL + "/chat/completions", headers: [], body: Array("{}".utf8)))
        let loop = try EpollLoop(maxIdlePerOrigin: 8)
        defer { loop.submit(.stop) }
        let ex = EpollExchange(
            request: request, addresses: addresses,
            capture: StreamCapture(decoder: StreamDecoder(api: .openAIChat), deadlineMicros: 60_000_000), clock: RunClock(),
            stallMicros: 60_000_000, connectTimeoutMicros: 10_000_000, requestTimeoutMicros: 60_000_000, onTokens: { _ in })
        let outcome = await withUnsafeContinuation { continuation in
            ex.continuation = continuation
            loop.submit(.start(ex))
        }
        #expect(outcome.failure == nil, "\(String(describing: outcome.failure))")
        #expect(outcome.capture.status == 200 && outcome.capture.state.chunkTimes.count == 3 && outcome.capture.state.endTime != nil)
    }

    /// A batched request handed over ahead of its time is launched by the loop at that time: its
    /// `sent` is the launch, not the hand-over, and `onLaunch` is called then.
    @Test func aBatchedRequestLeavesAtItsDueTime() async throws {
        let one = try OneBatchedRequest(dueSeconds: 0.3)
        defer { one.server.stop() }
        one.batches.launch(0..<1, of: [one.planned])
        let events = await one.mailbox.take()
        await one.client.shutdown()
        guard events.count == 1, case .ended(0, let ended) = events[0] else {
            Issue.record("expected one end, got \(events)")
            return
        }
        let r = try #require(one.client.outcome(of: ended, planned: one.planned, requests: one.requests, clock: one.clock)).record
        let due = one.planned.offsetMicros
        #expect(r.succeeded && r.chunkTimes.count == 3, "\(Self.describe(r))")
        #expect(r.scheduled == due)
        #expect(r.sent >= due && r.sent - due < 50_000, "sent \(r.sent - due) µs after its due time")
        let called = try #require(one.launches.times.first)
        #expect(one.launches.times.count == 1 && called >= due)
        #expect(one.server.connectionsAccepted == 1)
    }

    /// A batch cancelled (Ctrl-C) before a request's due time: that request was never sent, so
    /// it ends without a launch time and leaves no record, no connection and no `onLaunch`.
    @Test func aBatchedRequestCancelledBeforeItsTimeIsNeverSent() async throws {
        let one = try OneBatchedRequest(dueSeconds: 5)
        defer { one.server.stop() }
        one.batches.launch(0..<1, of: [one.planned])
        try await Task.sleep(for: .milliseconds(200))
        one.batches.cancel()
        let events = await one.mailbox.take()
        await one.client.shutdown()
        guard events.count == 1, case .ended(0, let ended) = events[0] else {
            Issue.record("expected one end, got \(events)")
            return
        }
        #expect(ended.launchedAt == nil)
        #expect(one.client.outcome(of: ended, planned: one.planned, requests: one.requests, clock: one.clock) == nil)
        #expect(one.clock.now() < one.planned.offsetMicros, "ended only at the due time")
        #expect(one.launches.times.isEmpty && one.server.connectionsAccepted == 0)
    }

    /// A batch is prepared ahead of its due times; a request that fails then (no address, not
    /// renderable) is recorded at its due time, never before it, with the kinds and messages of
    /// the task path.
    @Test func aRequestThatFailsBeforeItsLaunchIsDatedAtItsDueTime() throws {
        let one = try OneBatchedRequest(dueSeconds: 0.08)
        defer { one.server.stop() }
        let due = one.planned.offsetMicros
        let unresolved = one.client.failedBeforeLaunch(
            one.planned, scheduled: due, error: TransportError.unresolved(host: "nowhere.invalid"), requests: one.requests,
            clock: one.clock)
        #expect(unresolved.record.error?.kind == .connect && unresolved.record.error?.message.hasPrefix("could not resolve nowhere.invalid") == true)
        #expect(unresolved.record.sent == due && unresolved.record.end == due)
        let unbuildable = one.client.failedBeforeLaunch(
            one.planned, scheduled: 0, error: StreamProtocolError(.invalidRequest, "no model"), requests: one.requests, clock: one.clock)
        #expect(unbuildable.record.error?.kind == .other)
        #expect(unbuildable.record.error?.message.hasPrefix("request could not be built:") == true)
        #expect(unbuildable.record.sent >= 0 && unbuildable.record.sent == unbuildable.record.end)
    }

    /// A scripted server with one streamed answer, an `epoll` client, one planned request due
    /// `dueSeconds` after the clock's start, and a batch that posts its events to `mailbox`.
    struct OneBatchedRequest: Sendable {
        let server: ScriptedHTTPServer
        let client: StreamingClient
        let requests: RequestRenderer
        let planned: PlannedRequest
        let clock = RunClock()
        let launches = LaunchTimes()
        let mailbox = Mailbox<EpollRequestBatches.Event>()
        let batches: EpollRequestBatches

        init(dueSeconds: Double) throws {
            server = try ScriptedHTTPServer { _ in [.write(ScriptedResponses.contentLength)] }
            let workload = WorkloadConfiguration(arrival: .explicit(offsets: [dueSeconds]), seed: 1, maxTokens: 8, timeoutSeconds: 30)
            let provider = try ResolvedProvider.resolve(
                ProviderConfiguration(name: "batched", api: "openai-chat", baseURL: server.baseURL, model: "m"), environment: [:])
            requests = RequestRenderer(endpoint: provider, workload: workload)
            planned = try #require(try Workload(workload).requests.first)
            client = StreamingClient(transport: .epoll, maxConnectionsPerHost: 8, stallTimeoutSeconds: 60)
            let (clock, launches, mailbox) = (self.clock, self.launches, self.mailbox)
            let onLaunch: @Sendable () -> Void = { launches.record(clock.now()) }
            let onEvent: @Sendable (EpollRequestBatches.Event) -> Void = { mailbox.post($0) }
            let made = client.epollBatches(requests: requests, clock: clock, onLaunch: onLaunch, onTokens: { _ in }, onEvent: onEvent)
            batches = try #require(made)
        }
    }

    /// Times `onLaunch` was called at (from any thread).
    final class LaunchTimes: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [Int64] = []
        func record(_ t: Int64) { lock.withLock { recorded.append(t) } }
        var times: [Int64] { lock.withLock { recorded } }
    }

    @Test func theConfigurationNamesTheEpollTransport() throws {
        let yaml = "transport: epoll\nproviders:\n  - {name: a, base_url: \"http://127.0.0.1:1/v1\", model: m}\n"
        #expect(try ConfigurationLoader.parse(yaml: yaml).transport == .epoll)
    }
}

@Suite struct RunClockTests {
    /// `now()` reads CLOCK_BOOTTIME directly on Linux: it must agree with the ContinuousClock path
    /// (the timeline request timers sleep on) to within the microsecond rounding.
    @Test func nowAgreesWithContinuousClock() async throws {
        let clock = RunClock()
        for round in 0..<3 {
            for _ in 0..<1_000 {
                let before = clock.micros(ContinuousClock.now)
                let now = clock.now()
                let after = clock.micros(ContinuousClock.now)
                #expect(before <= now + 1 && now <= after + 1, "round \(round): \(before) \(now) \(after)")
            }
            try await Task.sleep(for: .milliseconds(30))
        }
    }
}
