import Crypto

/// One colour per provider, the same on every chart, decided by the provider's slug alone (never
/// by its rank).
///
/// The palette is Paul Tol's "muted" scheme (nine colours distinguishable with the common forms
/// of colour blindness). Each slug prefers the slot given by the first 8 bytes of the SHA-256 of
/// its UTF-8 bytes, modulo the palette size; when two slugs of `slugs` want the same slot, the
/// slugs are taken in sorted order and a later one moves to the next free slot. Pass every slug
/// the site knows, so each chart gets the same assignment; with more slugs than colours the
/// palette is reused round by round.
public struct ProviderColors: Sendable {
    public static let palette: [Color] = [
        Color(hex: 0x332288), Color(hex: 0x88CCEE), Color(hex: 0x44AA99), Color(hex: 0x117733), Color(hex: 0x999933),
        Color(hex: 0xDDCC77), Color(hex: 0xCC6677), Color(hex: 0x882255), Color(hex: 0xAA4499),
    ]

    /// Slot in `palette` per slug.
    public let slots: [String: Int]

    public init(slugs: some Sequence<String>) {
        var slots: [String: Int] = [:]
        var taken = Set<Int>()
        let n = Self.palette.count
        for slug in Set(slugs).sorted() {
            if taken.count == n { taken = [] }
            var slot = Self.preferredSlot(slug)
            while taken.contains(slot) { slot = (slot + 1) % n }
            taken.insert(slot)
            slots[slug] = slot
        }
        self.slots = slots
    }

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
