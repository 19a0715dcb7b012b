/// Minimal byte-level JSON emitter (the result-file encoder and the value serialiser).
package struct JSONWriter {
    package var bytes: [UInt8] = []

    package init(reservingCapacity capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    @inline(__always) package mutating func byte(_ b: UInt8) { bytes.append(b) }
    package mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    package mutating func int(_ value: Int64) {
        if value == 0 {
            bytes.append(48)
            return
        }
        var v = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &tmp) { buf in
            while v > 0 {
                buf[n] = UInt8(48 + v % 10)
                v /= 10
                n += 1
            }
            for i in stride(from: n - 1, through: 0, by: -1) { bytes.append(buf[i]) }
        }
    }

    package mutating func optionalInt(_ value: Int64?) {
        if let value { int(value) } else { raw("null") }
    }

    /// Shortest round-trip form; integral values keep a `.0` so the type stays visible.
    package mutating func double(_ value: Double) {
        precondition(value.isFinite, "result files never hold non-finite numbers")
        raw(value.description)
    }

    package mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            // Runs of bytes that need no escaping are copied at once (prompts are long).
            var runStart = 0
            for (i, b) in utf8.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
                runStart = i + 1
                switch b {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    raw("\\u00")
                    bytes.append(hex[Int(b >> 4)])
                    bytes.append(hex[Int(b & 0xF)])
                }
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
