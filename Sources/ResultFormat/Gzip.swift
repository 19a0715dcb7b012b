import CDeflate
import CZlib

/// gzip for result files (`.json.gz`), through libdeflate (zlib only to explain a bad file).
///
/// The header carries no file name and a zero mtime, so the same input gives the same bytes.
public enum Gzip {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// True if `data` starts with the gzip magic bytes.
    public static func isCompressed(_ data: [UInt8]) -> Bool {
        data.count >= 2 && data[0] == 0x1F && data[1] == 0x8B
    }

    /// gzip of `input` at libdeflate's `level` (1–12; 6 is its default, smaller and faster than
    /// zlib's 6). The header has no name and a zero mtime: the same input gives the same bytes.
    public static func compress(_ input: [UInt8], level: Int32 = 6) throws(Failure) -> [UInt8] {
        guard let compressor = libdeflate_alloc_compressor(level) else {
            throw Failure(description: "libdeflate_alloc_compressor(\(level)) failed")
        }
        defer { libdeflate_free_compressor(compressor) }
        let bound = libdeflate_gzip_compress_bound(compressor, input.count)
        let output = input.withUnsafeBytes { inBuf in
            [UInt8](unsafeUninitializedCapacity: bound) { outBuf, initialized in
                initialized = libdeflate_gzip_compress(compressor, inBuf.baseAddress, inBuf.count, outBuf.baseAddress, bound)
            }
        }
        guard !output.isEmpty else {  // libdeflate returns 0 only when the output would not fit
            throw Failure(description: "gzip compression failed")
        }
        return output
    }

    /// The bytes of a gzip file (every member, as `gzip -d` does). libdeflate decompresses the whole
    /// buffer at once; when it rejects the data, zlib's streaming inflate says why (truncated or corrupt).
    public static func decompress(_ input: [UInt8]) throws(Failure) -> [UInt8] {
        guard let decompressor = libdeflate_alloc_decompressor() else {
            throw Failure(description: "libdeflate_alloc_decompressor failed")
        }
        defer { libdeflate_free_decompressor(decompressor) }
        var output: [UInt8] = []
        var offset = 0
        repeat {
            let result = input.withUnsafeBytes { (all) -> Result<(consumed: Int, bytes: [UInt8]), Failure> in
                let rest = UnsafeRawBufferPointer(rebasing: all[offset...])
                // The trailer's ISIZE is the member's length mod 2^32; a corrupt file could claim
                // gigabytes, so the first guess is capped and grown only if libdeflate asks.
                var capacity = rest.count * 8 + 64
                if rest.count >= 18 {
                    let t = rest.count - 4
                    let isize = Int(rest[t]) | Int(rest[t + 1]) << 8 | Int(rest[t + 2]) << 16 | Int(rest[t + 3]) << 24
                    if isize <= rest.count * 64 { capacity = isize + 1 }
                }
                while true {
                    var consumed = 0
                    var status = LIBDEFLATE_BAD_DATA
                    let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { out, initialized in
                        var produced = 0
                        status = libdeflate_gzip_decompress_ex(
                            decompressor, rest.baseAddress, rest.count, out.baseAddress, capacity, &consumed, &produced)
                        initialized = status == LIBDEFLATE_SUCCESS ? produced : 0
                    }
                    switch status {
                    case LIBDEFLATE_SUCCESS: return .success((consumed, bytes))
                    case LIBDEFLATE_INSUFFICIENT_SPACE: capacity *= 2
                    default: return .failure(diagnose(Array(rest)))
                    }
                }
            }
            let member = try result.get()
            if output.isEmpty { output = member.bytes } else { output.append(contentsOf: member.bytes) }
            offset += member.consumed
        } while offset + 1 < input.count && input[offset] == 0x1F && input[offset + 1] == 0x8B
        return output
    }

    /// Why zlib rejects a gzip member that libdeflate rejected.
    static func diagnose(_ input: [UInt8]) -> Failure {
        var stream = z_stream()
        var status = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { return Failure(description: "inflateInit2 failed (\(status))") }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        return input.withUnsafeBufferPointer { inBuf -> Failure in
            stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
            stream.avail_in = uInt(inBuf.count)
            while true {
                chunk.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                }
                if status == Z_BUF_ERROR && stream.avail_in == 0 || status == Z_OK && stream.avail_in == 0 {
                    return Failure(description: "compressed data is truncated")
                }
                if status == Z_STREAM_END { return Failure(description: "corrupt compressed data (bad gzip trailer)") }
                if status != Z_OK { return Failure(description: "corrupt compressed data (zlib status \(status))") }
            }
        }
    }
}
