import JSON
import Foundation
import Testing

@testable import ResultFormat

/// Format 2's `chunks` text: three base-64 digits per delta, or '~' and eleven for a large one.
@Suite("Chunk delta text (format 2)")
struct ChunkDeltaTextTests {
    /// The text of `deltas` from `sent` = 0, as the encoder writes it (without the quotes).
    static func text(_ deltas: [Int64], sent: Int64 = 0) -> String {
        var times: [Int64] = []
        var t = sent
        for d in deltas {
            t &+= d
            times.append(t)
        }
        var w = JSONWriter(reservingCapacity: 64)
        ChunkDeltaText.append(times, after: sent, to: &w)
        return String(decoding: w.bytes.dropFirst().dropLast(), as: UTF8.self)
    }

    /// Reference texts from an independent encoder (a few lines of Python, as in
    /// `docs/results-format.md`).
    @Test(arguments: [
        ([0], "AAA"),
        ([1, 63, 64, 4095, 4096, 262_143], "AABAA/ABAA//BAA///"),
        ([262_144, 12_323, 22_357], "~AAAAAAABAAADAjFdV"),
        ([390_115, 12_323], "~AAAAAAABfPjDAj"),
        ([9_223_372_036_854_775_807], "~H//////////"),
        ([100, 50, 60], "ABkAAyAA8"),
    ] as [([Int64], String)])
    func matchesAnIndependentEncoder(deltas: [Int64], expected: String) {
        #expect(Self.text(deltas) == expected)
        var sums: [Int64] = []
        var t: Int64 = 0
        for d in deltas {
            t += d
            sums.append(t)
        }
        #expect(ChunkDeltaText.decode(expected, sent: 0) == .success(sums))
    }

    /// Random lists of 0 to 40 deltas around both sides of the three-digit limit and up to 2^62,
    /// from random start times.
    @Test func roundTripsRandomLists() {
        var rng = SystemRandomNumberGenerator()
        let edges: [Int64] = [0, 1, 63, 64, 4_095, 4_096, 262_143, 262_144, 1 << 35, 1 << 62]
        for count in 0...40 {
            for _ in 0..<20 {
                let sent = Int64.random(in: 0...1_000_000, using: &rng)
                var times: [Int64] = []
                var t = sent
                for _ in 0..<count {
                    let d = Bool.random(using: &rng) ? Int64.random(in: 0...40_000, using: &rng) : edges.randomElement(using: &rng)!
                    if t > Int64.max / 2 { break }
                    t += d
                    times.append(t)
                }
                var w = JSONWriter(reservingCapacity: 64)
                ChunkDeltaText.append(times, after: sent, to: &w)
                let text = String(decoding: w.bytes.dropFirst().dropLast(), as: UTF8.self)
                #expect(ChunkDeltaText.decode(text, sent: sent) == .success(times), "\(times) from \(sent): \(text)")
            }
        }
    }

    @Test(arguments: [
        ("AA", ChunkDeltaText.Problem.truncated(chunk: 0)),
        ("ABkAAyA", .truncated(chunk: 2)),
        ("ABkAA", .truncated(chunk: 1)),
        ("~AAAAAAABfP", .truncated(chunk: 0)),
        ("ABk#Ay", .character(offset: 3)),
        ("ABkA=y", .character(offset: 4)),
        ("AB-", .character(offset: 2)),
        ("AAA~AAAAA AABfPjDAj", .character(offset: 9)),
        ("AB\u{0}", .character(offset: 2)),
        ("~AAAAAAAAABk", .notCanonical(chunk: 0)),  // 100 escaped
        ("AAA~Q//////////", .tooLarge(chunk: 1)),  // 2^64 and more
        ("AAF~P//////////", .negative(chunk: 1)),  // 5, then -1 as its bit pattern
        ("~H//////////AAB", .overflow(chunk: 1)),  // 2^63 - 1 from 0, then 1 more
    ] as [(String, ChunkDeltaText.Problem)])
    func refusesMalformedText(text: String, problem: ChunkDeltaText.Problem) {
        #expect(ChunkDeltaText.decode(text, sent: 0) == .failure(problem))
    }

    /// The decoder never writes past the room it is given: text laid out differently from what
    /// its escapes promise (a '~' inside a group) stops at the limit instead.
    @Test func neverWritesPastItsRoom() {
        let text = Array("ABkAAyAA8AA~".utf8)
        var room = [Int64](repeating: -1, count: 3)
        let result = text.withUnsafeBufferPointer { t in
            room.withUnsafeMutableBufferPointer { ChunkDeltaText.decode(t, sent: 0, into: UnsafeMutableBufferPointer(rebasing: $0[..<1])) }
        }
        #expect(result == nil)
        #expect(room[1] == -1 && room[2] == -1)
        #expect(ChunkDeltaText.decode("ABkAAyAA8AA~", sent: 0) == .failure(.character(offset: 11)))
    }

    /// The message names what is wrong, for `ResultFileError`'s field path to prefix.
    @Test func problemsReadAsSentences() {
        #expect(ChunkDeltaText.Problem.character(offset: 7).description == "character at offset 7 is not a base-64 digit")
        #expect(ChunkDeltaText.Problem.negative(chunk: 1).description.contains("negative"))
    }

    /// A negative delta (never written by the bench) keeps its bit pattern, so it is refused
    /// on reading instead of being hidden by the writer.
    @Test func aNegativeDeltaIsWrittenAsItsBitPatternAndRefused() {
        var w = JSONWriter(reservingCapacity: 64)
        ChunkDeltaText.append([105, 104], after: 100, to: &w)
        let text = String(decoding: w.bytes.dropFirst().dropLast(), as: UTF8.self)
        #expect(text == "AAF~P//////////")
        #expect(ChunkDeltaText.decode(text, sent: 100) == .failure(.negative(chunk: 1)))
    }
}
