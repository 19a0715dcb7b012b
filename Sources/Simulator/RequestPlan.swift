import Randomness
import Foundation

/// Everything the simulator will do for one request, decided up front from (seed, request id).
///
/// Exposed so that tests and the bench can predict a request's TTFT, length and fault.
public struct RequestPlan: Sendable, Equatable {
    /// The fault injected into this request, if any.
    public enum Fault: Sendable, Equatable {
        case none
        /// HTTP 500 or 503 before any streaming.
        case serverError(status: Int)
        /// HTTP 429 with `Retry-After`.
        case rateLimited(retryAfterSeconds: Int)
        /// Connection closed when content chunk `afterChunk + 1` would have been due (1-based count
        /// of content chunks sent before the close).
        case disconnect(afterChunk: Int)
        /// Extra pause of `seconds` after content chunk `afterChunk`.
        case stall(afterChunk: Int, seconds: Double)
        /// One invalid-JSON event right after content chunk `afterChunk`.
        case malformed(afterChunk: Int)
    }

    public var requestID: String
    /// Time from generation start (slot acquired) to the first content chunk, milliseconds.
    public var ttftMs: Double
    /// Number of output tokens (words) generated: min(max_tokens, drawn).
    public var outputTokens: Int
    /// "length" when `max_tokens` cut the drawn length, else "stop".
    public var finishReason: String
    /// Tokens in each content chunk, in order.
    public var chunkTokens: [Int]
    /// Gap before content chunks 2...n, milliseconds (count = chunks - 1).
    public var chunkIntervalsMs: [Double]
    public var fault: Fault
    /// Offset into the word list, so different requests produce different text.
    public var wordOffset: Int

    /// The outcome string the served-request log will carry if the stream runs to plan.
    public var plannedOutcome: String {
        switch fault {
        case .none: return "ok"
        case .serverError(let status): return "error-\(status)"
        case .rateLimited: return "rate-limited"
        case .disconnect: return "disconnect"
        case .stall: return "stall"
        case .malformed: return "malformed"
        }
    }
}

extension SimulationProfile {
    /// The deterministic plan for a request. The draws happen in a fixed order (fault, fault
    /// detail, fault position, TTFT, length, word offset, then one per chunk interval), so
    /// `maxTokens` changes only how many intervals are used, never the other draws.
    public func plan(seed: UInt64, requestID: String, maxTokens: Int?) -> RequestPlan {
        var rng = SplitMix64(seed: seed, requestID: requestID)
        let faultDraw = rng.unit()
        let faultDetail = rng.unit()
        let faultPosition = rng.unit()
        let ttft = rng.lognormal(median: ttftMedianMs, sigma: ttftSigma)
        let drawn = rng.uniform(in: outputTokensMin...max(outputTokensMin, outputTokensMax))
        let wordOffset = Int(rng.next() % 1_000_003)

        let cap = max(1, maxTokens ?? Int.max)
        let tokens = min(drawn, cap)
        var chunkTokens: [Int] = []
        chunkTokens.reserveCapacity(tokens / tokensPerChunk + 1)
        var left = tokens
        while left > 0 {
            let n = min(tokensPerChunk, left)
            chunkTokens.append(n)
            left -= n
        }

        // Chunk intervals: lognormal around a mean of interTokenMs per token in the chunk.
        let medianScale = interTokenJitter == 0 ? 1 : exp(-interTokenJitter * interTokenJitter / 2)
        var intervals: [Double] = []
        intervals.reserveCapacity(max(0, chunkTokens.count - 1))
        for n in chunkTokens.dropFirst() {
            let mean = interTokenMs * Double(n)
            intervals.append(rng.lognormal(median: mean * medianScale, sigma: interTokenJitter))
        }

        // Fault position: after a content chunk in 1...(chunks - 1), or after the only chunk.
        let chunks = chunkTokens.count
        let after = chunks <= 1 ? 1 : 1 + min(chunks - 2, Int(faultPosition * Double(chunks - 1)))
        let slices = [
            faults.errorRate, faults.rateLimitRate, faults.disconnectRate, faults.stallRate, faults.malformedRate,
        ]
        var edge = 0.0
        var picked: Int?
        for (index, slice) in slices.enumerated() {
            edge += slice
            if faultDraw < edge {
                picked = index
                break
            }
        }
        let fault: RequestPlan.Fault
        switch picked {
        case 0: fault = .serverError(status: faultDetail < 0.5 ? 500 : 503)
        case 1: fault = .rateLimited(retryAfterSeconds: faults.retryAfterSeconds)
        case 2: fault = .disconnect(afterChunk: after)
        case 3: fault = .stall(afterChunk: after, seconds: faults.stallSeconds)
        case 4: fault = .malformed(afterChunk: after)
        default: fault = .none
        }

        return RequestPlan(
            requestID: requestID, ttftMs: ttft, outputTokens: tokens,
            finishReason: drawn > tokens ? "length" : "stop",
            chunkTokens: chunkTokens, chunkIntervalsMs: intervals, fault: fault, wordOffset: wordOffset)
    }
}
