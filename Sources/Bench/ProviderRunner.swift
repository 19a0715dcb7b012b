import Foundation
import ResultFormat

/// What one provider's part of a run produced.
public struct ProviderResult: Sendable {
    public var file: ResultFile
    /// Where the result file was written.
    public var path: String
}

/// Drives the workload at one provider: requests leave at their due times (from timers, not a
/// polling loop), each finished request is journalled at once, and the result file is written
/// atomically at the end (marked partial if the run was interrupted).
///
/// Open-loop requests on the `epoll` transport are handed over in batches up to
/// `handOverAheadMicros` before they are due and launched by its loop on its own timer
/// (`runBatched`): at thousands of requests per second, a timer sleep and a task per request
/// were a visible share of the client's CPU. Otherwise each request is a task that sleeps until
/// it is due (`runTasks`).
struct ProviderRunner: Sendable {
    /// How long before its due time an open-loop request on `epoll` is handed to the loop.
    static let handOverAheadMicros: Int64 = 50_000

    let provider: ResolvedProvider
    let workload: Workload
    let runID: String
    let resultsDirectory: String
    let client: StreamingClient
    let counters: LiveCounters
    let progress: ProgressReporter
    let console: Console
    let extraWarnings: [String]
    /// Read for the segment record (`HOSTNAME`, `BENCH_CLOCK_OFFSET_US`).
    let environment: [String: String]

    static let benchVersion = "bench 0.1.0"

    /// The run's tool field: the bench's version and the transport that carried the streams.
    var toolDescription: String { "\(Self.benchVersion) (transport \(client.transport.rawValue))" }

    func run() async throws -> ProviderResult {
        let runDir = resultsDirectory + "/" + runID
        try FileManager.default.createDirectory(atPath: runDir, withIntermediateDirectories: true)
        let (clock, anchorMicros) = WallClockAnchor.start()
        let startDate = Date(timeIntervalSince1970: Double(anchorMicros) / 1_000_000)
        let cpuStart = ResourceLimits.processCPUSeconds()
        let stealStart = ResourceLimits.machineStealSeconds()
        let cfg = provider.configuration
        var file = ResultFile(
            run: RunInfo(
                id: runID, startedAt: Timestamps.iso8601(startDate), endedAt: Timestamps.iso8601(startDate),
                benchVersion: toolDescription, source: cfg.source, note: cfg.note, partial: true),
            provider: provider.info, workload: workload.info,
            tokenCount: provider.api.reportsUsage ? .usage : .events, requests: [])
        if let segment = workload.segment {
            file.run.segment = try WallClockAnchor.segmentInfo(segment, anchorMicros: anchorMicros, environment: environment)
        }
        let journal = try JournalWriter(
            path: JournalWriter.path(runDirectory: runDir, slug: cfg.slug, segment: file.run.segment), header: file)
        let journalFailures = LiveCounters(planned: 0)

        progress.begin(name: cfg.name, counters: counters, clock: clock, plannedSeconds: workload.plannedDurationSeconds)
        defer { progress.end(name: cfg.name) }

        let maxConcurrency = workload.configuration.maxConcurrency
        let requests = RequestRenderer(endpoint: provider, workload: workload.configuration, runID: runID)
        // One closure for all requests: it is called on every read that carries tokens, and a
        // closure made per request (inside `addTask`) is one more cold object per read.
        let onTokens: @Sendable (Int) -> Void = { [counters] in counters.didReceive(tokens: $0) }
        let onLaunch: @Sendable () -> Void = { [counters] in counters.didSend() }
        // Journals and counts one finished request (from any thread).
        let keep: @Sendable (RequestOutcome) -> Void = { [counters] outcome in
            do { try journal.append(outcome) } catch { journalFailures.didFinish(outcome.record) }
            counters.didFinish(outcome.record)
        }
        let outcomes: [RequestOutcome]
        #if os(Linux)
        let mailbox = Mailbox<BatchMessage>()
        let batches = maxConcurrency == nil
            ? client.epollBatches(requests: requests, clock: clock, onLaunch: onLaunch, onTokens: onTokens,
                                  onEvent: { mailbox.post(.event($0)) })
            : nil
        if let batches {
            outcomes = await Self.runBatched(
                workload.requests, batches: batches, mailbox: mailbox, client: client, requests: requests, clock: clock, keep: keep)
        } else {
            outcomes = await runTasks(requests: requests, clock: clock, onLaunch: onLaunch, onTokens: onTokens, keep: keep)
        }
        #else
        outcomes = await runTasks(requests: requests, clock: clock, onLaunch: onLaunch, onTokens: onTokens, keep: keep)
        #endif
        let interrupted = Task.isCancelled
        let wall = Double(clock.now()) / 1_000_000
        let cpu = ResourceLimits.processCPUSeconds() - cpuStart
        let steal = stealStart.flatMap { start in ResourceLimits.machineStealSeconds().map { max(0, $0 - start) } }

        file.requests = outcomes.map(\.record).sorted { $0.id < $1.id }
        RequestOutcome.settleTokenCount(
            &file,
            sources: Dictionary(outcomes.map { ($0.record.id, ($0.tokensFromUsage, $0.eventTokens)) }, uniquingKeysWith: { a, _ in a }))
        var warnings = extraWarnings
        let lost = journalFailures.snapshot.done
        if lost > 0 { warnings.append("\(lost) journal lines could not be written") }
        if outcomes.contains(where: { $0.record.error?.message.contains("out of file descriptors") == true }) {
            warnings.append("the open-file limit was hit: some requests failed to connect because of the client")
        }
        file.selfCheck = SelfCheckBuilder.build(
            records: file.requests, cpuSeconds: cpu, wallSeconds: wall, cores: ProcessInfo.processInfo.activeProcessorCount,
            closedLoop: maxConcurrency != nil, stealSeconds: steal, extraWarnings: warnings)
        file.run.endedAt = Timestamps.iso8601(Date())
        file.run.partial = interrupted
        await client.closeIdleConnections()
        let path = try ResultStore.write(file, in: resultsDirectory)
        journal.remove()
        return ProviderResult(file: file, path: path)
    }

