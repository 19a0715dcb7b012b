/// Eight bytes of JSON text read at once (SWAR): how many ASCII digits they start with, and the
/// value of those digits, without a loop over the bytes. Integer parsing of chunk deltas (3–7
/// digits each, hundreds of thousands per file) is the hot path of reading result files.
struct EightDigits {
    /// The eight bytes, first byte in the low bits.
    let word: UInt64
    /// Each byte minus ASCII '0'.
    private let digits: UInt64
    /// Digits before the first non-digit byte, 0...8.
    let count: Int

    /// Reads eight bytes at `pointer` (the caller guarantees they exist).
    @inline(__always) init(at pointer: UnsafePointer<UInt8>) {
        word = UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
        digits = word &- 0x3030_3030_3030_3030
        // A byte's high bit ends up set iff it is not '0'...'9' (borrows and carries only move
        // towards later bytes, so the first such byte is found exactly).
        let nonDigit = (digits | (digits &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080
        count = nonDigit.trailingZeroBitCount &>> 3
    }

    /// The byte after the digits (`count` < 8).
    @inline(__always) var delimiter: UInt8 { UInt8(truncatingIfNeeded: word &>> UInt64(count &* 8)) }

    /// Whether the digits start with a '0' that is not the whole number (invalid in JSON).
    @inline(__always) var hasLeadingZero: Bool { count > 1 && word & 0xFF == 0x30 }

    /// The value of the `count` digits (1 ≤ `count` < 8): three multiply-and-shift steps combine
    /// pairs, then quadruples, then the two halves.
    @inline(__always) var value: Int64 {
        var x = digits &<< UInt64(64 &- 8 &* count)
        x = (x &* 10 &+ (x &>> 8)) & 0x00FF_00FF_00FF_00FF
        x = (x &* 100 &+ (x &>> 16)) & 0x0000_FFFF_0000_FFFF
        x = (x &* 10_000 &+ (x &>> 32)) & 0x0000_0000_FFFF_FFFF
        return Int64(x)
    }
}
