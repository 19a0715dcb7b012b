import Randomness
import Testing

@testable import Simulator

/// A request's simulated behaviour depends only on (seed, request id), forever: the generator's
/// first outputs are pinned.
@Suite struct DeterministicRandomTests {
    @Test func aRequestsStreamNeverChanges() {
        var rng = SplitMix64(seed: 7, requestID: "req-000001")
        #expect((0..<3).map { _ in rng.next() } == [5_207_063_771_831_244_160, 14_613_628_713_210_991_233, 17_526_887_093_416_575_355] as [UInt64])
        var again = SplitMix64(seed: 7, requestID: "req-000001")
        #expect(again.unit() == Double(UInt64(5_207_063_771_831_244_160) >> 11) * 0x1.0p-53)
    }
}
