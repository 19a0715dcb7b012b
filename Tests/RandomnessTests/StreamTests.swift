import Randomness
import Testing

/// A seed must give the same workload forever: the generator's first outputs are pinned.
@Suite struct StreamTests {
    @Test func aSeedGivesTheSameNumbersForever() {
        var plain = SplitMix64(seed: 42)
        #expect((0..<3).map { _ in plain.next() } == [13_679_457_532_755_275_413, 2_949_826_092_126_892_291, 5_139_283_748_462_763_858] as [UInt64])
        var stream = SplitMix64(seed: 7, stream: "arrivals")
        #expect((0..<3).map { _ in stream.next() } == [11_673_164_350_428_705_970, 15_800_287_251_144_844_624, 8_404_800_233_019_733_774] as [UInt64])
        var unit = SplitMix64(seed: 42)
        #expect(unit.unit() == Double(UInt64(13_679_457_532_755_275_413) >> 11) * 0x1.0p-53)
    }
}

/// The rest of the module's draws, pinned or checked against their definitions.
@Suite struct DrawTests {
    /// The reference xoshiro256** outputs for seed 0 (SplitMix64-seeded, as in its authors' code).
    @Test func xoshiroIsTheReference() {
        var rng = SeededGenerator(seed: 0)
        #expect((0..<3).map { _ in rng.next() } == [11_091_344_671_253_066_420, 13_793_997_310_169_335_082, 1_900_383_378_846_508_768] as [UInt64])
    }

    /// FNV-1a: the standard offset basis for "", and the published value for "a".
    @Test func fnvIsTheStandardOne() {
        #expect(SplitMix64.fnv1a("") == 0xCBF2_9CE4_8422_2325)
        #expect(SplitMix64.fnv1a("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(StableSeed.of(["ab", "c"]) != StableSeed.of(["a", "bc"]))
    }

    @Test func unitsStayInTheirIntervals() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<10_000 {
            let u = rng.unit(), o = rng.openUnit()
            #expect(u >= 0 && u < 1)
            #expect(o > 0 && o < 1)
        }
    }

    /// `index(below:)` is unbiased: every value of a small bound comes up about equally, and a
    /// bound just over 2^63 (where a plain modulo favours the lower half 2:1) splits evenly.
    @Test func indexIsUnbiased() {
        var rng = SplitMix64(seed: 11)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[rng.index(below: 6)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 }, "\(counts)")
        let bound = Int.max / 4 * 3
        var low = 0
        for _ in 0..<20_000 where rng.index(below: bound) < bound / 2 { low += 1 }
        #expect(abs(low - 10_000) < 500, "\(low) of 20,000 in the lower half")
        #expect((0..<1_000).allSatisfy { _ in (3...5).contains(rng.uniform(in: 3...5)) })
    }

    /// Box–Muller's first value is pinned (corpora and the simulator depend on it), and a
    /// lognormal of sigma 0 is its median exactly.
    @Test func normalDrawsArePinned() {
        var a = SplitMix64(seed: 42)
        #expect(a.standardNormal().bitPattern == 4_601_142_546_771_932_425)
        var b = SplitMix64(seed: 42)
        #expect(b.lognormal(median: 0.25, sigma: 0) == 0.25)
        #expect(b.state == SplitMix64(seed: 42).state &+ 2 &* SplitMix64.increment)
    }
}
