import JSON
/// Turns a parsed JSON document into a validated `ResultFile`, naming the field at fault.
///
/// Unknown fields are ignored (forward compatibility within a major version); an unknown
/// major version is refused before anything else is read.
public struct ResultFileDecoder {
    private let path: String
    let limits: ResultLimits

    /// A decoder whose errors name `path`.
    init(path: String, limits: ResultLimits = .standard) {
        self.path = path
        self.limits = limits
    }

    /// Decodes the bytes of a result file (plain JSON, or gzip-compressed JSON) within `limits`.
    public static func decode(_ data: [UInt8], path: String, limits: ResultLimits = .standard) throws(ResultFileError) -> ResultFile {
        try decode(data, path: path, limits: limits, readingRequestsDirectly: true)
    }

    /// - Parameter readingRequestsDirectly: false reads every record through the `JSONValue`
    ///   tree: the reference `RequestArrayReader` is tested against.
    static func decode(
        _ data: [UInt8], path: String, limits: ResultLimits = .standard, readingRequestsDirectly: Bool
    ) throws(ResultFileError) -> ResultFile {
        guard data.count <= limits.maxFileBytes else {
            throw ResultFileError(path: path, problem: .unreadable(limits.fileTooLarge))
        }
        guard Gzip.isCompressed(data) else {
            return try data.withUnsafeBufferPointer { plain throws(ResultFileError) in
                try decode(json: plain, path: path, limits: limits, readingRequestsDirectly: readingRequestsDirectly)
            }
        }
        let result: Result<ResultFile, ResultFileError>
        do {
            result = try Gzip.withDecompressed(data, limit: limits.maxFileBytes) { plain in
                Result { () throws(ResultFileError) in
                    try decode(json: plain, path: path, limits: limits, readingRequestsDirectly: readingRequestsDirectly)
                }
            }
        } catch {
            throw ResultFileError(path: path, problem: .unreadable("gzip: \(error)"))
        }
        return try result.get()
    }

    private static func decode(
        json bytes: UnsafeBufferPointer<UInt8>, path: String, limits: ResultLimits, readingRequestsDirectly: Bool
    ) throws(ResultFileError) -> ResultFile {
        let decoder = ResultFileDecoder(path: path, limits: limits)
        let value: JSONValue
        let requests: [RequestRecord]?
        do {
            if readingRequestsDirectly {
                (value, requests) = try JSONParser.parse(bytes, intercepting: "requests") { parser in
                    RequestArrayReader(decoder: decoder).read(&parser)
                }
            } else {
                (value, requests) = (try JSONParser.parse(bytes), nil)
            }
        } catch {
            throw ResultFileError(path: path, problem: .syntax(error))
        }
        return try decoder.file(from: value, requests: requests)
    }

    /// - Parameter requests: the records when `RequestArrayReader` already read them (the
    ///   document then holds an empty placeholder array under `requests`).
    private func file(from value: JSONValue, requests: [RequestRecord]? = nil) throws(ResultFileError) -> ResultFile {
        guard case .object(let top) = value, case .string(let schema)? = top["schema"],
            schema == ResultFile.schemaName
        else { throw ResultFileError(path: path, problem: .notAResultFile) }
        let versionText = try string(top, "schema_version", "")
        guard let version = SchemaVersion(versionText) else {
            throw invalid("schema_version", "expected \"MAJOR.MINOR\", found \"\(versionText)\"")
        }
        guard ResultFile.readableMajorVersions.contains(version.major) else {
            throw ResultFileError(path: path, problem: .unsupportedVersion(versionText))
        }
        let unit = try string(top, "time_unit", "")
        guard unit == "us" else { throw invalid("time_unit", "only \"us\" (integer microseconds) is defined, found \"\(unit)\"") }

        let tokenCountText = try string(top, "token_count", "")
        guard let tokenCount = TokenCountMethod(rawValue: tokenCountText) else {
            throw invalid("token_count", "expected \"usage\" or \"events\", found \"\(tokenCountText)\"")
        }
        let runInfo = try run(try object(top, "run", ""))
        let providerInfo = try provider(try object(top, "provider", ""))
        try checkShownText(runInfo, providerInfo)
        let workloadInfo = try workload(try object(top, "workload", ""))
        let selfCheck = try selfCheck(top["self_check"])
        var file = try finish(runInfo, providerInfo, workloadInfo, tokenCount, selfCheck, top, requests)
        file.schemaVersion = version
        return file
    }

