import Testing

extension Tag {
    /// Tests that take many seconds (built binaries, servers). `./scripts/test.sh --fast` leaves
    /// their suites out locally; CI runs them all.
    @Tag static var slow: Self
}
