import JSON
import Analysis
import Crypto
import Foundation
import ResultFormat

/// Per-run digests cached on disk, keyed by a content hash of the run's result files.
///
/// Layout: `<cache>/runs/<run-id>.json` holds the digest with its `contentKey`; a digest is
/// reused only when the key computed from the current bytes (file names, SHA-256 of each file,
/// peak-TPS window and step, digest format version) is identical, so an edited, added or removed
/// result file always recomputes its run. A corrupt or foreign cache file is simply recomputed.
struct DigestCache: Sendable {
    var directory: String
    var windowSeconds: Double
    var stepSeconds: Double
    var objectives = ServiceLevelObjectives()
    /// Part of the content key: a file accepted under one limit may be refused under another.
    var limits = ResultLimits.standard

    /// What loading one run produced.
    struct Loaded: Sendable {
        var digest: RunDigest
        var fromCache: Bool
        /// The JSON trees of `digest.providers`, in order, as read from the cache file (nil for a
        /// digest computed now). The provider histories are assembled from them rather than
        /// encoded again: re-encoding every run of every provider was most of adding one run.
        var providerTrees: [JSONValue]? = nil
    }

    /// What the cache file holds: the digest, and the file stamps that let an unchanged file skip
    /// re-hashing (like git's index: same name, size, modification time and inode means the stored
    /// SHA-256 is still the file's). The stamps stay in the cache; the published digest has none.
    struct Entry: Codable {
        var stamps: [FileStamp]
        var digest: RunDigest
    }

    struct FileStamp: Codable, Equatable {
        var name: String
        var size: Int64
        var modifiedSeconds: Int64
        var modifiedNanoseconds: Int64
        var inode: UInt64
        var sha256: String
    }