    /// `run`: id (a safe path name), times, bench version, source, note, partial.
    private func run(_ run: [String: JSONValue]) throws(ResultFileError) -> RunInfo {
        let sourceText = try string(run, "source", "run")
        guard let source = DataSource(rawValue: sourceText) else {
            throw invalid("run.source", "expected one of \(DataSource.allCases.map(\.rawValue)), found \"\(sourceText)\"")
        }
        let info = RunInfo(
            id: try string(run, "id", "run"), startedAt: try string(run, "started_at", "run"),
            endedAt: try string(run, "ended_at", "run"), benchVersion: try string(run, "bench_version", "run"),
            source: source, note: try optionalString(run, "note", "run"),
            partial: try optionalBool(run, "partial", "run") ?? false,
            segment: try segment(run["segment"]))
        guard Slug.isSafeRunID(info.id) else {
            throw invalid("run.id", "\"\(info.id)\" is not a safe run id (letters, digits, '-', '_', '.')")
        }
        return info
    }

    /// `run.segment` (2.2): index below count, count 1…1024, a host name, a wall-clock anchor.
    private func segment(_ value: JSONValue?) throws(ResultFileError) -> SegmentInfo? {
        guard let value, value != .null else { return nil }
        guard case .object(let o) = value else { throw invalid("run.segment", "expected an object, found \(value.typeName)") }
        let count = try int(o, "count", "run.segment")
        guard (1...Int64(SegmentInfo.maxCount)).contains(count) else {
            throw invalid("run.segment.count", "expected 1 to \(SegmentInfo.maxCount), found \(count)")
        }
        let index = try int(o, "index", "run.segment")
        guard (0..<count).contains(index) else {
            throw invalid("run.segment.index", "expected 0 to \(count - 1) (below count), found \(index)")
        }
        let host = try string(o, "host", "run.segment")
        if let bad = host.unicodeScalars.first(where: Self.isHiddenFormatting) {
            throw invalid("run.segment.host", "contains the invisible character U+\(String(bad.value, radix: 16, uppercase: true))")
        }
        try checkDisplayLength(host, "run.segment.host")
        let anchor = try int(o, "clock_anchor_us", "run.segment")
        guard anchor >= 0 else { throw invalid("run.segment.clock_anchor_us", "expected a time after 1970, found \(anchor)") }
        let uncertainty = try optionalInt(o, "clock_uncertainty_us", "run.segment")
        if let uncertainty, uncertainty < 0 {
            throw invalid("run.segment.clock_uncertainty_us", "expected 0 or more, found \(uncertainty)")
        }
        return SegmentInfo(
            index: Int(index), count: Int(count), host: host, clockAnchorMicros: anchor, clockUncertaintyMicros: uncertainty)
    }

    /// `provider`: a valid slug, and a base URL without credentials (the site would publish it).
    private func provider(_ provider: [String: JSONValue]) throws(ResultFileError) -> ProviderInfo {
        let slug = try string(provider, "slug", "provider")
        guard Slug.isValid(slug) else {
            throw invalid("provider.slug", "\"\(slug)\" is not a slug (lowercase letters, digits and single '-')")
        }
        let info = ProviderInfo(
            name: try string(provider, "name", "provider"), slug: slug, api: try string(provider, "api", "provider"),
            baseURL: try string(provider, "base_url", "provider"), model: try string(provider, "model", "provider"))
        if let why = Self.credentialsIn(url: info.baseURL) {
            throw invalid("provider.base_url", "\(why): the file would publish it (bench never writes one; remove it from the file)")
        }
        return info
    }

