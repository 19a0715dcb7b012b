import JSON
/// Writes result files: a readable header, then one request per line with chunk times as
/// integer microsecond deltas (format 2: `ChunkDeltaText`; a file whose `schemaVersion` is 1.x
/// gets format 1's decimal arrays). Keys are in a fixed order, so the same file always gives the
/// same bytes.
public enum ResultFileEncoder {
    /// The JSON text of `file` (uncompressed).
    public static func encode(_ file: ResultFile) -> [UInt8] {
        var w = JSONWriter()
        w.raw("{\n")
        w.raw("  \"schema\": "); w.string(ResultFile.schemaName); w.raw(",\n")
        // A segment needs 2.2, whatever version the file was made with.
        let version = file.run.segment != nil && file.schemaVersion.major == 2 && file.schemaVersion.minor < 2
            ? ResultFile.segmentSchemaVersion : file.schemaVersion
        w.raw("  \"schema_version\": "); w.string(version.description); w.raw(",\n")
        w.raw("  \"time_unit\": \"us\",\n")
        w.raw("  \"run\": "); encodeRun(file.run, &w); w.raw(",\n")
        w.raw("  \"provider\": "); encodeProvider(file.provider, &w); w.raw(",\n")
        w.raw("  \"workload\": "); encodeWorkload(file.workload, &w); w.raw(",\n")
        w.raw("  \"token_count\": "); w.string(file.tokenCount.rawValue); w.raw(",\n")
        if let sc = file.selfCheck {
            w.raw("  \"self_check\": "); encodeSelfCheck(sc, &w); w.raw(",\n")
        }
        w.raw("  \"requests\": [")
        let compact = file.schemaVersion.major >= 2
        for (i, r) in file.requests.enumerated() {
            w.raw(i == 0 ? "\n    " : ",\n    ")
            encodeRequest(r, compactChunks: compact, &w)
        }
        w.raw(file.requests.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
        return w.bytes
    }

    /// One request record as a single-line JSON object (also the journal's line format), with a
    /// final newline when `newline` is true; chunks in the current format's compact text.
    ///
    /// The buffer is sized from the record, not the whole-file default: the bench journals one
    /// line per finished request, and a 64 KiB buffer each time was a fresh allocation and its
    /// page faults per request.
    public static func encodeLine(_ r: RequestRecord, newline: Bool = false) -> [UInt8] {
        let estimate = 256 + 5 * r.chunkTimes.count + 4 * (r.chunkTokens?.count ?? 0) + 2 * (r.error?.message.utf8.count ?? 0)
        var w = JSONWriter(reservingCapacity: estimate)
        encodeRequest(r, compactChunks: true, &w)
        if newline { w.byte(0x0A) }
        return w.bytes
    }

    static func encodeRun(_ run: RunInfo, _ w: inout JSONWriter) {
        w.raw("{\"id\": "); w.string(run.id)
        w.raw(", \"started_at\": "); w.string(run.startedAt)
        w.raw(", \"ended_at\": "); w.string(run.endedAt)
        w.raw(", \"bench_version\": "); w.string(run.benchVersion)
        w.raw(", \"source\": "); w.string(run.source.rawValue)
        if let note = run.note { w.raw(", \"note\": "); w.string(note) }
        w.raw(", \"partial\": "); w.raw(run.partial ? "true" : "false")
        if let s = run.segment {
            w.raw(", \"segment\": {\"index\": "); w.raw(String(s.index))
            w.raw(", \"count\": "); w.raw(String(s.count))
            w.raw(", \"host\": "); w.string(s.host)
            w.raw(", \"clock_anchor_us\": "); w.raw(String(s.clockAnchorMicros))
            if let u = s.clockUncertaintyMicros { w.raw(", \"clock_uncertainty_us\": "); w.raw(String(u)) }
            w.raw("}")
        }
        w.raw("}")
    }

    static func encodeProvider(_ p: ProviderInfo, _ w: inout JSONWriter) {
        w.raw("{\"name\": "); w.string(p.name)
        w.raw(", \"slug\": "); w.string(p.slug)
        w.raw(", \"api\": "); w.string(p.api)
        w.raw(", \"base_url\": "); w.string(p.baseURL)
        w.raw(", \"model\": "); w.string(p.model)
        w.raw("}")
    }

    static func encodeWorkload(_ x: WorkloadInfo, _ w: inout JSONWriter) {
        w.raw("{\"fingerprint\": "); w.string(x.fingerprint)
        w.raw(", \"arrival\": "); w.string(x.arrival)
        w.raw(", \"request_count\": "); w.int(Int64(x.requestCount))
        w.raw(", \"seed\": "); w.raw(String(x.seed))
        w.raw(", \"prompt_source\": "); w.string(x.promptSource)
        w.raw(", \"temperature\": "); w.double(x.temperature)
        w.raw(", \"top_p\": "); w.double(x.topP)
        w.raw(", \"max_tokens\": "); w.int(Int64(x.maxTokens))
        w.raw(", \"timeout_s\": "); w.double(x.timeoutSeconds)
        w.raw(", \"parameters\": {")
        for (i, key) in x.parameters.keys.sorted().enumerated() {
            if i > 0 { w.raw(", ") }
            w.string(key); w.raw(": "); w.string(x.parameters[key]!)
        }
        w.raw("}}")
    }

    static func encodeSelfCheck(_ s: SelfCheck, _ w: inout JSONWriter) {
        w.raw("{\"offered_rate\": "); w.double(s.offeredRate)
        w.raw(", \"achieved_rate\": "); w.double(s.achievedRate)
        w.raw(", \"launch_lag_p50_us\": "); w.int(s.launchLagP50Micros)
        w.raw(", \"launch_lag_p99_us\": "); w.int(s.launchLagP99Micros)
        w.raw(", \"client_cpu_s\": "); w.double(s.clientCPUSeconds)
        w.raw(", \"wall_s\": "); w.double(s.wallSeconds)
        if let steal = s.cpuStealSeconds { w.raw(", \"cpu_steal_s\": "); w.double(steal) }
        w.raw(", \"warnings\": [")
        for (i, warning) in s.warnings.enumerated() {
            if i > 0 { w.raw(", ") }
            w.string(warning)
        }
        w.raw("]}")
    }

    static func encodeRequest(_ r: RequestRecord, compactChunks: Bool, _ w: inout JSONWriter) {
        w.raw("{\"id\": "); w.int(Int64(r.id))
        w.raw(", \"scheduled\": "); w.int(r.scheduled)
        w.raw(", \"sent\": "); w.int(r.sent)
        w.raw(", \"first_token\": "); w.optionalInt(r.firstToken)
        if let fv = r.firstVisibleToken, fv != r.firstToken { w.raw(", \"first_visible_token\": "); w.int(fv) }
        w.raw(", \"end\": "); w.int(r.end)
        w.raw(", \"output_tokens\": "); w.int(Int64(r.outputTokens))
        w.raw(", \"error\": ")
        if let e = r.error {
            w.raw("{\"kind\": "); w.string(e.kind.rawValue)
            if let s = e.status { w.raw(", \"status\": "); w.int(Int64(s)) }
            w.raw(", \"message\": "); w.string(e.message)
            if let ra = e.retryAfterSeconds { w.raw(", \"retry_after_s\": "); w.double(ra) }
            w.raw("}")
        } else {
            w.raw("null")
        }
        if compactChunks {
            w.raw(", \"chunks\": ")
            ChunkDeltaText.append(r.chunkTimes, after: r.sent, to: &w)
        } else {
            w.raw(", \"chunks\": [")
            var previous = r.sent
            for (i, t) in r.chunkTimes.enumerated() {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                w.int(t - previous)
                previous = t
            }
            w.raw("]")
        }
        if let tokens = r.chunkTokens, tokens.contains(where: { $0 != 1 }) {
            w.raw(", \"chunk_tokens\": [")
            for (i, n) in tokens.enumerated() {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                w.int(Int64(n))
            }
            w.raw("]")
        }
        if let t = r.serverTimings {
            w.raw(", \"server_timings\": {\"prompt_tokens\": "); w.int(Int64(t.promptTokens))
            w.raw(", \"prompt_ms\": "); w.double(t.promptMs)
            w.raw(", \"decode_tokens\": "); w.int(Int64(t.decodeTokens))
            w.raw(", \"decode_ms\": "); w.double(t.decodeMs)
            w.raw("}")
        }
        w.raw("}")
    }
}
