/// The segments one provider's merged file was made of, in a run sharded over several load
/// generators (`bench --segment I/N`): what the site says about the machines and their clocks.
public struct MergedSegments: Sendable, Equatable {
    /// One segment file that was read.
    public struct Part: Sendable, Equatable {
        /// The segment as its file recorded it (index, count, host, clock anchor and uncertainty).
        public var info: SegmentInfo
        /// Path relative to the results folder (`<run-id>/<slug>.segment-<I>-of-<N>.json.gz`).
        public var relativePath: String
        /// Size of the file on disk.
        public var byteCount: Int
        /// Request records the segment holds.
        public var requestCount: Int
        /// Whether the segment's own file is partial (its bench was interrupted).
        public var partial: Bool
        /// Microseconds added to this segment's measured times to put them on the merged time
        /// base: its clock anchor minus the reference anchor (never negative).
        public var shiftMicros: Int64

        public init(info: SegmentInfo, relativePath: String, byteCount: Int, requestCount: Int, partial: Bool, shiftMicros: Int64) {
            self.info = info
            self.relativePath = relativePath
            self.byteCount = byteCount
            self.requestCount = requestCount
            self.partial = partial
            self.shiftMicros = shiftMicros
        }
    }

    /// A segment of `0..<count` with no file in the run folder.
    public struct Missing: Sendable, Equatable {
        public var index: Int
        /// Requests of the workload that segment would have sent (ids ≡ index mod count).
        public var requestCount: Int

        public init(index: Int, requestCount: Int) {
            self.index = index
            self.requestCount = requestCount
        }
    }

    /// N, the number of segments the run was cut into.
    public var count: Int
    /// The segments read, by index.
    public var parts: [Part]
    /// The segments of `0..<count` that are absent, by index.
    public var missing: [Missing]
    /// The merged time base's zero: the earliest clock anchor of the provider's segments (µs
    /// since the Unix epoch).
    public var referenceAnchorMicros: Int64
    /// Index of the segment whose anchor is the reference (the lowest index among equal anchors).
    public var referenceIndex: Int

    public init(count: Int, parts: [Part], missing: [Missing], referenceAnchorMicros: Int64, referenceIndex: Int) {
        self.count = count
        self.parts = parts
        self.missing = missing
        self.referenceAnchorMicros = referenceAnchorMicros
        self.referenceIndex = referenceIndex
    }

    /// The spread of the machines' start times: latest clock anchor minus earliest, µs.
    public var startSkewMicros: Int64 { (parts.map(\.info.clockAnchorMicros).max() ?? 0) - referenceAnchorMicros }

    /// How far the merged time base can be off between two machines, µs: the largest, over the
    /// other segments, of a segment's clock uncertainty plus the reference segment's; 0 with a
    /// single segment; nil when a segment did not report its clock's uncertainty.
    public var alignmentErrorMicros: Int64? {
        var reference: Int64 = 0
        var others: [Int64] = []
        for p in parts {
            guard let u = p.info.clockUncertaintyMicros else { return nil }
            if p.info.index == referenceIndex { reference = u } else { others.append(u) }
        }
        return others.max().map { $0 + reference } ?? 0
    }

    /// Whether some segment is missing or partial.
    public var isPartial: Bool { !missing.isEmpty || parts.contains(where: \.partial) }

    /// Requests of the workload that no segment file holds, because their segment is missing.
    public var missingRequestCount: Int { missing.reduce(0) { $0 + $1.requestCount } }
}

