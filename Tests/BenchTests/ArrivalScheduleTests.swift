import Testing
@testable import Bench

@Suite struct ArrivalScheduleTests {
    @Test func constantIsTheSeedWorkload() {
        let o = ArrivalSchedule.seedDefault.offsetsMicros(seed: 1)
        #expect(o.count == 1200)
        #expect(o.first == 0)
        #expect(o[1] == 100_000)
        #expect(o.last == 119_900_000)
    }

    @Test func linearRampCountMatchesTheIntegral() {
        // ∫0..10 (1 + 9t/10) dt = 10 + 45 = 55 arrivals.
        let o = ArrivalSchedule.linearRamp(from: 1, to: 10, duration: 10).offsetsMicros(seed: 0)
        #expect(o.count == 55)
        #expect(o == o.sorted())
        #expect(o.last! < 10_000_000)
        // Gaps shrink as the rate grows.
        #expect(o[1] - o[0] > o[o.count - 1] - o[o.count - 2])
    }

    @Test func exponentialRampCountMatchesTheIntegral() {
        // ∫0..10 2·5^(t/10) dt = 20/ln5 · 4 ≈ 49.7 → 50 arrivals (k = 0...49).
        let o = ArrivalSchedule.exponentialRamp(from: 2, to: 10, duration: 10).offsetsMicros(seed: 0)
        #expect(o.count == 50)
        #expect(o == o.sorted())
        #expect(o.last! < 10_000_000)
    }

    @Test func poissonIsSeededAndHasTheRightMeanRate() {
        let a = ArrivalSchedule.poisson(rate: 20, duration: 100).offsetsMicros(seed: 7)
        let b = ArrivalSchedule.poisson(rate: 20, duration: 100).offsetsMicros(seed: 7)
        let c = ArrivalSchedule.poisson(rate: 20, duration: 100).offsetsMicros(seed: 8)
        #expect(a == b)
        #expect(a != c)
        // 2,000 expected; a Poisson count has sd ≈ 45, so ±250 is a > 5 sigma bound.
        #expect(abs(a.count - 2000) < 250)
        #expect(a == a.sorted())
    }

    @Test func explicitOffsetsAreSorted() {
        let o = ArrivalSchedule.explicit(offsets: [2, 0.5, 1]).offsetsMicros(seed: 0)
        #expect(o == [500_000, 1_000_000, 2_000_000])
    }

    @Test func skipIdleShortensLongGaps() {
        let o = ArrivalSchedule.skippingIdle([0, 1_000_000, 61_000_000, 62_000_000], maxGapSeconds: 5)
        #expect(o == [0, 1_000_000, 6_000_000, 7_000_000])
    }

    @Test func invalidParametersAreRejectedWithTheField() {
        #expect(throws: ConfigurationError.self) { try ArrivalSchedule.constant(rate: 0, duration: 10).validate() }
        do {
            try ArrivalSchedule.explicit(offsets: [1, -1]).validate()
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "workload.arrival.offsets_s")
        }
    }
}
