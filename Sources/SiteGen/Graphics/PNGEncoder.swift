import CDeflate

/// A small PNG writer for opaque or translucent 8-bit images.
///
/// Cairo's own PNG export goes through libpng's adaptive filtering at its default settings,
/// which dominated chart time (40–70 ms per chart); this writes RGB when every pixel is opaque
/// (the charts paint a background), picks a filter per row with the usual minimum-sum heuristic,
/// and deflates once. The output is a plain, valid PNG, identical for identical pixels.
enum PNGEncoder {
    /// Encodes premultiplied native-endian ARGB32 pixels (Cairo's `CAIRO_FORMAT_ARGB32`).
    static func encode(argb32 pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) -> [UInt8]? {
        // Is everything opaque? Then RGB suffices.
        var opaque = true
        for y in 0..<height where opaque {
            let row = pixels + y * stride
            for x in 0..<width where row[x * 4 + 3] != 255 {
                opaque = false
                break
            }
        }
        let bpp = opaque ? 3 : 4
        let rowBytes = width * bpp
        // Scanlines, each with its filter byte, chosen per row.
        var raw = [UInt8](repeating: 0, count: height * (rowBytes + 1))
        let work = UnsafeMutablePointer<UInt8>.allocate(capacity: rowBytes * 3)
        defer { work.deallocate() }
        work.initialize(repeating: 0, count: rowBytes * 3)
        var previous = work, current = work + rowBytes
        let candidate = work + 2 * rowBytes
        raw.withUnsafeMutableBufferPointer { outBuf in
            let out = outBuf.baseAddress!
            for y in 0..<height {
                let row = pixels + y * stride
                for x in 0..<width {
                    // Little-endian ARGB32 in memory: B, G, R, A (premultiplied).
                    let p = row + x * 4, o = current + x * bpp
                    if opaque {
                        o[0] = p[2]; o[1] = p[1]; o[2] = p[0]
                    } else {
                        let a = p[3]
                        o[0] = unpremultiply(p[2], a); o[1] = unpremultiply(p[1], a); o[2] = unpremultiply(p[0], a); o[3] = a
                    }
                }
                // Score None, Sub and Up by the sum of absolute signed residuals.
                var scores = (0, 0, 0)
                for i in 0..<rowBytes {
                    let c = current[i]
                    let sub = c &- (i >= bpp ? current[i - bpp] : 0), up = c &- previous[i]
                    scores.0 += c < 128 ? Int(c) : 256 - Int(c)
                    scores.1 += sub < 128 ? Int(sub) : 256 - Int(sub)
                    scores.2 += up < 128 ? Int(up) : 256 - Int(up)
                }
                let filter: UInt8 = scores.1 <= scores.0 && scores.1 <= scores.2 ? 1 : (scores.2 < scores.0 ? 2 : 0)
                let dest = out + y * (rowBytes + 1)
                dest[0] = filter
                for i in 0..<rowBytes {
                    let c = current[i]
                    switch filter {
                    case 1: candidate[i] = c &- (i >= bpp ? current[i - bpp] : 0)
                    case 2: candidate[i] = c &- previous[i]
                    default: candidate[i] = c
                    }
                }
                (dest + 1).update(from: candidate, count: rowBytes)
                swap(&previous, &current)
            }
        }
        guard let idat = deflate(raw) else { return nil }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var ihdr: [UInt8] = []
        appendBigEndian(UInt32(width), to: &ihdr)
        appendBigEndian(UInt32(height), to: &ihdr)
        ihdr += [8, opaque ? 2 : 6, 0, 0, 0]
        appendChunk("IHDR", ihdr, to: &png)
        appendChunk("IDAT", idat, to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    private static func unpremultiply(_ c: UInt8, _ a: UInt8) -> UInt8 {
        a == 0 ? 0 : UInt8(min(255, (Int(c) * 255 + Int(a) / 2) / Int(a)))
    }

    /// The IDAT stream: zlib format, through libdeflate at level 9 (smaller than zlib's 6, and
    /// still faster).
    private static func deflate(_ input: [UInt8]) -> [UInt8]? {
        guard let compressor = libdeflate_alloc_compressor(9) else { return nil }
        defer { libdeflate_free_compressor(compressor) }
        let bound = libdeflate_zlib_compress_bound(compressor, input.count)
        let out = input.withUnsafeBytes { inBuf in
            [UInt8](unsafeUninitializedCapacity: bound) { outBuf, initialized in
                initialized = libdeflate_zlib_compress(compressor, inBuf.baseAddress, inBuf.count, outBuf.baseAddress, bound)
            }
        }
        return out.isEmpty ? nil : out
    }

    private static func appendBigEndian(_ v: UInt32, to out: inout [UInt8]) {
        out += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        appendBigEndian(UInt32(data.count), to: &out)
        let typeBytes = Array(type.utf8)
        out += typeBytes
        out += data
        var crc = libdeflate_crc32(0, nil, 0)
        crc = typeBytes.withUnsafeBytes { libdeflate_crc32(crc, $0.baseAddress, $0.count) }
        crc = data.withUnsafeBytes { libdeflate_crc32(crc, $0.baseAddress, $0.count) }
        appendBigEndian(crc, to: &out)
    }
}