/// Joins the segment files of one provider in one run into one `ResultFile` on one time base.
///
/// Rules (docs/results-format.md, "Segments"): every segment measured the same workload
/// (fingerprint), provider, data source and token count method, and was cut into the same N;
/// each segment holds only its own requests (id mod N = its index). The reference is the
/// earliest clock anchor of the provider's segments; each segment's measured times (`sent`,
/// `first_token`, `first_visible_token`, `end`, chunk times) move by its anchor minus the
/// reference, while `scheduled` stays as planned, so launch lag shows a machine's late start.
/// Records come out sorted by id; the file is partial when a segment is partial or missing.
public enum SegmentMerge {
    /// One decoded segment file.
    public struct Input: Sendable {
        /// Path as the caller names it in errors (e.g. `results/<run-id>/<file>`).
        public var path: String
        /// Path relative to the results folder.
        public var relativePath: String
        public var file: ResultFile
        public var byteCount: Int

        public init(path: String, relativePath: String, file: ResultFile, byteCount: Int) {
            self.path = path
            self.relativePath = relativePath
            self.file = file
            self.byteCount = byteCount
        }
    }

    /// Merges the segment files of one provider (at least one, each with `run.segment` set).
    /// Every violation of the rules is reported, each with its file and field.
    public static func merge(_ inputs: [Input], limits: ResultLimits = .standard) throws(ResultFileErrors) -> (ResultFile, MergedSegments) {
        precondition(!inputs.isEmpty && inputs.allSatisfy { $0.file.run.segment != nil }, "merge needs segment files")
        let sorted = inputs.sorted { $0.file.run.segment!.index < $1.file.run.segment!.index }
        let first = sorted[0]
        let firstSegment = first.file.run.segment!
        var errors: [ResultFileError] = []
        func differs(_ input: Input, _ field: String, _ value: String, _ expected: String) {
            errors.append(ResultFileError(
                path: input.path,
                problem: .invalidField(field, "\(value) differs from \(expected) in \(first.relativePath); the segments of one provider must be one run of one workload")))
        }
        var seen: [Int: String] = [:]
        for input in sorted {
            let f = input.file, s = f.run.segment!
            if let other = seen[s.index] {
                errors.append(ResultFileError(
                    path: input.path, problem: .invalidField("run.segment.index", "segment \(s.index) is also in \(other)")))
                continue
            }
            seen[s.index] = input.relativePath
            guard input.relativePath != first.relativePath else { continue }
            if s.count != firstSegment.count { differs(input, "run.segment.count", "\(s.count) segments", "\(firstSegment.count)") }
            if f.workload.fingerprint != first.file.workload.fingerprint {
                differs(input, "workload.fingerprint", "\"\(f.workload.fingerprint)\"", "\"\(first.file.workload.fingerprint)\"")
            }
            if f.run.source != first.file.run.source { differs(input, "run.source", f.run.source.rawValue, first.file.run.source.rawValue) }
            if f.tokenCount != first.file.tokenCount { differs(input, "token_count", f.tokenCount.rawValue, first.file.tokenCount.rawValue) }
            for (field, a, b) in [
                ("provider.name", f.provider.name, first.file.provider.name), ("provider.api", f.provider.api, first.file.provider.api),
                ("provider.model", f.provider.model, first.file.provider.model),
                ("provider.base_url", f.provider.baseURL, first.file.provider.baseURL),
            ] where a != b {
                differs(input, field, "\"\(a)\"", "\"\(b)\"")
            }
        }
        for input in sorted {
            let s = input.file.run.segment!
            if let k = input.file.requests.firstIndex(where: { !s.contains(requestID: $0.id) }) {
                errors.append(ResultFileError(
                    path: input.path,
                    problem: .invalidField(
                        "requests[\(k)].id",
                        "request \(input.file.requests[k].id) does not belong to segment \(s.index) of \(s.count) (its ids are those with id mod \(s.count) = \(s.index))")))
            }
        }
        if !errors.isEmpty { throw ResultFileErrors(errors) }

        let reference = sorted.min { a, b in a.file.run.segment!.clockAnchorMicros < b.file.run.segment!.clockAnchorMicros }!
        let referenceAnchor = reference.file.run.segment!.clockAnchorMicros
        var records: [RequestRecord] = []
        records.reserveCapacity(sorted.reduce(0) { $0 + $1.file.requests.count })
        var parts: [MergedSegments.Part] = []
        for input in sorted {
            let s = input.file.run.segment!
            let shift = s.clockAnchorMicros - referenceAnchor
            var latest: Int64 = 0
            for var r in input.file.requests {
                if shift != 0 {
                    r.sent += shift
                    r.firstToken = r.firstToken.map { $0 + shift }
                    r.firstVisibleToken = r.firstVisibleToken.map { $0 + shift }
                    r.end += shift
                    for c in r.chunkTimes.indices { r.chunkTimes[c] += shift }
                }
                latest = max(latest, r.end)
                records.append(r)
            }
            if latest > limits.maxRunMicros {
                errors.append(ResultFileError(
                    path: input.path,
                    problem: .invalidField(
                        "run.segment.clock_anchor_us",
                        "this segment started \(shift) µs after the earliest segment (\(reference.relativePath)), which puts its last time at \(latest) µs, past the limit of \(limits.maxRunText) from the run start (sitegen --max-run-hours raises it)")))
            }
            parts.append(MergedSegments.Part(
                info: s, relativePath: input.relativePath, byteCount: input.byteCount, requestCount: input.file.requests.count,
                partial: input.file.run.partial, shiftMicros: shift))
        }
        if !errors.isEmpty { throw ResultFileErrors(errors) }
        records.sort { $0.id < $1.id }

        let count = firstSegment.count
        let total = first.file.workload.requestCount
        let missing = (0..<count).filter { seen[$0] == nil }.map { i in
            MergedSegments.Missing(index: i, requestCount: i < total ? (total - i + count - 1) / count : 0)
        }
        let segments = MergedSegments(
            count: count, parts: parts, missing: missing, referenceAnchorMicros: referenceAnchor,
            referenceIndex: reference.file.run.segment!.index)

        let files = sorted.map(\.file)
        let notes = files.compactMap(\.run.note).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let run = RunInfo(
            id: first.file.run.id, startedAt: files.map(\.run.startedAt).min()!, endedAt: files.map(\.run.endedAt).max()!,
            benchVersion: Set(files.map(\.run.benchVersion)).sorted().joined(separator: ", "), source: first.file.run.source,
            note: notes.isEmpty ? nil : notes.joined(separator: "; "), partial: segments.isPartial, segment: nil)
        let merged = ResultFile(
            schemaVersion: first.file.schemaVersion, run: run, provider: first.file.provider, workload: first.file.workload,
            tokenCount: first.file.tokenCount, selfCheck: selfCheck(of: sorted), requests: records)
        return (merged, segments)
    }

