import Foundation

/// The templates `sitegen` renders with: the built-in set, compiled from the repository's
/// `Templates/` folder (so the binary works from any folder), or a folder of the user's
/// (`--templates DIR`) with the same layout: `leaderboard.md.mustache` for the README section,
/// `site/*.mustache` for the pages and the other files of `site/` (stylesheet, script, icon)
/// copied to the site's `assets/`. `sitegen templates export DIR` writes the built-in set out.
public struct TemplateSet: Sendable {
    /// Where the files come from, for messages: "built-in templates" or the folder's path.
    public let origin: String
    /// Path relative to the set's root (`/`-separated) → contents.
    public let files: [String: [UInt8]]

    /// The templates compiled into this binary (the scaffold of `sitegen init` excluded).
    public static let builtIn: TemplateSet = {
        var files: [String: [UInt8]] = [:]
        for file in BuiltInTemplateFiles.files where !file.path.hasPrefix(ScaffoldFiles.folder + "/") {
            files[file.path] = BuiltInTemplates.bytes(text: file.text, base64: file.base64)
        }
        return TemplateSet(origin: "built-in templates", files: files)
    }()

    /// The templates in `directory`: every regular file below it, hidden ones aside.
    public static func folder(_ directory: String) throws(SiteGenError) -> TemplateSet {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue,
            let walker = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else {
            throw SiteGenError(step: .loadTemplates, path: directory, reason: "no such folder (`sitegen templates export \(directory)` writes the default templates there)")
        }
        var files: [String: [UInt8]] = [:]
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw SiteGenError(step: .loadTemplates, path: directory + "/" + relative, reason: "cannot read the file")
            }
            files[relative] = [UInt8](data)
        }
        return TemplateSet(origin: directory, files: files)
    }

    /// The path to name in a message about `relative`.
    func displayPath(_ relative: String) -> String { origin + "/" + relative }

    /// The file `relative` as UTF-8 text.
    func text(_ relative: String) throws(SiteGenError) -> String {
        guard let bytes = files[relative] else {
            throw SiteGenError(step: .loadTemplates, path: displayPath(relative), reason: "template missing (`sitegen templates export DIR` writes a complete set)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SiteGenError(step: .loadTemplates, path: displayPath(relative), reason: "not UTF-8 text")
        }
        return text
    }

    /// The files directly in `folder` (no deeper), as (name, contents), sorted by name.
    func files(in folder: String) -> [(name: String, bytes: [UInt8])] {
        let prefix = folder + "/"
        return files.compactMap { path, bytes in
            guard path.hasPrefix(prefix) else { return nil }
            let name = String(path.dropFirst(prefix.count))
            return name.contains("/") ? nil : (name, bytes)
        }.sorted { $0.name < $1.name }
    }

    /// Writes every file of the set below `directory` (created if needed) and returns the paths
    /// written. An existing file is replaced only with `overwrite`, so edits are not lost.
    public func export(to directory: String, overwrite: Bool) throws(SiteGenError) -> [String] {
        try BuiltInTemplates.write(files, to: directory, overwrite: overwrite)
    }
}
