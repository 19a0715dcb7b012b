import Foundation

/// One run folder, loaded: every provider's result file, sorted by slug. The segment files of a
/// sharded run are already merged: one file per provider.
public struct LoadedRun: Sendable {
    public var id: String
    /// Paths relative to the results folder, parallel to `files` (`<run-id>/<slug>.json.gz`); for
    /// a provider merged from segments, the path of its first segment file (all are in `segments`).
    public var relativePaths: [String]
    public var files: [ResultFile]
    /// Size on disk of each file, parallel to `files` (of all its segment files, for a merged one).
    public var byteCounts: [Int]
    /// Parallel to `files`: the segments a provider's file was merged from, nil for a provider
    /// measured by one machine.
    public var segments: [MergedSegments?]

    public init(id: String, relativePaths: [String], files: [ResultFile], byteCounts: [Int], segments: [MergedSegments?]? = nil) {
        self.id = id
        self.relativePaths = relativePaths
        self.files = files
        self.byteCounts = byteCounts
        self.segments = segments ?? Array(repeating: nil, count: files.count)
    }

    /// Result files read: each segment file counts once.
    public var fileCount: Int { segments.reduce(0) { $0 + ($1?.parts.count ?? 1) } }

    /// The merged segments of provider `slug`, nil when it is not sharded (or not in the run).
    public func segments(of slug: String) -> MergedSegments? {
        files.firstIndex { $0.provider.slug == slug }.flatMap { segments[$0] }
    }
}

/// Providers of a run that a stopped `bench` left unfinished: their journal is in the run folder
/// and no result file is. `bench recover` finalises them into partial result files.
public struct UnfinishedRun: Sendable, Equatable {
    public var runID: String
    /// Slugs of the providers whose journal was not finalised (with the segment tag for a
    /// segment's journal: `acme.segment-2-of-4`), sorted.
    public var slugs: [String]
    /// Whether other providers of the run have result files (the run is then read without these).
    public var hasResults: Bool

    public init(runID: String, slugs: [String], hasResults: Bool) {
        self.runID = runID
        self.slugs = slugs
        self.hasResults = hasResults
    }

    /// What a user reads: which run, which providers, and how to finalise them.
    public var message: String {
        let who = slugs.joined(separator: ", ")
        let left = hasResults ? "the run is read without \(slugs.count == 1 ? "it" : "them")" : "the run is left out"
        return "run \(runID) was interrupted and not finalised (journal of \(who)); \(left) until `bench recover` turns the journal into a partial result file"
    }
}

/// Reads and writes the `results/` tree: `<run-id>/<provider-slug>.json[.gz]`.
///
/// The store never modifies or deletes a result file; writes go to a temporary name in the
/// same folder and are renamed into place, so a reader never sees half a file.
public enum ResultStore {
    /// File names that count as result files.
    public static func isResultFileName(_ name: String) -> Bool {
        (name.hasSuffix(".json") || name.hasSuffix(".json.gz")) && !name.hasPrefix(".")
    }

    /// The provider slug a result file's name stands for (`acme.json.gz` → `acme`,
    /// `acme.segment-2-of-4.json.gz` → `acme`).
    public static func slug(ofFileName name: String) -> String {
        let stem = fileStem(ofFileName: name)
        guard let dot = stem.firstIndex(of: "."), segmentTag(ofStem: stem) != nil else { return stem }
        return String(stem[..<dot])
    }

    /// The `(index, count)` a segment file's name declares (`acme.segment-2-of-4.json.gz` →
    /// (2, 4)); nil for the file of an unsegmented run.
    public static func segmentTag(ofFileName name: String) -> (index: Int, count: Int)? {
        segmentTag(ofStem: fileStem(ofFileName: name))
    }

    private static func segmentTag(ofStem stem: String) -> (index: Int, count: Int)? {
        guard let dot = stem.firstIndex(of: ".") else { return nil }
        let parts = stem[stem.index(after: dot)...].split(separator: "-")
        guard parts.count == 4, parts[0] == "segment", parts[2] == "of", let i = Int(parts[1]), let n = Int(parts[3]),
            String(i) == parts[1], String(n) == parts[3], (1...SegmentInfo.maxCount).contains(n), (0..<n).contains(i)
        else { return nil }
        return (i, n)
    }

    /// A result file's name without `.json.gz` or `.json` (`acme.segment-2-of-4.json.gz` →
    /// `acme.segment-2-of-4`).
    public static func fileStem(ofFileName name: String) -> String {
        name.hasSuffix(".json.gz") ? String(name.dropLast(8)) : String(name.dropLast(5))
    }

    /// The file name (without `.json.gz`) of `slug`'s file, or of its segment.
    public static func fileStem(slug: String, segment: SegmentInfo?) -> String {
        guard let segment else { return slug }
        return slug + "." + segment.fileNameTag
    }

