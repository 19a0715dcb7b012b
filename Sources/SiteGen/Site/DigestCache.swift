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

    /// What loading one run produced.
    struct Loaded: Sendable {
        var digest: RunDigest
        var fromCache: Bool
    }

    /// Hashes the run's files, then reuses the cached digest or decodes the run and computes it.
    func load(runID: String, resultsDirectory: String) throws(ResultFileErrors) -> Loaded {
        let runDir = resultsDirectory + "/" + runID
        let names: [String]
        do { names = try ResultStore.resultFileNames(inRun: runDir) } catch { throw ResultFileErrors([error]) }
        if names.isEmpty { throw ResultFileErrors([ResultFileError(path: runDir, problem: .emptyRun(runDir))]) }
        var hashes: [String] = []
        var keyHasher = SHA256()
        keyHasher.update(data: Array("digest-v\(RunDigest.formatVersion) window=\(windowSeconds) step=\(stepSeconds)\n".utf8))
        for name in names {
            let path = runDir + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ResultFileErrors([ResultFileError(path: path, problem: .unreadable("file cannot be opened"))])
            }
            let h = Self.hex(SHA256.hash(data: data))
            hashes.append(h)
            keyHasher.update(data: Array("\(name) \(h)\n".utf8))
        }
        let key = "sha256:" + Self.hex(keyHasher.finalize())
        let cachePath = path(for: runID)
        if let data = FileManager.default.contents(atPath: cachePath),
           let cached = try? JSONDecoder().decode(RunDigest.self, from: data),
           cached.contentKey == key, cached.formatVersion == RunDigest.formatVersion, cached.runID == runID {
            return Loaded(digest: cached, fromCache: true)
        }
        let run = try ResultStore.loadRun(runID, in: resultsDirectory)
        // Hashes in the loaded (slug) order: loadRun sorts by slug, names are sorted by file name.
        let byName = Dictionary(uniqueKeysWithValues: zip(names, hashes))
        let ordered = run.relativePaths.map { byName[String($0.dropFirst(runID.count + 1))] ?? "" }
        let digest = RunDigest(
            run: run, contentKey: key, hashes: ordered, windowSeconds: windowSeconds, stepSeconds: stepSeconds)
        try? FileManager.default.createDirectory(atPath: directory + "/runs", withIntermediateDirectories: true)
        if let bytes = try? SiteJSON.encode(digest) { try? AtomicFile.write(bytes, to: cachePath) }
        return Loaded(digest: digest, fromCache: false)
    }

    func path(for runID: String) -> String { directory + "/runs/" + runID + ".json" }

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
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try e.encode(value)) + [0x0A]
    }
}
