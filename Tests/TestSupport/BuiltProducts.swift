import Foundation

/// The executables `swift build` made (`bench`, `sitegen`), found beside the test bundle, for the
/// tests that run them as a user would.
public enum BuiltProducts {
    /// The folder holding every one of `names` as an executable, searched upwards from the test
    /// bundle; nil when they are not built.
    public static func folder(holding names: String...) -> String? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            if names.allSatisfy({ FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent($0).path) }) {
                return dir.path
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    /// Whether `CI` is set: then a test whose binary is missing runs and fails instead of skipping.
    public static var inCI: Bool { !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty }
}
