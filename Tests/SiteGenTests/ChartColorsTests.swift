import Foundation
import Testing

@testable import SiteGen

@Suite("Chart colours follow the provider")
struct ChartColorsTests {
    let slugs = ["acme", "bolt-ai", "cloudy", "deep-fast", "echo", "fjord"]

    @Test("a slug's colour does not depend on the order or rank of the others")
    func orderIndependent() {
        let a = ProviderColors(slugs: slugs)
        let b = ProviderColors(slugs: slugs.reversed())
        for s in slugs { #expect(a.color(for: s) == b.color(for: s)) }
    }

    @Test("colliding slugs get distinct colours, resolved in sorted slug order")
    func collisions() {
        let colors = ProviderColors(slugs: slugs)
        #expect(Set(slugs.map { colors.slots[$0]! }).count == slugs.count)
        // Recompute the rule independently: sorted slugs, preferred slot, next free slot.
        var taken = Set<Int>()
        for s in slugs.sorted() {
            var slot = ProviderColors.preferredSlot(s)
            while taken.contains(slot) { slot = (slot + 1) % ProviderColors.palette.count }
            taken.insert(slot)
            #expect(colors.slots[s] == slot, "\(s)")
        }
    }

    @Test("without a collision, a provider keeps its colour whatever set it is in")
    func subsetStable() {
        let all = ProviderColors(slugs: slugs)
        for s in slugs {
            let alone = ProviderColors(slugs: [s])
            #expect(alone.color(for: s) == ProviderColors.palette[ProviderColors.preferredSlot(s)])
            // Unknown slugs fall back to their preferred colour.
            #expect(ProviderColors(slugs: []).color(for: s) == alone.color(for: s))
        }
        // Preferred slots computed independently (Python: int.from_bytes(sha256(slug)[:8], "big") % 7).
        #expect(slugs.map(ProviderColors.preferredSlot) == [2, 1, 6, 1, 1, 4])
        // In sorted order: deep-fast wants 1 (bolt-ai's), 2 (acme's), gets 3; echo wants 1, gets 4;
        // fjord wants 4 (echo's), gets 5.
        #expect(slugs.map { all.slots[$0]! } == [2, 1, 6, 3, 4, 5])
        #expect(all.slots.count == slugs.count)
    }

    @Test("more slugs than colours reuse the palette round by round")
    func manySlugs() {
        let many = (0..<20).map { "p\($0)" }
        let colors = ProviderColors(slugs: many)
        let firstRound = many.sorted().prefix(ProviderColors.palette.count).map { colors.slots[$0]! }
        #expect(Set(firstRound).count == ProviderColors.palette.count)
        // Later rounds are marked as repeats (their lines are dashed); the first round is not.
        #expect(many.sorted().enumerated().allSatisfy { i, s in colors.isRepeat(s) == (i >= ProviderColors.palette.count) })
        #expect(colors.dash(for: many.sorted().last!) == [7, 4] && colors.dash(for: many.sorted()[0]).isEmpty)
    }
}