    /// The segments' self-checks as one: rates and CPU add up, the wall time and launch-lag
    /// percentiles are the largest (each segment's lag on its own clock), and every warning is
    /// kept, prefixed with its segment. Nil when no segment has one.
    static func selfCheck(of inputs: [Input]) -> SelfCheck? {
        let checks = inputs.compactMap { i in i.file.selfCheck.map { (i.file.run.segment!, $0) } }
        guard !checks.isEmpty else { return nil }
        let steal = checks.allSatisfy { $0.1.cpuStealSeconds != nil } ? checks.reduce(0) { $0 + $1.1.cpuStealSeconds! } : nil
        return SelfCheck(
            offeredRate: checks.reduce(0) { $0 + $1.1.offeredRate }, achievedRate: checks.reduce(0) { $0 + $1.1.achievedRate },
            launchLagP50Micros: checks.map(\.1.launchLagP50Micros).max()!, launchLagP99Micros: checks.map(\.1.launchLagP99Micros).max()!,
            clientCPUSeconds: checks.reduce(0) { $0 + $1.1.clientCPUSeconds }, wallSeconds: checks.map(\.1.wallSeconds).max()!,
            cpuStealSeconds: steal,
            warnings: checks.flatMap { s, c in c.warnings.map { "segment \(s.index) (\(s.host)): \($0)" } })
    }
}