    /// Text shown on every page and in the README: no control characters and no bidirectional
    /// overrides or isolates (which would make a name read as another one) where names are
    /// shown, and every shown text within the length limit.
    private func checkShownText(_ run: RunInfo, _ provider: ProviderInfo) throws(ResultFileError) {
        for (field, text) in [("provider.name", provider.name), ("provider.model", provider.model), ("run.note", run.note ?? "")] {
            if let bad = text.unicodeScalars.first(where: Self.isHiddenFormatting) {
                throw invalid(field, "contains the invisible character U+\(String(bad.value, radix: 16, uppercase: true)) (a control or bidirectional-formatting character)")
            }
        }
        for (field, text) in [
            ("provider.name", provider.name), ("provider.model", provider.model), ("provider.base_url", provider.baseURL),
            ("provider.api", provider.api), ("run.note", run.note ?? ""), ("run.bench_version", run.benchVersion),
            ("run.started_at", run.startedAt), ("run.ended_at", run.endedAt),
        ] {
            try checkDisplayLength(text, field)
        }
    }

    /// `workload`: its settings, a digest-token fingerprint, string parameters.
    private func workload(_ workload: [String: JSONValue]) throws(ResultFileError) -> WorkloadInfo {
        var parameters: [String: String] = [:]
        if let raw = workload["parameters"] {
            guard case .object(let p) = raw else { throw invalid("workload.parameters", "expected an object") }
            for (k, v) in p {
                guard case .string(let s) = v else { throw invalid("workload.parameters.\(k)", "expected a string") }
                try checkDisplayLength(k, "workload.parameters")
                try checkDisplayLength(s, "workload.parameters.\(k)")
                parameters[k] = s
            }
        }
        let seed = try int(workload, "seed", "workload")
        guard seed >= 0 else { throw invalid("workload.seed", "must not be negative") }
        // A digest token (`sha256:<hex>`): it is written into the README and the site as is, so
        // a newline or a copy of the README's end marker in it would break every later generation.
        let fingerprint = try string(workload, "fingerprint", "workload")
        guard (1...256).contains(fingerprint.utf8.count), fingerprint.utf8.allSatisfy({ c in
            (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || ":._+/=-".utf8.contains(c)
        }) else {
            throw invalid("workload.fingerprint", "expected a digest such as sha256:<64 hex digits> (1 to 256 letters, digits and :._+/=-)")
        }
        for key in ["arrival", "prompt_source"] { try checkDisplayLength(try string(workload, key, "workload"), "workload.\(key)") }
        return WorkloadInfo(
            fingerprint: fingerprint, arrival: try string(workload, "arrival", "workload"),
            requestCount: Int(try int(workload, "request_count", "workload")), seed: UInt64(seed),
            promptSource: try string(workload, "prompt_source", "workload"),
            temperature: try double(workload, "temperature", "workload"), topP: try double(workload, "top_p", "workload"),
            maxTokens: Int(try int(workload, "max_tokens", "workload")),
            timeoutSeconds: try double(workload, "timeout_s", "workload"), parameters: parameters)
    }

    /// `self_check`: absent or null, or the client's own figures and warnings.
    private func selfCheck(_ raw: JSONValue?) throws(ResultFileError) -> SelfCheck? {
        guard let raw, raw != .null else { return nil }
        guard case .object(let sc) = raw else { throw invalid("self_check", "expected an object") }
        var warnings: [String] = []
        if let w = sc["warnings"] {
            guard case .array(let items) = w else { throw invalid("self_check.warnings", "expected an array of strings") }
            for (i, item) in items.enumerated() {
                guard case .string(let s) = item else { throw invalid("self_check.warnings[\(i)]", "expected a string") }
                try checkDisplayLength(s, "self_check.warnings[\(i)]")
                warnings.append(s)
            }
        }
        return SelfCheck(
            offeredRate: try double(sc, "offered_rate", "self_check"),
            achievedRate: try double(sc, "achieved_rate", "self_check"),
            launchLagP50Micros: try int(sc, "launch_lag_p50_us", "self_check"),
            launchLagP99Micros: try int(sc, "launch_lag_p99_us", "self_check"),
            clientCPUSeconds: try double(sc, "client_cpu_s", "self_check"),
            wallSeconds: try double(sc, "wall_s", "self_check"),
            cpuStealSeconds: try optionalDouble(sc, "cpu_steal_s", "self_check"), warnings: warnings)
    }

    private func finish(
        _ run: RunInfo, _ provider: ProviderInfo, _ workload: WorkloadInfo, _ tokenCount: TokenCountMethod,
        _ selfCheck: SelfCheck?, _ top: [String: JSONValue], _ read: [RequestRecord]?
    ) throws(ResultFileError) -> ResultFile {
        guard let rawRequests = top["requests"] else { throw missing("requests") }
        var records: [RequestRecord] = []
        switch rawRequests {
        case _ where read != nil: records = read!
        case .array(let items):
            records.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { records.append(try request(item, index: i)) }
        default: throw invalid("requests", "expected an array of request records, found \(rawRequests.typeName)")
        }
        try checkIDs(records)
        return ResultFile(
            run: run, provider: provider, workload: workload, tokenCount: tokenCount, selfCheck: selfCheck,
            requests: records)
    }

    private func request(_ value: JSONValue, index i: Int) throws(ResultFileError) -> RequestRecord {
        let at = "requests[\(i)]"
        guard case .object(let r) = value else { throw invalid(at, "expected an object, found \(value.typeName)") }
        let id = try int(r, "id", at)
        let scheduled = try time(r, "scheduled", at)
        let sent = try time(r, "sent", at)
        let end = try time(r, "end", at)
        let firstToken = try optionalTime(r, "first_token", at)
        let firstVisible = try optionalTime(r, "first_visible_token", at)
        let outputTokens = try int(r, "output_tokens", at)
        try checkTimes(
            index: i, scheduled: scheduled, sent: sent, end: end, firstToken: firstToken, firstVisible: firstVisible, outputTokens: outputTokens)
        // Chunks: deltas in µs, the first from `sent`, each later one from the previous chunk.
        var chunkTimes: [Int64] = []
        switch r["chunks"] {
        case nil: throw missing("\(at).chunks")
        case .intArray(let deltas)?:
            chunkTimes = try deltas.withUnsafeBufferPointer { d throws(ResultFileError) in
                try absoluteChunkTimes(d, index: i, sent: sent, end: end)
            }
        case .array(let items)? where items.isEmpty: break
        case .string(let text)?:
            switch ChunkDeltaText.decode(text, sent: sent) {
            case .success(let times): chunkTimes = times
            case .failure(let problem): throw invalid("\(at).chunks", problem.description)
            }
            try checkLastChunk(chunkTimes, index: i, end: end)
        case let other?:
            throw invalid("\(at).chunks", "expected an array of integer µs deltas (format 1) or their base-64 digit text (format 2), found \(other.typeName)")
        }
        let chunkTokens = try self.chunkTokens(r["chunk_tokens"], index: i, chunks: chunkTimes.count)
        let error = try requestError(r["error"], index: i, firstToken: firstToken, outputTokens: outputTokens)
        return RequestRecord(
            id: Int(id), scheduled: scheduled, sent: sent, firstToken: firstToken, firstVisibleToken: firstVisible,
            end: end, outputTokens: Int(outputTokens), chunkTimes: chunkTimes, chunkTokens: chunkTokens, error: error,
            serverTimings: try serverTimings(r["server_timings"], index: i))
    }

    /// `server_timings` (2.1): absent or null, or the server's own prompt and decode figures.
    func serverTimings(_ raw: JSONValue?, index i: Int) throws(ResultFileError) -> ServerTimings? {
        guard let raw, raw != .null else { return nil }
        let at = "requests[\(i)].server_timings"
        guard case .object(let o) = raw else { throw invalid(at, "expected null or an object, found \(raw.typeName)") }
        let promptTokens = try int(o, "prompt_tokens", at)
        let decodeTokens = try int(o, "decode_tokens", at)
        let promptMs = try double(o, "prompt_ms", at)
        let decodeMs = try double(o, "decode_ms", at)
        guard promptTokens >= 0, promptTokens <= Int32.max else { throw invalid("\(at).prompt_tokens", "must be between 0 and 2^31-1") }
        guard decodeTokens >= 0, decodeTokens <= Int32.max else { throw invalid("\(at).decode_tokens", "must be between 0 and 2^31-1") }
        guard promptMs.isFinite, promptMs >= 0 else { throw invalid("\(at).prompt_ms", "must be a finite number of ms, not negative") }
        guard decodeMs.isFinite, decodeMs >= 0 else { throw invalid("\(at).decode_ms", "must be a finite number of ms, not negative") }
        return ServerTimings(promptTokens: Int(promptTokens), promptMs: promptMs, decodeTokens: Int(decodeTokens), decodeMs: decodeMs)
    }

    /// Why `url` carries a credential (user-info, or a query parameter named like a key), or nil.
    static func credentialsIn(url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if authority.contains("@") { return "it holds user-info (user:password@)" }
        guard let q = rest.firstIndex(of: "?") else { return nil }
        let query = rest[rest.index(after: q)...].prefix { $0 != "#" }
        for item in query.split(separator: "&") {
            let name = item.prefix { $0 != "=" }.lowercased()
            if ["key", "token", "secret", "password", "sig", "signature", "auth", "credential"].contains(where: { name.contains($0) }) {
                return "its query parameter '\(name)' looks like a credential"
            }
        }
        return nil
    }

    /// Control characters, and the bidirectional embeddings, overrides and isolates
    /// (U+202A–U+202E, U+2066–U+2069), which change how the text around them reads.
    public static func isHiddenFormatting(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) || (0x202A...0x202E).contains(u.value)
            || (0x2066...0x2069).contains(u.value)
    }

