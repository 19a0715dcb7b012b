import JSON
import Analysis
import Foundation
import ResultFormat

/// Per-run values the change detector needs (sorted TTFT, TPOT and ITL of every provider, request
/// and failure counts), cached beside the digests so alerts never decode old result files again.
///
/// Layout: `<cache>/samples/<run-id>.json`, written whenever the run's digest is computed and
/// tagged with the same content key; values are stored as base64 of little-endian IEEE doubles
/// (exact, and about 11 bytes per value instead of ~20 as JSON numbers). Not published.
struct AlertSampleCache: Sendable {
    var directory: String
    var limits = ResultLimits.standard

    struct File: Codable {
        var contentKey: String
        var providers: [Provider]

        init(contentKey: String, samples: [RunSample]) {
            self.contentKey = contentKey
            providers = samples.map(Provider.init)
        }

        func samples(runID: String) -> [RunSample] { providers.map { $0.sample(runID: runID) } }
    }

    struct Provider: Codable {
        var slug: String
        var fingerprint: String
        var totalRequests: Int
        var failedRequests: Int
        /// `LatencyMetric` raw value → packed sorted values.
        var values: [String: String]

        init(_ s: RunSample) {
            slug = s.providerSlug
            fingerprint = s.workloadFingerprint
            totalRequests = s.totalRequests
            failedRequests = s.failedRequests
            var v: [String: String] = [:]
            for m in LatencyMetric.allCases { v[m.rawValue] = Self.pack(s.latency[m] ?? []) }
            values = v
        }

        func sample(runID: String) -> RunSample {
            var latency: [LatencyMetric: [Double]] = [:]
            for m in LatencyMetric.allCases { latency[m] = Self.unpack(values[m.rawValue] ?? "") }
            return RunSample(
                runID: runID, providerSlug: slug, workloadFingerprint: fingerprint, latency: latency,
                totalRequests: totalRequests, failedRequests: failedRequests)
        }

        static func pack(_ values: [Double]) -> String {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(values.count * 8)
            for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
            return Data(bytes).base64EncodedString()
        }

        static func unpack(_ text: String) -> [Double] {
            guard let data = Data(base64Encoded: text), data.count % 8 == 0 else { return [] }
            return data.withUnsafeBytes { raw in
                (0..<(data.count / 8)).map { i in Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))) }
            }
        }
    }

    func path(for runID: String) -> String { directory + "/samples/" + runID + ".json" }

    /// Deletes the samples of runs not in `runIDs`.
    func prune(keeping runIDs: Set<String>) { CacheFolder.prune(directory + "/samples", keeping: runIDs) }

    /// Best effort, like the digest cache.
    func save(_ file: File, runID: String) {
        try? FileManager.default.createDirectory(atPath: directory + "/samples", withIntermediateDirectories: true)
        if let bytes = try? JSONValueEncoder.encode(file) { try? AtomicFile.write(bytes, to: path(for: runID)) }
    }

    /// The run's samples from the cache when its content key matches the digest's, else decoded
    /// from the result files again (and cached).
    func samples(for digest: RunDigest, resultsDirectory: String) throws(ResultFileErrors) -> [RunSample] {
        if let data = FileBytes.read(path(for: digest.runID)),
           let file = try? JSONValueDecoder.decode(File.self, from: data), file.contentKey == digest.contentKey {
            return file.samples(runID: digest.runID)
        }
        let run = try ResultStore.loadRun(digest.runID, in: resultsDirectory, limits: limits)
        let samples = run.files.map { RunSample(file: $0) }
        save(File(contentKey: digest.contentKey, samples: samples), runID: digest.runID)
        return samples
    }
}