    /// One task per request, each sleeping until it is due: closed-loop runs, and transports
    /// other than `epoll`.
    private func runTasks(
        requests: RequestRenderer, clock: RunClock, onLaunch: @escaping @Sendable () -> Void,
        onTokens: @escaping @Sendable (Int) -> Void, keep: @escaping @Sendable (RequestOutcome) -> Void
    ) async -> [RequestOutcome] {
        let maxConcurrency = workload.configuration.maxConcurrency
        let client = self.client
        return await withTaskGroup(of: RequestOutcome.self, returning: [RequestOutcome].self) { group in
            var finished: [RequestOutcome] = []
            finished.reserveCapacity(workload.requests.count)
            var inFlight = 0
            for planned in workload.requests {
                var due = planned.offsetMicros
                if let cap = maxConcurrency, inFlight >= cap {
                    // Closed loop: wait for a slot; the request is then due when the slot opened.
                    if let o = await group.next() {
                        finished.append(o)
                        inFlight -= 1
                    }
                    due = max(due, clock.now())
                }
                do {
                    try await Task.sleep(until: clock.instant(atMicros: due), tolerance: .zero, clock: .continuous)
                } catch { break }  // cancelled: stop launching
                if Task.isCancelled { break }
                inFlight += 1
                group.addTask {
                    let outcome = await client.send(
                        planned, scheduled: due, requests: requests, clock: clock, onLaunch: onLaunch, onTokens: onTokens)
                    keep(outcome)
                    return outcome
                }
            }
            for await o in group { finished.append(o) }
            return finished
        }
    }

    #if os(Linux)
    /// What the batched run's collecting task receives.
    enum BatchMessage: Sendable {
        case event(EpollRequestBatches.Event)
        /// The scheduler has handed over this many requests and stopped.
        case handedOver(Int)
    }

    /// Open-loop requests on the `epoll` transport: a scheduler hands over, about once per
    /// `handOverAheadMicros`, every request due within the next two intervals; the loop launches
    /// each at its due time; this task journals each end as it comes. Ctrl-C stops the scheduler
    /// and cancels what was handed over (those not launched yet leave no record).
    static func runBatched(
        _ all: [PlannedRequest], batches: EpollRequestBatches, mailbox: Mailbox<BatchMessage>, client: StreamingClient,
        requests: RequestRenderer, clock: RunClock,
        keep: @escaping @Sendable (RequestOutcome) -> Void
    ) async -> [RequestOutcome] {
        let ahead = handOverAheadMicros
        return await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self, returning: [RequestOutcome].self) { tasks in
                tasks.addTask {
                    var next = 0
                    while next < all.count {
                        let due = all[next].offsetMicros
                        if due - 2 * ahead > clock.now() {
                            do {
                                try await Task.sleep(until: clock.instant(atMicros: due - ahead), tolerance: .zero, clock: .continuous)
                            } catch { break }  // cancelled: stop handing over
                        }
                        if Task.isCancelled { break }
                        let horizon = clock.now() + 2 * ahead
                        var end = next + 1
                        while end < all.count, all[end].offsetMicros <= horizon { end += 1 }
                        batches.launch(next..<end, of: all)
                        next = end
                    }
                    mailbox.post(.handedOver(next))
                }
                var finished: [RequestOutcome] = []
                finished.reserveCapacity(all.count)
                var ended = 0
                var handedOver: Int?
                while handedOver.map({ ended < $0 }) ?? true {
                    for message in await mailbox.take() {
                        switch message {
                        case .handedOver(let n):
                            handedOver = n
                        case .event(let event):
                            ended += 1
                            let outcome: RequestOutcome?
                            switch event {
                            case .ended(let index, let result):
                                outcome = client.outcome(of: result, planned: all[index], requests: requests, clock: clock)
                            case .failedBeforeLaunch(let o):
                                outcome = o
                            }
                            if let outcome {
                                keep(outcome)
                                finished.append(outcome)
                            }
                        }
                    }
                }
                return finished
            }
        } onCancel: {
            batches.cancel()
        }
    }
    #endif
}
