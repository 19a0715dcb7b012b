import Testing

extension Tag {
    /// Tests that take many seconds (real servers, built binaries, the HTML validator, large
    /// samples). `./scripts/test.sh --fast` leaves their suites out locally; CI runs them all.
    @Tag static var slow: Self
}
