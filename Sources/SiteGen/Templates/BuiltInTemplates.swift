import Foundation
import ResultFormat

/// Reading the generated `BuiltInTemplateFiles` and writing file sets out (templates export,
/// `sitegen init`).
enum BuiltInTemplates {
    static func bytes(text: String?, base64: String?) -> [UInt8] {
        if let text { return Array(text.utf8) }
        return [UInt8](Data(base64Encoded: base64 ?? "") ?? Data())
    }

    /// Writes `files` (relative path → contents) below `directory`, sorted by path; refuses, before
    /// writing anything, when a file exists and `overwrite` is off.
    static func write(_ files: [String: [UInt8]], to directory: String, overwrite: Bool) throws(SiteGenError) -> [String] {
        let fm = FileManager.default
        let paths = files.keys.sorted()
        if !overwrite {
            let existing = paths.filter { fm.fileExists(atPath: directory + "/" + $0) }
            if let first = existing.first {
                throw SiteGenError(
                    step: .writeFiles, path: directory + "/" + first,
                    reason: "already exists\(existing.count > 1 ? " (and \(existing.count - 1) more)" : ""); nothing was written (--force replaces them)")
            }
        }
        var written: [String] = []
        for path in paths {
            let target = directory + "/" + path
            do {
                try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try AtomicFile.write(files[path]!, to: target)
            } catch {
                throw SiteGenError(step: .writeFiles, path: target, reason: "\(error)")
            }
            written.append(target)
        }
        return written
    }
}
