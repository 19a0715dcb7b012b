import Foundation

/// A cache folder of `<run-id>.json` files.
enum CacheFolder {
    /// Deletes the files of runs not in `runIDs` (best effort, like every cache write).
    static func prune(_ folder: String, keeping runIDs: Set<String>) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".json") {
            if !runIDs.contains(String(name.dropLast(".json".count))) { try? fm.removeItem(atPath: folder + "/" + name) }
        }
    }
}
