/// The one decoder of JSON string bodies with escapes, shared by the result-file reader
/// (`JSONParser`) and the stream-chunk scanner (`StreamProtocols.JSONScanner`), which differ only
/// in what an unpaired UTF-16 surrogate in a `\u` escape means.
package enum JSONStringDecoder {
    /// What an unpaired surrogate (`\uD800` alone, or a high one not followed by a low one) is.
    package enum Surrogates {
        /// An error: result files are written by bench and never hold one.
        case refused
        /// U+FFFD, as decoders of server responses do.
        case replaced
    }

    package enum Failure: Error, Equatable {
        case controlCharacter
        case invalidEscape(UInt8)
        case truncatedEscape
        case invalidHexDigit
        case unpairedSurrogate
        case invalidSurrogatePair
        case unterminated
        case tooLong
    }

    /// The bytes of the string whose body starts at `pos` (just after the opening quote), with
    /// every escape decoded; `pos` ends just after the closing quote. At most `limit` bytes.
    package static func decode(
        _ bytes: UnsafeRawBufferPointer, pos: inout Int, surrogates: Surrogates, limit: Int = .max
    ) throws(Failure) -> [UInt8] {
        var out: [UInt8] = []
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                pos += 1
                return out
            }
            if c < 0x20 { throw .controlCharacter }
            guard out.count < limit else { throw .tooLong }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                pos += 1
                continue
            }
            pos += 1
            guard pos < bytes.count else { break }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(bytes, &pos)
                if (0xD800...0xDBFF).contains(scalar) {
                    if pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") {
                        pos += 2
                        let low = try hex4(bytes, &pos)
                        if (0xDC00...0xDFFF).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if surrogates == .refused {
                            throw .invalidSurrogatePair
                        } else {
                            scalar = 0xFFFD
                        }
                    } else if surrogates == .refused {
                        throw .unpairedSurrogate
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    if surrogates == .refused { throw .unpairedSurrogate }
                    scalar = 0xFFFD
                }
                out.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
            default: throw .invalidEscape(e)
            }
        }
        throw .unterminated
    }

    /// Four hex digits at `pos`.
    private static func hex4(_ bytes: UnsafeRawBufferPointer, _ pos: inout Int) throws(Failure) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw .truncatedEscape }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[pos]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw .invalidHexDigit
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }
}
