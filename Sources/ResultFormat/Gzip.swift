import CDeflate
import CISAL
import Foundation

/// gzip for result files (`.json.gz`): written by libdeflate, read by ISA-L, whose status also
/// says why a bad file is rejected.
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
    /// checks each member's CRC-32 and length; a rejection says why (truncated or corrupt).
    public static func decompress(_ input: [UInt8], limit: Int = Int.max) throws(Failure) -> [UInt8] {
        var capacity = min(firstGuess(input), limit)
        while true {
            var outcome = Inflated.failed(Failure(description: ""))
            let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { out, initialized in
                outcome = inflate(input, into: UnsafeMutableRawBufferPointer(out))
                if case .done(let n) = outcome { initialized = n } else { initialized = 0 }
            }
            switch outcome {
            case .done: return bytes
            case .tooSmall: capacity = try grown(capacity, limit: limit)
            case .failed(let failure): throw failure
            }
        }
    }

    /// `body` over the decompressed bytes, which live in a buffer borrowed from a small pool for
    /// the call: reading thousands of files then reuses a few buffers instead of mapping (and
    /// faulting in) megabytes of fresh pages for every file.
    ///
    /// - Parameter limit: the most bytes the data may inflate to; more is an error (a small
    ///   file can inflate a thousandfold).
    public static func withDecompressed<R>(
        _ input: [UInt8], limit: Int = Int.max, _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) throws(Failure) -> R {
        var capacity = min(firstGuess(input), limit)
        while true {
            let buffer = DecompressionBuffers.shared.take(capacity: capacity)
            defer { DecompressionBuffers.shared.give(buffer) }
            switch inflate(input, into: buffer) {
            case .done(let n):
                return body(UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n))
            case .tooSmall: capacity = try grown(capacity, limit: limit)
            case .failed(let failure): throw failure
            }
        }
    }

    /// The next room to try: twice `capacity`, at most `limit` (which, once reached, is an error).
    /// Room for one byte past the limit tells a file of exactly `limit` bytes from a larger one.
    private static func grown(_ capacity: Int, limit: Int) throws(Failure) -> Int {
        guard capacity <= limit else {
            throw Failure(description: "inflates to more than \(limit >> 20) MiB (the limit for a result file)")
        }
        return min(capacity.multipliedReportingOverflow(by: 2).overflow ? Int.max : capacity * 2, limit == Int.max ? Int.max : limit + 1)
    }

    /// The room to try first: the last trailer's ISIZE (the whole length for a one-member file).
    /// It is the length mod 2^32 and a corrupt file could claim gigabytes, so it is capped, and
    /// doubled if the output does not fit.
    private static func firstGuess(_ input: [UInt8]) -> Int {
        let n = input.count
        guard n >= 18 else { return n * 8 + 64 }
        let isize = Int(input[n - 4]) | Int(input[n - 3]) << 8 | Int(input[n - 2]) << 16 | Int(input[n - 1]) << 24
        return isize <= n * 64 ? isize + 1 : n * 8 + 64
    }

    private enum Inflated {
        case done(Int)
        case tooSmall
        case failed(Failure)
    }

    /// Every member of `input` into `output`, one after another.
    private static func inflate(_ input: [UInt8], into output: UnsafeMutableRawBufferPointer) -> Inflated {
        let state = UnsafeMutablePointer<inflate_state>.allocate(capacity: 1)
        defer { state.deallocate() }
        return input.withUnsafeBytes { all -> Inflated in
            var offset = 0, produced = 0
            repeat {
                let rest = UnsafeRawBufferPointer(rebasing: all[offset...])
                isal_inflate_init(state)
                state.pointee.crc_flag = UInt32(ISAL_GZIP)
                state.pointee.next_in = UnsafeMutablePointer(mutating: rest.baseAddress!.assumingMemoryBound(to: UInt8.self))
                state.pointee.avail_in = UInt32(clamping: rest.count)
                state.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self) + produced
                state.pointee.avail_out = UInt32(clamping: output.count - produced)
                let status = isal_inflate(state)
                if status == ISAL_DECOMP_OK && state.pointee.block_state == ISAL_BLOCK_FINISH {
                    produced += Int(state.pointee.total_out)
                    offset += rest.count - Int(state.pointee.avail_in)
                    continue
                }
                // Out of room but not of input: a bigger buffer (a member over 4 GiB cannot be
                // read in one call, and is reported as corrupt).
                if status == ISAL_DECOMP_OK && state.pointee.avail_out == 0 && output.count < Int(UInt32.max) / 2 {
                    return .tooSmall
                }
                return .failed(diagnose(status: status))
            } while offset + 1 < all.count && all[offset] == 0x1F && all[offset + 1] == 0x8B
            // Anything after the last member is not gzip data: refused, not ignored.
            guard offset == all.count else {
                return .failed(Failure(description: "\(all.count - offset) bytes after the end of the compressed data"))
            }
            return .done(produced)
        }
    }

    /// Why ISA-L stopped short of a member's end: input that ran out is a truncated file,
    /// anything else corrupt data (named by ISA-L's status).
    static func diagnose(status: Int32) -> Failure {
        switch status {
        // Stopped without an error: the input ran out before the member's end.
        case ISAL_DECOMP_OK, ISAL_END_INPUT: return Failure(description: "compressed data is truncated")
        case ISAL_INCORRECT_CHECKSUM: return Failure(description: "corrupt compressed data (bad gzip trailer: CRC-32 or length)")
        case ISAL_INVALID_WRAPPER, ISAL_UNSUPPORTED_METHOD: return Failure(description: "corrupt compressed data (bad gzip header)")
        case ISAL_INVALID_BLOCK, ISAL_INVALID_SYMBOL, ISAL_INVALID_LOOKBACK:
            return Failure(description: "corrupt compressed data (invalid deflate data)")
        default: return Failure(description: "corrupt compressed data (ISA-L status \(status))")
        }
    }
}

/// The few decompression buffers `Gzip.withDecompressed` lends out: at most one per thread
/// decoding at a time, kept between files (up to four, of at most 256 MiB each).
final class DecompressionBuffers: @unchecked Sendable {
    static let shared = DecompressionBuffers()
    private let lock = NSLock()
    private var free: [UnsafeMutableRawBufferPointer] = []

    func take(capacity: Int) -> UnsafeMutableRawBufferPointer {
        lock.lock()
        let reuse = free.indices.filter { free[$0].count >= capacity }.min { free[$0].count < free[$1].count }
        let found = reuse.map { free.remove(at: $0) }
        lock.unlock()
        return found ?? .allocate(byteCount: max(capacity, 1), alignment: 16)
    }

    func give(_ buffer: UnsafeMutableRawBufferPointer) {
        lock.lock()
        defer { lock.unlock() }
        if buffer.count <= 256 << 20, free.count < 4 {
            free.append(buffer)
        } else if let smallest = free.indices.min(by: { free[$0].count < free[$1].count }), free[smallest].count < buffer.count,
            buffer.count <= 256 << 20
        {
            free[smallest].deallocate()
            free[smallest] = buffer
        } else {
            buffer.deallocate()
        }
    }
}
