import Foundation
import Randomness
import ResultFormat

/// Writes synthetic result files shaped like the original Python pipeline's workload (10 req/s, lognormal TTFT,
/// jittered token intervals with rare stalls, about 1% errors) for tests and benchmarks.
///
/// Every file says `source: synthetic` and carries a note, so it can never pass for a measurement.
public struct SyntheticCorpus: Sendable {
    /// A synthetic provider: name, median TTFT (s), TTFT sigma, mean inter-token interval (ms).
    public struct Profile: Sendable {
        public var name: String
        public var ttftMedian: Double
        public var ttftSigma: Double
        public var interTokenMs: Double
        public init(name: String, ttftMedian: Double, ttftSigma: Double, interTokenMs: Double) {
            self.name = name
            self.ttftMedian = ttftMedian
            self.ttftSigma = ttftSigma
            self.interTokenMs = interTokenMs
        }
    }

    /// Five fictional providers with the spread of the original Python pipeline's published figures.
    public static let defaultProfiles: [Profile] = [
        Profile(name: "synthetic-alpha", ttftMedian: 0.35, ttftSigma: 0.45, interTokenMs: 12),
        Profile(name: "synthetic-bravo", ttftMedian: 0.65, ttftSigma: 0.40, interTokenMs: 45),
        Profile(name: "synthetic-charlie", ttftMedian: 1.00, ttftSigma: 0.45, interTokenMs: 30),
        Profile(name: "synthetic-delta", ttftMedian: 1.40, ttftSigma: 0.70, interTokenMs: 20),
        Profile(name: "synthetic-echo", ttftMedian: 1.90, ttftSigma: 0.90, interTokenMs: 60),
    ]

    public var profiles: [Profile]
    public var requests: Int
    public var maxTokens: Int
    public var seed: UInt64
    /// Requests per second of the open-loop schedule.
    public var rate: Double = 10

    public init(profiles: [Profile] = SyntheticCorpus.defaultProfiles, requests: Int = 1200, maxTokens: Int = 1024, seed: UInt64 = 1234) {
        self.profiles = profiles
        self.requests = requests
        self.maxTokens = maxTokens
        self.seed = seed
    }

    /// Run ids one day apart, starting 2026-01-01.
    public static func runID(_ index: Int) -> String {
        let date = Date(timeIntervalSince1970: 1_767_225_600 + Double(index) * 86_400)
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd'T'HH-mm-ss'Z'"
        return f.string(from: date)
    }

    /// ISO 8601 start time of run `index`.
    static func isoTime(_ index: Int) -> String {
        let id = runID(index)
        return String(id.prefix(11)) + id.dropFirst(11).replacingOccurrences(of: "-", with: ":")
    }

    /// The file of provider `p` in run `r`.
    public func file(run r: Int, provider p: Int) -> ResultFile {
        let profile = profiles[p]
        var rng = SplitMix64(seed: seed &* 1_000_003 &+ UInt64(r) &* 7919 &+ UInt64(p))
        // Run-to-run variation of each provider.
        let ttftDrift = rng.lognormal(median: 1, sigma: 0.1), itlDrift = rng.lognormal(median: 1, sigma: 0.1)
        var records: [RequestRecord] = []
        records.reserveCapacity(requests)
        let interval = 1_000_000 / rate
        for i in 0..<requests {
            let scheduled = Int64((Double(i) * interval).rounded())
            let sent = scheduled + Int64(rng.unit() * 2_000)
            let ttft = Int64(rng.lognormal(median: profile.ttftMedian * ttftDrift, sigma: profile.ttftSigma) * 1_000_000)
            let tokens = 50 + Int(rng.unit() * Double(max(maxTokens - 49, 1)))
            var chunks: [Int64] = []
            chunks.reserveCapacity(tokens)
            var t = sent + max(ttft, 1)
            chunks.append(t)
            for _ in 1..<tokens {
                var gap = rng.lognormal(median: profile.interTokenMs * itlDrift * 955, sigma: 0.3)
                if rng.unit() < 0.002 { gap += 100_000 + rng.unit() * 900_000 }
                t += Int64(gap)
                chunks.append(t)
            }
            var end = t + 1_000 + Int64(rng.unit() * 4_000)
            var error: RequestError?
            if rng.unit() < 0.01 {
                let kinds: [(ErrorKind, Int?, String)] = [
                    (.reset, nil, "connection reset by peer mid-stream"), (.rateLimited, 429, "HTTP 429: Too Many Requests"),
                    (.httpServer, 503, "HTTP 503: Service Unavailable"), (.timeout, nil, "read timed out"),
                ]
                let k = kinds[Int(rng.unit() * Double(kinds.count))]
                error = RequestError(kind: k.0, status: k.1, message: k.2)
                if rng.unit() < 0.5 {
                    chunks = []
                    end = sent + 200_000 + Int64(rng.unit() * 29_800_000)
                } else {
                    chunks = Array(chunks.prefix(1 + Int(rng.unit() * Double(tokens - 1))))
                    end = chunks.last! + 10_000 + Int64(rng.unit() * 1_990_000)
                }
            }
            records.append(RequestRecord(
                id: i, scheduled: scheduled, sent: sent, firstToken: chunks.first, end: end,
                outputTokens: chunks.count, chunkTimes: chunks, error: error))
        }
        let runID = SyntheticCorpus.runID(r)
        let started = Self.isoTime(r)
        return ResultFile(
            run: RunInfo(
                id: runID, startedAt: started, endedAt: started, benchVersion: "synthetic",
                source: .synthetic, note: "Generated by SyntheticCorpus (seed \(seed))."),
            provider: ProviderInfo(name: profile.name, slug: Slug.make(from: profile.name), api: "openai-chat", baseURL: "synthetic://", model: "synthetic"),
            workload: WorkloadInfo(
                fingerprint: "sha256:synthetic-\(requests)x\(maxTokens)", arrival: "constant \(Self.trimmed(rate)) req/s for \(Self.trimmed(Double(requests) / rate)) s",
                requestCount: requests, seed: seed, promptSource: "synthetic", temperature: 0.7, topP: 1, maxTokens: maxTokens,
                timeoutSeconds: 3600),
            tokenCount: .events, requests: records)
    }

    /// Writes `runs` runs of every profile under `directory`. Returns bytes written.
    @discardableResult
    public func write(runs: Int, to directory: String, firstRun: Int = 0) throws -> Int {
        var total = 0
        for r in firstRun..<(firstRun + runs) {
            let sizes = ParallelMap.map(Array(profiles.indices)) { p -> Result<Int, any Error> in
                Result {
                    let path = try ResultStore.write(self.file(run: r, provider: p), in: directory)
                    return (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                }
            }
            for s in sizes { total += try s.get() }
        }
        return total
    }
}

extension SyntheticCorpus {
    /// `3` for 3.0, `2.5` for 2.5: the arrival text of the corpus's workload.
    static func trimmed(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(v)
    }
}
