import Foundation
import Crypto

enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func sha256<D: DataProtocol>(_ data: D) -> String { encode(SHA256.hash(data: data)) }
}
