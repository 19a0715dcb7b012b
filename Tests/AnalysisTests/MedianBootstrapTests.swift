import Randomness
import Testing
@testable import Analysis

/// The order-statistic bootstrap must have the distribution of the classic resampling bootstrap.
struct MedianBootstrapTests {
    struct File: Decodable { var cases: [Case] }
    struct Case: Decodable {
        var values: [Double]
        var cdf: [Double]
    }
    struct XoshiroFile: Decodable { var cases: [XoshiroCase] }
    struct XoshiroCase: Decodable {
        var seed: String
        var outputs: [String]
    }

    @Test func generatorIsReferenceXoshiro256StarStar() throws {
        let file = try Golden.load("xoshiro", as: XoshiroFile.self)
        for c in file.cases {
            var rng = SeededGenerator(seed: UInt64(c.seed)!)
            for expected in c.outputs { #expect(rng.next() == UInt64(expected)!) }
        }
    }

    @Test func stableSeedDependsOnEveryPart() {
        let a = StableSeed.of(["openai", "2026-11-30T05-00-00Z", "TTFT"])
        #expect(a == StableSeed.of(["openai", "2026-11-30T05-00-00Z", "TTFT"]))
        #expect(a != StableSeed.of(["openai", "2026-11-30T05-00-00Z", "TPOT"]))
        #expect(StableSeed.of(["ab", "c"]) != StableSeed.of(["a", "bc"]))
        // FNV-1a of the empty string is its offset basis: the hash is the standard one.
        #expect(StableSeed.of([""]) == 0xCBF2_9CE4_8422_2325)
    }

    /// Odd n: P(median* <= x_(j)) is a binomial tail (Golden/bootstrap_median.json, from scipy).
    @Test func replicatesFollowTheExactBootstrapDistribution() throws {
        let file = try Golden.load("bootstrap_median", as: File.self)
        let draws = 40_000
        for c in file.cases {
            var rng = SeededGenerator(seed: 7)
            var counts = [Int](repeating: 0, count: c.values.count)
            c.values.withUnsafeBufferPointer { s in
                for _ in 0..<draws {
                    let m = MedianBootstrap.replicateMedian(s, &rng)
                    counts[s.firstIndex(of: m)!] += 1
                }
            }
            var cumulative = 0
            for (j, exact) in c.cdf.enumerated() {
                cumulative += counts[j]
                let observed = Double(cumulative) / Double(draws)
                // 5 standard errors of a proportion at n = 40,000 is at most 0.0125.
                #expect(abs(observed - exact) < 0.0125, "n=\(c.values.count) j=\(j): \(observed) vs \(exact)")
            }
        }
    }

    /// Even n: compare with a plain resample-and-sort bootstrap (different streams, so loosely).
    @Test func evenSizedSampleAgreesWithNaiveResampling() {
        var rng = SeededGenerator(seed: 11)
        let values = TestData.lognormal(count: 40, median: 1, sigma: 0.5, &rng)
        let sorted = values.sorted()
        let draws = 20_000
        var fast: [Double] = [], naive: [Double] = []
        sorted.withUnsafeBufferPointer { s in
            for _ in 0..<draws { fast.append(MedianBootstrap.replicateMedian(s, &rng)) }
        }
        for _ in 0..<draws {
            let resample = (0..<values.count).map { _ in values[Int(rng.next() % UInt64(values.count))] }
            naive.append(Percentile.of(resample, 50))
        }
        fast.sort(); naive.sort()
        for p in [2.5, 10, 25, 50, 75, 90, 97.5] {
            let a = Percentile.ofSorted(fast, p), b = Percentile.ofSorted(naive, p)
            let spread = sorted.last! - sorted.first!
            #expect(abs(a - b) < 0.03 * spread, "p\(p): \(a) vs \(b)")
        }
        let meanFast = fast.reduce(0, +) / Double(draws), meanNaive = naive.reduce(0, +) / Double(draws)
        #expect(abs(meanFast - meanNaive) < 0.01 * (sorted.last! - sorted.first!))
    }

    @Test func intervalsAreDeterministicAndSensible() throws {
        var rng = SeededGenerator(seed: 3)
        let values = TestData.lognormal(count: 1200, median: 1.2, sigma: 0.5, &rng)
        let boot = MedianBootstrap()
        let a = try #require(boot.medianInterval(values, seed: 99))
        let b = try #require(boot.medianInterval(values, seed: 99))
        #expect(a == b)
        let median = Percentile.of(values, 50)
        #expect(a.lower < median && median < a.upper)
        #expect(a.level == 0.95)
        // Theory: the median's standard error is about 1.2533 * sigma / sqrt(n) on the log scale,
        // so the 95% interval spans about 2 * 1.96 * 0.0181 = 7.1% of the median; allow 4% to 11%.
        let width = (a.upper - a.lower) / median
        #expect(width > 0.04 && width < 0.11, "width \(width)")
        #expect(boot.medianInterval([], seed: 1) == nil)
        #expect(boot.medianInterval([4.5], seed: 1) == ConfidenceInterval(lower: 4.5, upper: 4.5, level: 0.95))
    }

    @Test func differenceAndRelativeChangeIntervals() throws {
        var rng = SeededGenerator(seed: 5)
        let base = TestData.lognormal(count: 1200, median: 1, sigma: 0.5, &rng)
        let slower = TestData.lognormal(count: 1200, median: 1.3, sigma: 0.5, &rng)
        let boot = MedianBootstrap()
        let diff = try #require(boot.differenceInterval(slower, minus: base, seed: 1))
        #expect(diff.lower > 0)
        let rel = try #require(boot.relativeChangeInterval(baseline: base, current: slower, seed: 1))
        #expect(rel.lower > 0.15 && rel.upper < 0.45, "\(rel)")
        let same = try #require(boot.differenceInterval(base, minus: base, seed: 1))
        #expect(same.contains(0))
        #expect(boot.differenceInterval([], minus: base, seed: 1) == nil)
        #expect(boot.relativeChangeInterval(baseline: [0, 0, 0], current: base, seed: 1) == nil)
    }
}
