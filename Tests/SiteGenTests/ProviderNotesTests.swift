import Testing

@testable import SiteGen

@Suite struct ProviderNotesTests {
    @Test func sharedPartsAreSaidOnce() {
        let notes = ProviderNotes([
            ("a", "llama-server (x, y), model M, 1 slot, on one machine (cpu, 2 cores)"),
            ("b", "llama-server (x, y), model M, 4 slots, TLS, on one machine (cpu, 2 cores)"),
            ("c", nil),
        ])
        #expect(notes.shared == "llama-server (x, y), model M, on one machine (cpu, 2 cores)")
        #expect(notes.each.map(\.name) == ["a", "b"])
        #expect(notes.each.map(\.note) == ["1 slot", "4 slots, TLS"])
        #expect(notes.text() == "All: llama-server (x, y), model M, on one machine (cpu, 2 cores). a: 1 slot; b: 4 slots, TLS")
    }

    @Test func nothingSharedOrOneNote() {
        let apart = ProviderNotes([("a", "one thing"), ("b", "another")])
        #expect(apart.shared == nil)
        #expect(apart.text() == "a: one thing; b: another")
        let one = ProviderNotes([("a", "x, y")])
        #expect(one.shared == nil && one.each.map(\.note) == ["x, y"])
        let same = ProviderNotes([("a", "x, y"), ("b", "x, y")])
        #expect(same.shared == "x, y" && same.each.map(\.note) == ["(nothing more)", "(nothing more)"])
    }
}
