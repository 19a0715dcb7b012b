/// Makes Cairo's SVG output independent of rendering order.
///
/// Cairo names SVG elements from process-global counters (`surface12`, `clip3`, `glyph0-1`,
/// `image7`...), so the same chart rendered after a different number of other charts, or on
/// another thread, differs in its ids. This rewrites every `id="…"` to `c0`, `c1`, … in order of
/// first appearance and rewrites the references (`#old` in `href`, `xlink:href` and `url(#old)`)
/// to match, so the same drawing always gives the same bytes.
public enum SVGIdentifiers {
    public static func normalize(_ svg: [UInt8]) -> [UInt8] {
        // Pass 1: the ids, in document order.
        var mapping: [ArraySlice<UInt8>: [UInt8]] = [:]
        let idAttr = Array(" id=\"".utf8)
        var i = 0
        let n = svg.count
        while let start = find(idAttr, in: svg, from: i) {
            let valueStart = start + idAttr.count
            var j = valueStart
            while j < n && svg[j] != UInt8(ascii: "\"") { j += 1 }
            let old = svg[valueStart..<j]
            if mapping[old] == nil { mapping[old] = Array("c\(mapping.count)".utf8) }
            i = j
        }
        if mapping.isEmpty { return svg }
        // Pass 2: copy, replacing the value of id="…" and every "#name" reference whose name is a known id.
        var out: [UInt8] = []
        out.reserveCapacity(n)
        i = 0
        while i < n {
            let b = svg[i]
            if b == UInt8(ascii: "#") || (b == UInt8(ascii: "\"") && i >= 3 && svg[i - 3] == UInt8(ascii: "i") && svg[i - 2] == UInt8(ascii: "d") && svg[i - 1] == UInt8(ascii: "=")) {
                var j = i + 1
                while j < n, isNameByte(svg[j]) { j += 1 }
                if j > i + 1, let new = mapping[svg[(i + 1)..<j]] {
                    out.append(b)
                    out.append(contentsOf: new)
                    i = j
                    continue
                }
            }
            out.append(b)
            i += 1
        }
        return out
    }

    @inline(__always) private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard needle.count <= hay.count else { return nil }
        var i = from
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == needle[0] {
                var k = 1
                while k < needle.count && hay[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
