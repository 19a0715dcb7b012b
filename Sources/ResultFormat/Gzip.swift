import CDeflate
import CISAL
import CZlib

/// gzip for result files (`.json.gz`): written by libdeflate, read by ISA-L (zlib only explains
/// why a bad file is rejected).
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

    /// The bytes of a gzip file (every member, as `gzip -d` does), through ISA-L's inflate, which
    /// checks each member's CRC-32 and length. When it rejects the data, zlib's streaming inflate
    /// says why (truncated or corrupt).
    public static func decompress(_ input: [UInt8]) throws(Failure) -> [UInt8] {
        let state = UnsafeMutablePointer<inflate_state>.allocate(capacity: 1)
        defer { state.deallocate() }
        var output: [UInt8] = []
        var offset = 0
        repeat {
            let result = input.withUnsafeBytes { (all) -> Result<(consumed: Int, bytes: [UInt8]), Failure> in
                let rest = UnsafeRawBufferPointer(rebasing: all[offset...])
                // The trailer's ISIZE is the member's length mod 2^32; a corrupt file could claim
                // gigabytes, so the first guess is capped, and doubled if the output does not fit.
                var capacity = rest.count * 8 + 64
                if rest.count >= 18 {
                    let t = rest.count - 4
                    let isize = Int(rest[t]) | Int(rest[t + 1]) << 8 | Int(rest[t + 2]) << 16 | Int(rest[t + 3]) << 24
                    if isize <= rest.count * 64 { capacity = isize + 1 }
                }
                while true {
                    var status = ISAL_DECOMP_OK
                    var finished = false, full = false
                    var consumed = 0
                    let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { out, initialized in
                        isal_inflate_init(state)
                        state.pointee.crc_flag = UInt32(ISAL_GZIP)
                        state.pointee.next_in = UnsafeMutablePointer(mutating: rest.baseAddress!.assumingMemoryBound(to: UInt8.self))
                        state.pointee.avail_in = UInt32(clamping: rest.count)
                        state.pointee.next_out = out.baseAddress
                        state.pointee.avail_out = UInt32(clamping: capacity)
                        status = isal_inflate(state)
                        finished = state.pointee.block_state == ISAL_BLOCK_FINISH
                        full = state.pointee.avail_out == 0
                        consumed = rest.count - Int(state.pointee.avail_in)
                        initialized = status == ISAL_DECOMP_OK && finished ? Int(state.pointee.total_out) : 0
                    }
                    if status == ISAL_DECOMP_OK && finished { return .success((consumed, bytes)) }
                    // Out of room but not of input: a bigger buffer (a member over 4 GiB cannot be
                    // read in one call, and is reported as corrupt below).
                    if status == ISAL_DECOMP_OK && full && capacity < Int(UInt32.max) / 2 {
                        capacity *= 2
                        continue
                    }
                    return .failure(diagnose(Array(rest)))
                }
            }
            let member = try result.get()
            if output.isEmpty { output = member.bytes } else { output.append(contentsOf: member.bytes) }
            offset += member.consumed
        } while offset + 1 < input.count && input[offset] == 0x1F && input[offset + 1] == 0x8B
        return output
    }

    /// Why zlib rejects a gzip member that ISA-L rejected.
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
