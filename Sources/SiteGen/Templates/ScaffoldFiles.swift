import Foundation

/// `sitegen init DIR`: the files of a new leaderboard repository (a commented bench
/// configuration, a README with the leaderboard markers, a scheduled GitHub Actions workflow,
/// `.gitignore`), compiled in from `Templates/scaffold/`. A path component `dot-x` there becomes
/// `.x` (the embedding skips hidden files).
public enum ScaffoldFiles {
    static let folder = "scaffold"
    /// Stands for the action's `owner/repo@ref` in the workflow.
    static let actionToken = "@@ACTION@@"
    /// The action reference written when none is given: a placeholder the user must replace.
    public static let placeholderAction = "OWNER/llm-leaderboard@main"

    /// Relative path → contents, with `action` (`owner/repo@ref` of this tool's repository) in the workflow.
    public static func files(action: String) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for file in BuiltInTemplateFiles.files where file.path.hasPrefix(folder + "/") {
            let path = file.path.dropFirst(folder.count + 1).split(separator: "/").map {
                $0.hasPrefix("dot-") ? "." + $0.dropFirst(4) : String($0)
            }.joined(separator: "/")
            var bytes = BuiltInTemplates.bytes(text: file.text, base64: file.base64)
            if let text = file.text, text.contains(actionToken) {
                bytes = Array(text.replacingOccurrences(of: actionToken, with: action).utf8)
            }
            files[path] = bytes
        }
        return files
    }

    /// Writes the scaffold into `directory` (created if needed); refuses when any file exists
    /// there unless `overwrite`. Returns the paths written.
    public static func write(to directory: String, action: String, overwrite: Bool) throws(SiteGenError) -> [String] {
        try BuiltInTemplates.write(files(action: action), to: directory, overwrite: overwrite)
    }
}