    /// Run folders under `directory`, oldest first (run ids sort by time).
    public static func runIDs(in directory: String) throws(ResultFileError) -> [String] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw ResultFileError(path: directory, problem: .unreadable("no such folder"))
        }
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: directory) } catch {
            throw ResultFileError(path: directory, problem: .unreadable(error.localizedDescription))
        }
        return names.filter { name in
            var d: ObjCBool = false
            return !name.hasPrefix(".") && fm.fileExists(atPath: directory + "/" + name, isDirectory: &d) && d.boolValue
        }.sorted()
    }

    /// The name ending of a run in progress's journal (`<slug>.journal.jsonl`).
    public static let journalSuffix = ".journal.jsonl"

    /// The run folders to read, and the unfinished providers (journals without result files).
    /// A folder holding only journals is not to read: it is reported as unfinished instead of
    /// failing as an empty run.
    public static func scanRuns(in directory: String) throws(ResultFileError) -> (runIDs: [String], unfinished: [UnfinishedRun]) {
        var ids: [String] = []
        var unfinished: [UnfinishedRun] = []
        for id in try runIDs(in: directory) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + id)) ?? []
            // A journal is finalised when the result file of the same stem exists (`acme`, or a
            // segment's `acme.segment-2-of-4`).
            let results = Set(names.filter(isResultFileName).map(fileStem(ofFileName:)))
            let journals = names.filter { $0.hasSuffix(journalSuffix) && !$0.hasPrefix(".") }.map { String($0.dropLast(journalSuffix.count)) }
            let open = journals.filter { !results.contains($0) }.sorted()
            if !open.isEmpty { unfinished.append(UnfinishedRun(runID: id, slugs: open, hasResults: !results.isEmpty)) }
            if !results.isEmpty || journals.isEmpty { ids.append(id) }
        }
        return (ids, unfinished)
    }

    /// Result file names in one run folder, sorted.
    public static func resultFileNames(inRun runDirectory: String) throws(ResultFileError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: runDirectory).filter(isResultFileName).sorted()
        } catch {
            throw ResultFileError(path: runDirectory, problem: .unreadable(error.localizedDescription))
        }
    }

    /// Reads and validates one file.
    public static func read(path: String, limits: ResultLimits = .standard) throws(ResultFileError) -> (ResultFile, Int) {
        let bytes = try readBytes(path: path, limits: limits)
        return (try ResultFileDecoder.decode(bytes, path: path, limits: limits), bytes.count)
    }

    /// A result file's bytes: only a regular file (a FIFO would block), within the size limit.
    public static func readBytes(path: String, limits: ResultLimits = .standard) throws(ResultFileError) -> [UInt8] {
        do { return try FileBytes.read(path, limit: limits.maxFileBytes) } catch {
            if case .tooLarge = error {
                throw ResultFileError(path: path, problem: .unreadable(limits.fileTooLarge))
            }
            throw ResultFileError(path: path, problem: .unreadable(error.description))
        }
    }

    /// Loads one run folder (see `loadRun(_:in:preloaded:limits:)`).
    public static func loadRun(_ runID: String, in directory: String, limits: ResultLimits = .standard) throws(ResultFileErrors) -> LoadedRun {
        try loadRun(runID, in: directory, preloaded: [:], limits: limits)
    }

    /// Loads one run folder, checking that slugs are unique and that each file's provider slug
    /// (and segment, for a file of a sharded run) matches its file name. The segment files of
    /// each provider are merged into one file (`SegmentMerge`).
    ///
    /// - Parameter preloaded: bytes of some of the run's files, by file name, already read by the
    ///   caller (e.g. to hash them), so they are not read twice.
    public static func loadRun(
        _ runID: String, in directory: String, preloaded: [String: [UInt8]], limits: ResultLimits = .standard
    ) throws(ResultFileErrors) -> LoadedRun {
        let runDir = directory + "/" + runID
        let names: [String]
        do { names = try resultFileNames(inRun: runDir) } catch { throw ResultFileErrors([error]) }
        if names.isEmpty { throw ResultFileErrors([ResultFileError(path: runDir, problem: .emptyRun(runDir))]) }
        let results = ParallelMap.map(names) { name -> Result<(ResultFile, Int), ResultFileError> in
            Result { () throws(ResultFileError) in
                if let bytes = preloaded[name] {
                    return (try ResultFileDecoder.decode(bytes, path: runDir + "/" + name, limits: limits), bytes.count)
                }
                return try read(path: runDir + "/" + name, limits: limits)
            }
        }
        var errors: [ResultFileError] = []
        // Files of one machine, and segment files, by slug (in file name order).
        var whole: [String: SegmentMerge.Input] = [:]
        var segmented: [String: [SegmentMerge.Input]] = [:]
        for (name, result) in zip(names, results) {
            let path = runDir + "/" + name
            switch result {
            case .failure(let e): errors.append(e)
            case .success(let (file, size)):
                let stem = slug(ofFileName: name)
                guard file.provider.slug == stem else {
                    errors.append(ResultFileError(
                        path: path, problem: .invalidField("provider.slug", "\"\(file.provider.slug)\" does not match the file name (\(stem))")))
                    continue
                }
                guard file.run.id == runID else {
                    errors.append(ResultFileError(
                        path: path, problem: .invalidField("run.id", "\"\(file.run.id)\" does not match the run folder (\(runID))")))
                    continue
                }
                if let problem = segmentNameProblem(name: name, segment: file.run.segment) {
                    errors.append(ResultFileError(path: path, problem: .invalidField("run.segment", problem)))
                    continue
                }
                let input = SegmentMerge.Input(path: path, relativePath: runID + "/" + name, file: file, byteCount: size)
                if file.run.segment != nil {
                    segmented[stem, default: []].append(input)
                } else if let other = whole[stem] {
                    errors.append(ResultFileError(path: path, problem: .duplicateSlug(slug: stem, other: other.path)))
                } else {
                    whole[stem] = input
                }
            }
        }
        var loaded: [(String, ResultFile, Int, MergedSegments?)] = []
        for stem in whole.keys.sorted() {
            let input = whole[stem]!
            if let segment = segmented[stem]?.first {
                errors.append(ResultFileError(
                    path: segment.path,
                    problem: .invalidField(
                        "run.segment",
                        "provider '\(stem)' also has the file of a run on one machine, \(input.path); a provider has either one file or segment files in a run")))
                continue
            }
            loaded.append((input.relativePath, input.file, input.byteCount, nil))
        }
        for stem in segmented.keys.sorted() where whole[stem] == nil {
            let inputs = segmented[stem]!
            do {
                let (file, segments) = try SegmentMerge.merge(inputs, limits: limits)
                loaded.append((segments.parts[0].relativePath, file, inputs.reduce(0) { $0 + $1.byteCount }, segments))
            } catch {
                errors += error.errors
            }
        }
        if !errors.isEmpty { throw ResultFileErrors(errors) }
        loaded.sort { $0.1.provider.slug < $1.1.provider.slug }
        return LoadedRun(
            id: runID, relativePaths: loaded.map(\.0), files: loaded.map(\.1), byteCounts: loaded.map(\.2), segments: loaded.map(\.3))
    }

    /// Why a file's name and its `run.segment` disagree, or nil when they agree (a segment file is
    /// named `<slug>.segment-<I>-of-<N>.json.gz`, the file of a run on one machine `<slug>.json.gz`).
    static func segmentNameProblem(name: String, segment: SegmentInfo?) -> String? {
        let tag = segmentTag(ofFileName: name)
        switch (tag, segment) {
        case (nil, nil): return nil
        case (let t?, nil):
            return "the file name says segment \(t.index) of \(t.count), but the file records no segment"
        case (nil, let s?):
            return "the file records segment \(s.index) of \(s.count), but its name has no '.\(s.fileNameTag)'"
        case (let t?, let s?):
            return t == (s.index, s.count) ? nil : "the file records segment \(s.index) of \(s.count), but its name says segment \(t.index) of \(t.count)"
        }
    }

    /// The path a provider's file has in a run: `<dir>/<run-id>/<slug>.json.gz` (or `.json`).
    public static func path(for file: ResultFile, in directory: String, compressed: Bool = true) -> String {
        "\(directory)/\(file.run.id)/\(fileStem(slug: file.provider.slug, segment: file.run.segment)).json\(compressed ? ".gz" : "")"
    }

    /// Writes `file` atomically (temporary file, then rename). Returns the path written.
    @discardableResult
    public static func write(_ file: ResultFile, in directory: String, compressed: Bool = true) throws -> String {
        let target = path(for: file, in: directory, compressed: compressed)
        let folder = "\(directory)/\(file.run.id)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var bytes = ResultFileEncoder.encode(file)
        if compressed { bytes = try Gzip.compress(bytes) }
        try AtomicFile.write(bytes, to: target, durable: true)
        return target
    }
}

/// Several result-file errors reported together, so a user fixes them in one pass.
public struct ResultFileErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ResultFileError]
    public init(_ errors: [ResultFileError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// A small parallel map over the machine's cores (order preserved).
public enum ParallelMap {
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        if items.count <= 1 { return items.map(transform) }
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        defer {
            // Release the stored results too (deallocate alone would leak every element).
            _ = results.deinitialize()
            results.deallocate()
        }
        let box = UnsafeSendableBuffer(results)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            box.buffer[i] = transform(items[i])
        }
        return results.map { $0! }
    }
}

private struct UnsafeSendableBuffer<R>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<R?>
    init(_ buffer: UnsafeMutableBufferPointer<R?>) { self.buffer = buffer }
}
