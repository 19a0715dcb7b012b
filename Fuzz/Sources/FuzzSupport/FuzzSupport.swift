/// What the fuzz targets share: turning one input into a control value and a payload, and
/// cutting a payload into reads the way a socket might deliver it.

/// The input libFuzzer hands over, as a buffer (empty when `count` is 0).
public func input(_ start: UnsafeRawPointer?, _ count: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: count == 0 ? nil : start, count: count)
}

/// SplitMix64: a small deterministic generator, so the same input always gives the same cuts.
public struct SplitMix {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    public mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
}

/// `0..<count` cut into consecutive ranges chosen by `seed`: sometimes whole, sometimes one byte
/// at a time, otherwise at up to 15 random places (empty pieces included: a read may be empty).
public func cuts(_ count: Int, seed: UInt64) -> [Range<Int>] {
    var random = SplitMix(seed: seed)
    let mode = random.below(16)
    if mode == 0 || count == 0 { return [0..<count] }
    if mode == 1 { return (0..<count).map { $0..<($0 + 1) } }
    var points = (0..<mode).map { _ in random.below(count + 1) }
    points.sort()
    var ranges: [Range<Int>] = []
    var start = 0
    for p in points + [count] {
        ranges.append(start..<p)
        start = p
    }
    return ranges
}

/// The first byte of a non-empty input, and the rest.
public func split(_ data: UnsafeRawBufferPointer) -> (control: UInt8, payload: UnsafeRawBufferPointer)? {
    guard let first = data.first else { return nil }
    return (first, UnsafeRawBufferPointer(rebasing: data[1...]))
}

/// Fails the run (libFuzzer saves the input as a crash) with a message naming the broken property.
public func violated(_ property: String, _ details: @autoclosure () -> String = "") -> Never {
    fatalError("fuzz property violated: \(property)\n\(details())")
}