    /// Hashes the run's files (or trusts the stamps of unchanged ones), then reuses the cached
    /// digest when the content key matches, or decodes the run and computes it.
    func load(runID: String, resultsDirectory: String) throws(ResultFileErrors) -> Loaded {
        let runDir = resultsDirectory + "/" + runID
        let names: [String]
        do { names = try ResultStore.resultFileNames(inRun: runDir) } catch { throw ResultFileErrors([error]) }
        if names.isEmpty { throw ResultFileErrors([ResultFileError(path: runDir, problem: .emptyRun(runDir))]) }
        let cachePath = path(for: runID)
        let cachedTree = FileBytes.read(cachePath).flatMap { try? JSONParser.parse($0) }
        let cached = cachedTree.flatMap { try? JSONValueDecoder.decode(Entry.self, from: $0) }
        let oldStamps = Dictionary((cached?.stamps ?? []).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var stamps: [FileStamp] = []
        // Files read for hashing are kept for decoding, should the digest need computing.
        var read: [String: [UInt8]] = [:]
        var keyHasher = SHA256()
        keyHasher.update(data: Array("digest-v\(RunDigest.formatVersion) window=\(windowSeconds) step=\(stepSeconds) slo=\(objectives.ttftSeconds)/\(objectives.itlMilliseconds) limits=\(limits.maxFileBytes)/\(limits.maxRunMicros)\n".utf8))
        for name in names {
            let path = runDir + "/" + name
            var st = stat()
            guard stat(path, &st) == 0 else {
                throw ResultFileErrors([ResultFileError(path: path, problem: .unreadable("file cannot be opened"))])
            }
            #if canImport(Darwin)
            let mtime = st.st_mtimespec
            #else
            let mtime = st.st_mtim
            #endif
            var stamp = FileStamp(
                name: name, size: Int64(st.st_size), modifiedSeconds: Int64(mtime.tv_sec),
                modifiedNanoseconds: Int64(mtime.tv_nsec), inode: UInt64(st.st_ino), sha256: "")
            if let old = oldStamps[name], old.size == stamp.size, old.modifiedSeconds == stamp.modifiedSeconds,
               old.modifiedNanoseconds == stamp.modifiedNanoseconds, old.inode == stamp.inode {
                stamp.sha256 = old.sha256
            } else {
                let bytes: [UInt8]
                do { bytes = try ResultStore.readBytes(path: path, limits: limits) } catch { throw ResultFileErrors([error]) }
                stamp.sha256 = Self.hex(SHA256.hash(data: bytes))
                read[name] = bytes
            }
            stamps.append(stamp)
            keyHasher.update(data: Array("\(name) \(stamp.sha256)\n".utf8))
        }
        let key = "sha256:" + Self.hex(keyHasher.finalize())
        if let cached, cached.digest.contentKey == key, cached.digest.formatVersion == RunDigest.formatVersion,
           cached.digest.runID == runID {
            if cached.stamps != stamps { save(Entry(stamps: stamps, digest: cached.digest), to: cachePath) }
            return Loaded(digest: cached.digest, fromCache: true, providerTrees: cachedTree.flatMap { Self.providerTrees($0, of: cached.digest) })
        }
        let run = try ResultStore.loadRun(runID, in: resultsDirectory, preloaded: read, limits: limits)
        // Hashes in the loaded (slug) order: loadRun sorts by slug, names are sorted by file name.
        let byName = Dictionary(uniqueKeysWithValues: stamps.map { ($0.name, $0.sha256) })
        let ordered = run.relativePaths.map { byName[String($0.dropFirst(runID.count + 1))] ?? "" }
        // In parallel too: when only one run is new (the usual regeneration), it is the slow job.
        let (window, step) = (windowSeconds, stepSeconds)
        let summaries = ParallelMap.map(run.files) { ProviderRunSummary(file: $0, windowSeconds: window, stepSeconds: step) }
        let segmentHashes = Dictionary(uniqueKeysWithValues: stamps.map { (runID + "/" + $0.name, $0.sha256) })
        let digest = RunDigest(
            run: run, summaries: summaries, contentKey: key, hashes: ordered, segmentHashes: segmentHashes, objectives: objectives)
        let tree = save(Entry(stamps: stamps, digest: digest), to: cachePath)
        AlertSampleCache(directory: directory).save(
            AlertSampleCache.File(
                contentKey: key,
                samples: zip(run.files, summaries).map { RunSample(summary: $1, workloadFingerprint: $0.workload.fingerprint) }),
            runID: runID)
        return Loaded(digest: digest, fromCache: false, providerTrees: tree.flatMap { Self.providerTrees($0, of: digest) })
    }

    /// The JSON trees of `digest.providers` inside a cache entry's tree, nil if it has no such list.
    private static func providerTrees(_ entry: JSONValue, of digest: RunDigest) -> [JSONValue]? {
        guard case .object(let top) = entry, case .object(let d)? = top["digest"], case .array(let providers)? = d["providers"],
            providers.count == digest.providers.count
        else { return nil }
        return providers
    }

    /// Writes the entry; best effort: a cache that cannot be written only costs time on the next
    /// generation. Returns the entry's JSON tree (the provider histories reuse its parts).
    @discardableResult
    private func save(_ entry: Entry, to path: String) -> JSONValue? {
        try? FileManager.default.createDirectory(atPath: directory + "/runs", withIntermediateDirectories: true)
        guard let tree = try? JSONValueEncoder.tree(of: entry) else {
            if let bytes = try? JSONValueEncoder.encode(entry) { try? AtomicFile.write(bytes, to: path) }
            return nil
        }
        try? AtomicFile.write(JSONValueEncoder.encode(tree: tree), to: path)
        return tree
    }

    func path(for runID: String) -> String { directory + "/runs/" + runID + ".json" }

    /// Deletes the cached digests (and, through `AlertSampleCache`, the alert samples) of runs that
    /// are no longer in the results folder, so the cache does not grow forever and a run added
    /// again is digested again.
    static func prune(directory: String, keeping runIDs: [String]) {
        let keep = Set(runIDs)
        CacheFolder.prune(directory + "/runs", keeping: keep)
        AlertSampleCache(directory: directory).prune(keeping: keep)
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Deterministic JSON for the site's data files and cache (sorted keys, no escaping of `/`).
enum SiteJSON {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        try JSONValueEncoder.encode(value, pretty: true) + [0x0A]
    }
}
