import Testing
import Randomness
import SyntheticCorpus

/// Synthetic corpora must be identical on every machine and after every refactor: the corpus
/// generator's first outputs are pinned.
@Suite struct SyntheticRandomTests {
    @Test func theCorpusGeneratorNeverChanges() {
        var rng = SplitMix64(seed: 42)
        #expect((0..<3).map { _ in rng.next() } == [13_679_457_532_755_275_413, 2_949_826_092_126_892_291, 5_139_283_748_462_763_858] as [UInt64])
        var normal = SplitMix64(seed: 42)
        #expect(normal.normal().bitPattern == 4_601_142_546_771_932_425)
    }
}