    /// Request ids are positions in the workload: never negative, each at most once (a repeated
    /// id would count one request twice). Files list them ascending, which proves them distinct
    /// without a set; any other order is checked with one.
    private func checkIDs(_ records: [RequestRecord]) throws(ResultFileError) {
        var previous = -1
        var ascending = true
        for (i, r) in records.enumerated() {
            guard r.id >= 0 else { throw invalid("requests[\(i)].id", "must not be negative") }
            if r.id <= previous { ascending = false }
            previous = r.id
        }
        guard !ascending else { return }
        var seen = Set<Int>(minimumCapacity: records.count)
        for (i, r) in records.enumerated() where !seen.insert(r.id).inserted {
            throw invalid("requests[\(i)].id", "id \(r.id) appears more than once")
        }
    }

    // MARK: - Checks shared with `RequestArrayReader`
    // Field paths are built only when a check fails: the fast path calls these for every record.

    /// The checks that relate a request's times and token count.
    func checkTimes(
        index i: Int, scheduled: Int64, sent: Int64, end: Int64, firstToken: Int64?, firstVisible: Int64?, outputTokens: Int64
    ) throws(ResultFileError) {
        guard outputTokens >= 0, outputTokens <= Int32.max else { throw invalid("requests[\(i)].output_tokens", "must be between 0 and 2^31-1") }
        // Every other time lies between `sent` and `end`, so bounding these two (and the
        // schedule) bounds them all, chunk times included.
        guard end <= limits.maxRunMicros, scheduled <= limits.maxRunMicros else {
            let field = end > limits.maxRunMicros ? "end" : "scheduled"
            throw invalid("requests[\(i)].\(field)", "\(max(end, scheduled)) µs is past the limit of \(limits.maxRunText) from the run start (sitegen --max-run-hours raises it)")
        }
        guard end >= sent else { throw invalid("requests[\(i)].end", "end (\(end) µs) is before sent (\(sent) µs)") }
        if let ft = firstToken {
            guard ft >= sent else { throw invalid("requests[\(i)].first_token", "first_token (\(ft) µs) is before sent (\(sent) µs)") }
            guard ft <= end else { throw invalid("requests[\(i)].first_token", "first_token (\(ft) µs) is after end (\(end) µs)") }
        }
        if let fv = firstVisible {
            guard fv >= sent, fv <= end else { throw invalid("requests[\(i)].first_visible_token", "outside sent...end") }
        }
    }

