import Foundation

/// A fresh, uniquely named folder under the system's temporary folder, for a test to write into.
public enum TemporaryFolder {
    /// Creates `<tmp>/<prefix>-<UUID>` and returns its path.
    public static func make(_ prefix: String) throws -> String {
        let path = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
