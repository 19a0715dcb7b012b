import Testing

@testable import Bench

/// A seed must give the same workload forever: the generator's first outputs are pinned.
@Suite struct SeededRandomTests {
    @Test func aSeedGivesTheSameNumbersForever() {
        var plain = SeededRandom(seed: 42)
        #expect((0..<3).map { _ in plain.next() } == [13_679_457_532_755_275_413, 2_949_826_092_126_892_291, 5_139_283_748_462_763_858] as [UInt64])
        var stream = SeededRandom(seed: 7, stream: "arrivals")
        #expect((0..<3).map { _ in stream.next() } == [11_673_164_350_428_705_970, 15_800_287_251_144_844_624, 8_404_800_233_019_733_774] as [UInt64])
        var unit = SeededRandom(seed: 42)
        #expect(unit.nextUnit() == Double(UInt64(13_679_457_532_755_275_413) >> 11) * 0x1.0p-53)
    }
}