    /// Chunk times from their deltas: a running sum from `sent`. A negative delta or an overflow
    /// is located afterwards (both are errors, so the fast path never pays for the message); the
    /// last chunk must not be after `end`.
    func absoluteChunkTimes(_ deltas: UnsafeBufferPointer<Int64>, index i: Int, sent: Int64, end: Int64) throws(ResultFileError) -> [Int64] {
        var t = sent
        var bad = false
        let times = [Int64](unsafeUninitializedCapacity: deltas.count) { out, count in
            for k in 0..<deltas.count {
                let delta = deltas[k]
                let (sum, overflow) = t.addingReportingOverflow(delta)
                bad = bad || delta < 0 || overflow
                t = sum
                out[k] = sum
            }
            count = deltas.count
        }
        if bad {
            var u = sent
            for (k, d) in deltas.enumerated() {
                guard d >= 0 else { throw invalid("requests[\(i)].chunks[\(k)]", "negative delta \(d) µs (chunk times must not go back)") }
                let (sum, overflow) = u.addingReportingOverflow(d)
                guard !overflow else { throw invalid("requests[\(i)].chunks[\(k)]", "chunk time overflows") }
                u = sum
            }
        }
        try checkLastChunk(times, index: i, end: end)
        return times
    }

    /// The last chunk must not be after `end`.
    func checkLastChunk(_ times: [Int64], index i: Int, end: Int64) throws(ResultFileError) {
        if let last = times.last, last > end {
            throw invalid("requests[\(i)].chunks", "last chunk (\(last) µs) is after end (\(end) µs)")
        }
    }

