import Randomness
import ResultFormat
@testable import Analysis

/// Seeded synthetic samples for the tests.
enum TestData {
    /// `count` lognormal values with the given median and log-scale standard deviation.
    static func lognormal(count: Int, median: Double, sigma: Double, _ rng: inout SeededGenerator) -> [Double] {
        let mu = CMath.log(median)
        return (0..<count).map { _ in CMath.exp(mu + sigma * rng.nextNormal()) }
    }

    /// A successful request: sent at `sent` µs, first token after `ttft` µs, then `tokens - 1`
    /// more tokens `gap` µs apart.
    static func request(id: Int, sent: Int64, ttft: Int64, tokens: Int, gap: Int64) -> RequestRecord {
        let first = sent + ttft
        let times = (0..<tokens).map { first + Int64($0) * gap }
        return RequestRecord(
            id: id, scheduled: sent, sent: sent, firstToken: tokens > 0 ? first : nil, end: (times.last ?? sent) + 100,
            outputTokens: tokens, chunkTimes: times)
    }

    /// A failed request of `kind`.
    static func failure(id: Int, sent: Int64, kind: ErrorKind) -> RequestRecord {
        RequestRecord(
            id: id, scheduled: sent, sent: sent, firstToken: nil, end: sent + 5_000, outputTokens: 0, chunkTimes: [],
            error: RequestError(kind: kind, message: kind.rawValue))
    }
}
