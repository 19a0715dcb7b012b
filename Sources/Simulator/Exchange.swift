import Hummingbird
import NIOCore

/// The connection was closed on purpose (the disconnect fault).
struct SimulatedDisconnect: Error {}

/// One accepted completion request: its plan, and the code that plays the plan out on the wire
/// and logs what happened.
struct Exchange: Sendable {
    let requestID: String
    let route: SimulatorResponder.Route
    let plan: RequestPlan
    let received: UInt64
    let stream: Bool
    let includeUsage: Bool
    let promptTokens: Int
    let encoder: CompletionEncoder
    let recorder: ServedRequestRecorder
    let timer: StreamTimer
    let eventLoop: any EventLoop

    /// Logs a request turned away before generation (error or rate-limit fault).
    func recordRejection(outcome: String) {
        recorder.record(ServedRequestLog(
            requestID: requestID, profile: route.profile.name, receivedNanos: received, generationStartNanos: nil,
            firstChunkWrittenNanos: nil, endNanos: MonotonicClock.nanos(), outputTokens: 0, outcome: outcome,
            streamed: stream))
    }

    /// What happened so far, turned into a log entry at the end whatever the ending.
    private struct Progress {
        var generationStart: UInt64?
        var firstWritten: UInt64?
        var tokensSent = 0
    }

    private func record(_ progress: Progress, outcome: String) {
        recorder.record(ServedRequestLog(
            requestID: requestID, profile: route.profile.name, receivedNanos: received,
            generationStartNanos: progress.generationStart, firstChunkWrittenNanos: progress.firstWritten,
            endNanos: MonotonicClock.nanos(), outputTokens: progress.tokensSent, outcome: outcome, streamed: stream))
    }

    /// Outcome for an error that ended the exchange early.
    private static func outcome(for error: any Error) -> String {
        switch error {
        case is SimulatedDisconnect: return "disconnect"
        case is CancellationError: return "cancelled"
        default: return "client-closed"
        }
    }

    private static func duration(ms: Double) -> TimeAmount {
        .nanoseconds(Int64((ms * 1_000_000).rounded()))
    }

    private func sleep(until deadline: NIODeadline) async throws {
        try await timer.sleep(until: deadline, on: eventLoop)
    }

    // MARK: Streaming

    /// Streams the plan as SSE: the opening (non-token) event once a generation slot is granted,
    /// content events at their due times, then the closing events. Each event is written when due;
    /// due times are absolute, so a late wake-up does not push later chunks back.
    func stream(to writer: inout any ResponseBodyWriter) async throws {
        if #available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, *) {
            try await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop)) {
                try await streamHere(to: &writer)
            }
        } else {
            try await streamHere(to: &writer)
        }
    }

    private func streamHere(to writer: inout any ResponseBodyWriter) async throws {
        var progress = Progress()
        do {
            try await route.gate.acquire()
        } catch {
            record(progress, outcome: Self.outcome(for: error))
            throw error
        }
        defer { route.gate.release() }
        progress.generationStart = MonotonicClock.nanos()
        let start = NIODeadline.now()

        do {
            try await writer.write(encoder.openingEvent())
            var due = start + Self.duration(ms: plan.ttftMs)
            let chunks = plan.chunkTokens
            for (index, count) in chunks.enumerated() {
                if index > 0 { due = due + Self.duration(ms: plan.chunkIntervalsMs[index - 1]) }
                try await sleep(until: due)
                // Stamped as the chunk is handed to the server's I/O, not when the write returns: a
                // task resumed late under load would otherwise log a TTFT longer than the client's.
                if progress.firstWritten == nil { progress.firstWritten = MonotonicClock.nanos() }
                try await writer.write(encoder.contentEvent(firstToken: progress.tokensSent, count: count))
                progress.tokensSent += count

                let sent = index + 1
                switch plan.fault {
                case .stall(let after, let seconds) where after == sent:
                    due = due + Self.duration(ms: seconds * 1000)
                case .malformed(let after) where after == sent:
                    try await writer.write(encoder.malformedEvent())
                case .disconnect(let after) where after == sent:
                    // Close when the next chunk would have been due.
                    let gap = sent < chunks.count
                        ? plan.chunkIntervalsMs[index] : route.profile.interTokenMs * Double(route.profile.tokensPerChunk)
                    try await sleep(until: due + Self.duration(ms: gap))
                    throw SimulatedDisconnect()
                default:
                    break
                }
            }
            try await writer.write(encoder.closingEvents(
                finishReason: plan.finishReason,
                usage: includeUsage ? (promptTokens, plan.outputTokens) : nil))
        } catch {
            record(progress, outcome: Self.outcome(for: error))
            throw error  // Hummingbird closes the connection
        }
        // Logged before the body's end is written, so the entry exists by the time a client sees
        // the response complete.
        record(progress, outcome: plan.plannedOutcome)
        try await writer.finish(nil)
    }

    // MARK: Whole responses

    /// Answers a non-streamed request after the time the whole generation would take. Faults:
    /// a stall adds its pause, malformed sends truncated JSON, disconnect closes the connection
    /// half-way through the body.
    func respondWhole(headers: HTTPFields) async throws -> Response {
        var progress = Progress()
        do {
            try await route.gate.acquire()
            progress.generationStart = MonotonicClock.nanos()
            let start = NIODeadline.now()
            var total = plan.ttftMs + plan.chunkIntervalsMs.reduce(0, +)
            if case .stall(_, let seconds) = plan.fault { total += seconds * 1000 }
            do {
                try await sleep(until: start + Self.duration(ms: total))
            } catch {
                route.gate.release()
                throw error
            }
            route.gate.release()
        } catch {
            record(progress, outcome: Self.outcome(for: error))
            return SimulatorResponder.error(.serviceUnavailable, type: "server_error", "simulator is shutting down")
        }

        var body = encoder.completion(
            tokens: plan.outputTokens, finishReason: plan.finishReason, promptTokens: promptTokens)
        if case .malformed = plan.fault { body = body.getSlice(at: body.readerIndex, length: body.readableBytes / 2)! }
        let payload = body
        let generated = progress.generationStart
        let exchange = self
        return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: payload.readableBytes) { writer in
            var progress = Progress(generationStart: generated)
            if case .disconnect = exchange.plan.fault {
                exchange.record(progress, outcome: "disconnect")
                try await writer.write(payload.getSlice(at: payload.readerIndex, length: payload.readableBytes / 2)!)
                throw SimulatedDisconnect()  // Hummingbird closes the connection
            }
            // Logged just before the body is handed over, so the entry exists by the time the
            // client has the whole response.
            progress.firstWritten = MonotonicClock.nanos()
            progress.tokensSent = exchange.plan.outputTokens
            exchange.record(progress, outcome: exchange.plan.plannedOutcome)
            try await writer.write(payload)
            try await writer.finish(nil)
        })
    }
}