    /// `chunk_tokens`: absent or null, or one integer per chunk.
    func chunkTokens(_ raw: JSONValue?, index i: Int, chunks: Int) throws(ResultFileError) -> [Int]? {
        guard let raw, raw != .null else { return nil }
        guard case .intArray(let counts) = raw, counts.count == chunks else {
            throw invalid("requests[\(i)].chunk_tokens", "expected one integer per chunk (\(chunks))")
        }
        // Bounded like every token count, so that sums over a file cannot overflow.
        if let k = counts.firstIndex(where: { $0 < 0 || $0 > Int32.max }) {
            throw invalid("requests[\(i)].chunk_tokens[\(k)]", "must be between 0 and 2^31-1")
        }
        return counts.map { Int($0) }
    }

    /// `error`: null for a successful request (which must then have a first token and at least
    /// one output token), else the failure; the field itself is required.
    func requestError(_ raw: JSONValue?, index i: Int, firstToken: Int64?, outputTokens: Int64) throws(ResultFileError) -> RequestError? {
        var at: String { "requests[\(i)]" }  // built only on the way to an error or a failure record
        if let raw, raw != .null {
            guard case .object(let e) = raw else { throw invalid("\(at).error", "expected null or an object") }
            let kindText = try string(e, "kind", "\(at).error")
            guard let kind = ErrorKind(rawValue: kindText) else {
                throw invalid("\(at).error.kind", "unknown kind \"\(kindText)\"; known: \(ErrorKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let status = try optionalInt(e, "status", "\(at).error")
            let message = try string(e, "message", "\(at).error")
            try checkDisplayLength(message, "\(at).error.message")
            return RequestError(
                kind: kind, status: status.map { Int($0) }, message: message,
                retryAfterSeconds: try optionalDouble(e, "retry_after_s", "\(at).error"))
        }
        guard raw != nil else { throw missing("\(at).error") }
        // A "successful" request that produced nothing: files from before format 2.1's `empty`
        // kind recorded empty completions so. It is read as what it is, a failed request, rather
        // than refused (which would block the whole results folder over one record).
        guard firstToken != nil, outputTokens > 0 else { return Self.emptyCompletion }
        return nil
    }

    /// What a record marked successful but without a first token or any output token is read as.
    static let emptyCompletion = RequestError(
        kind: .empty, status: nil, message: "no output tokens (recorded as a success by an older bench; read as an empty completion)")

    /// Text shown on a page stays short (`ResultLimits.maxDisplayTextBytes`).
    func checkDisplayLength(_ text: String, _ field: @autoclosure () -> String) throws(ResultFileError) {
        guard text.utf8.count <= ResultLimits.maxDisplayTextBytes else {
            throw invalid(field(), "\(text.utf8.count) bytes, over the limit of \(ResultLimits.maxDisplayTextBytes) for text shown on a page")
        }
    }

    // MARK: - Field access

    private func field(_ parent: String, _ key: String) -> String { parent.isEmpty ? key : "\(parent).\(key)" }
    private func missing(_ field: String) -> ResultFileError { ResultFileError(path: path, problem: .missingField(field)) }
    private func invalid(_ field: String, _ why: String) -> ResultFileError {
        ResultFileError(path: path, problem: .invalidField(field, why))
    }

    private func object(_ o: [String: JSONValue], _ key: String, _ parent: String) throws(ResultFileError) -> [String: JSONValue] {
        guard let v = o[key] else { throw missing(field(parent, key)) }
        guard case .object(let x) = v else { throw invalid(field(parent, key), "expected an object, found \(v.typeName)") }
        return x
    }

    private func string(_ o: [String: JSONValue], _ key: String, _ parent: String) throws(ResultFileError) -> String {
        guard let v = o[key] else { throw missing(field(parent, key)) }
        guard case .string(let s) = v else { throw invalid(field(parent, key), "expected a string, found \(v.typeName)") }
        return s
    }

    private func optionalString(_ o: [String: JSONValue], _ key: String, _ parent: String) throws(ResultFileError) -> String? {
        guard let v = o[key], v != .null else { return nil }
        return try string(o, key, parent)
    }

    private func optionalBool(_ o: [String: JSONValue], _ key: String, _ parent: String) throws(ResultFileError) -> Bool? {
        guard let v = o[key], v != .null else { return nil }
        guard case .bool(let b) = v else { throw invalid(field(parent, key), "expected true or false, found \(v.typeName)") }
        return b
    }

    private func int(_ o: [String: JSONValue], _ key: String, _ parent: String) throws(ResultFileError) -> Int64 {
        guard let v = o[key] else { throw missing(field(parent, key)) }
        switch v {
        case .int(let i): return i
        case .double: throw invalid(field(parent, key), "expected an integer, found a fractional number")
        default: throw invalid(field(parent, key), "expected an integer, found \(v.typeName)")
        }
    }

    private func optionalInt(_ o: [String: JSONValue], _ key: String, _ parent: String) throws(ResultFileError) -> Int64? {
        guard let v = o[key], v != .null else { return nil }
        return try int(o, key, parent)
    }

    private func double(_ o: [String: JSONValue], _ key: String, _ parent: String) throws(ResultFileError) -> Double {
        guard let v = o[key] else { throw missing(field(parent, key)) }
        switch v {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: throw invalid(field(parent, key), "expected a number, found \(v.typeName)")
        }
    }

    private func optionalDouble(_ o: [String: JSONValue], _ key: String, _ parent: String) throws(ResultFileError) -> Double? {
        guard let v = o[key], v != .null else { return nil }
        return try double(o, key, parent)
    }

    /// A time: integer microseconds from run start, never negative.
    private func time(_ o: [String: JSONValue], _ key: String, _ parent: String) throws(ResultFileError) -> Int64 {
        guard let v = o[key] else { throw missing(field(parent, key)) }
        guard case .int(let t) = v else {
            throw invalid(field(parent, key), "expected integer microseconds from run start, found \(v.typeName)")
        }
        guard t >= 0 else { throw invalid(field(parent, key), "negative time \(t) µs (times count from the run start)") }
        return t
    }

    private func optionalTime(_ o: [String: JSONValue], _ key: String, _ parent: String) throws(ResultFileError) -> Int64? {
        guard let v = o[key], v != .null else { return nil }
        return try time(o, key, parent)
    }
}
