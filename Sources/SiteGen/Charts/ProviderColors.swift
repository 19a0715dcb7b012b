import Crypto

/// One colour per provider, the same on every chart, decided by the provider's slug alone (never
/// by its rank).
///
/// The palette is Okabe and Ito's colour-blind-safe set without its black and yellow (too close to
/// the axes and too faint on white), plus a mid grey: seven colours. Each slug prefers the slot
/// given by the first 8 bytes (big-endian) of the SHA-256 of its UTF-8 bytes, modulo 7; when two
/// slugs of `slugs` want the same slot, the slugs are taken in sorted order and a later one moves
/// to the next free slot. Pass every slug the site knows, so each chart gets the same assignment;
/// with more slugs than colours the palette is reused round by round, and lines of the second and
/// later rounds are dashed (`isRepeat`).
public struct ProviderColors: Sendable {
    public static let palette: [Color] = [
        Color(hex: 0x0072B2), Color(hex: 0xE69F00), Color(hex: 0x009E73), Color(hex: 0xD55E00), Color(hex: 0x56B4E9),
        Color(hex: 0xCC79A7), Color(hex: 0x7F7F7F),
    ]

    /// Slot in `palette` per slug.
    public let slots: [String: Int]
    /// Slugs that share their colour with a slug of an earlier round.
    public let repeats: Set<String>

    public init(slugs: some Sequence<String>) {
        var slots: [String: Int] = [:]
        var repeats = Set<String>()
        var taken = Set<Int>()
        var round = 0
        let n = Self.palette.count
        for slug in Set(slugs).sorted() {
            if taken.count == n {
                taken = []
                round += 1
            }
            if round > 0 { repeats.insert(slug) }
            var slot = Self.preferredSlot(slug)
            while taken.contains(slot) { slot = (slot + 1) % n }
            taken.insert(slot)
            slots[slug] = slot
        }
        self.slots = slots
        self.repeats = repeats
    }

    /// Whether the slug's colour is also an earlier slug's (its lines are then dashed).
    public func isRepeat(_ slug: String) -> Bool { repeats.contains(slug) }

    /// The dash pattern of the slug's lines: solid, or dashed for a repeated colour.
    public func dash(for slug: String) -> [Double] { isRepeat(slug) ? [7, 4] : [] }

    /// The slug's colour; a slug that was not in the set gets its preferred slot.
    public func color(for slug: String) -> Color {
        Self.palette[slots[slug] ?? Self.preferredSlot(slug)]
    }

    /// The palette slot the slug's hash points at.
    public static func preferredSlot(_ slug: String) -> Int {
        let digest = Array(SHA256.hash(data: Array(slug.utf8)))
        let word = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(word % UInt64(palette.count))
    }
}
