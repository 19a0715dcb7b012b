import Foundation

/// Relative links between output files, so the README and site work wherever they are served.
enum RelativePath {
    /// `target` relative to the folder `base` (both relative to the working directory or absolute).
    static func from(folder base: String, to target: String) -> String {
        let b = components(base), t = components(target)
        var i = 0
        while i < b.count && i < t.count && b[i] == t[i] { i += 1 }
        let ups = Array(repeating: "..", count: b.count - i)
        let rest = Array(t[i...])
        let joined = (ups + rest).joined(separator: "/")
        return joined
    }

    private static func components(_ path: String) -> [String] {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var out: [String] = []
        for part in absolute.split(separator: "/") {
            switch part {
            case ".", "": continue
            case "..": if !out.isEmpty { out.removeLast() }
            default: out.append(String(part))
            }
        }
        return out
    }

    /// The folder part of a file path (`.` for a bare file name).
    static func folder(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        return slash == file.startIndex ? "/" : String(file[..<slash])
    }
}
