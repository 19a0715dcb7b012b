import Hummingbird

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

    private static func duration(ms: Double) -> Duration {
        .nanoseconds(Int64((ms * 1_000_000).rounded()))
    }

    // MARK: Streaming

    /// Streams the plan as SSE: the opening (non-token) event once a generation slot is granted,
    /// content events at their due times, then the closing events. Each event is written when due;
    /// due times are absolute, so a late wake-up does not push later chunks back.
    func stream(to writer: inout any ResponseBodyWriter) async throws {
        var progress = Progress()
        do {
            try await route.gate.acquire()
        } catch {
            record(progress, outcome: Self.outcome(for: error))
            throw error
        }
        defer { route.gate.release() }
        progress.generationStart = MonotonicClock.nanos()
        let start = ContinuousClock.now

        do {
            try await writer.write(encoder.openingEvent())
            var due = start + Self.duration(ms: plan.ttftMs)
            let chunks = plan.chunkTokens
            for (index, count) in chunks.enumerated() {
                if index > 0 { due += Self.duration(ms: plan.chunkIntervalsMs[index - 1]) }
                try await Task.sleep(until: due, clock: .continuous)
                try await writer.write(encoder.contentEvent(firstToken: progress.tokensSent, count: count))
                if progress.firstWritten == nil { progress.firstWritten = MonotonicClock.nanos() }
                progress.tokensSent += count

                let sent = index + 1
                switch plan.fault {
                case .stall(let after, let seconds) where after == sent:
                    due += Self.duration(ms: seconds * 1000)
                case .malformed(let after) where after == sent:
                    try await writer.write(encoder.malformedEvent())
                case .disconnect(let after) where after == sent:
                    // Close when the next chunk would have been due.
                    let gap = sent < chunks.count
                        ? plan.chunkIntervalsMs[index] : route.profile.interTokenMs * Double(route.profile.tokensPerChunk)
                    try await Task.sleep(until: due + Self.duration(ms: gap), clock: .continuous)
                    throw SimulatedDisconnect()
                default:
                    break
                }
            }
            try await writer.write(encoder.closingEvents(
                finishReason: plan.finishReason,
                usage: includeUsage ? (promptTokens, plan.outputTokens) : nil))
            try await writer.finish(nil)
        } catch {
            record(progress, outcome: Self.outcome(for: error))
            throw error  // Hummingbird closes the connection
        }
        record(progress, outcome: plan.plannedOutcome)
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
            let start = ContinuousClock.now
            var total = plan.ttftMs + plan.chunkIntervalsMs.reduce(0, +)
            if case .stall(_, let seconds) = plan.fault { total += seconds * 1000 }
            do {
                try await Task.sleep(until: start + Self.duration(ms: total), clock: .continuous)
            } catch {
                route.gate.release()
                throw error
            }
            route.gate.release()
        } catch {
            record(progress, outcome: Self.outcome(for: error))
            return SimulatorResponder.error(.serviceUnavailable, type: "server_error", "simulator is shutting down")
        }

        let full = encoder.completion(
            tokens: plan.outputTokens, finishReason: plan.finishReason, promptTokens: promptTokens)
        let fault = plan.fault
        var body = full
        if case .malformed = fault { body = full.getSlice(at: full.readerIndex, length: full.readableBytes / 2) ?? full }
        let fullLength = body.readableBytes
        let payload = body
        let generated = progress.generationStart
        let exchange = self
        return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: fullLength) { writer in
            var progress = Progress(generationStart: generated)
            do {
                if case .disconnect = fault {
                    try await writer.write(payload.getSlice(at: payload.readerIndex, length: fullLength / 2) ?? payload)
                    throw SimulatedDisconnect()
                }
                try await writer.write(payload)
                progress.firstWritten = MonotonicClock.nanos()
                progress.tokensSent = exchange.plan.outputTokens
                try await writer.finish(nil)
            } catch {
                exchange.record(progress, outcome: Self.outcome(for: error))
                throw error
            }
            exchange.record(progress, outcome: exchange.plan.plannedOutcome)
        })
    }
}
