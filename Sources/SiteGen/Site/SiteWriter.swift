import Crypto
import Foundation
import ResultFormat

/// Writes the site's files: only when the bytes differ (so unchanged files keep their mtime and
/// a deploy uploads only what changed), and skips rendering altogether when a page's inputs have
/// the same key as last time and the file is still there.
///
/// Render keys live in `<cache>/pages.json`. Thread-safe: pages are rendered in parallel.
final class SiteWriter: @unchecked Sendable {
    let root: String
    private let manifestPath: String
    private let lock = NSLock()
    private var previousKeys: [String: String]
    private var keys: [String: String] = [:]
    private(set) var written: [String] = []
    private(set) var skipped = 0
    private(set) var produced = Set<String>()

    init(root: String, cacheDirectory: String) {
        self.root = root
        manifestPath = cacheDirectory + "/pages.json"
        if let data = FileBytes.read(manifestPath),
           let m = try? JSONValueDecoder.decode([String: String].self, from: data) {
            previousKeys = m
        } else {
            previousKeys = [:]
        }
    }

    /// Emits `relativePath`; `render` runs only if `key` changed or the file is missing.
    func emit(_ relativePath: String, key: String? = nil, render: () throws -> [UInt8]) throws {
        let path = root + "/" + relativePath
        lock.lock()
        produced.insert(relativePath)
        let unchanged = key != nil && previousKeys[relativePath] == key
        lock.unlock()
        if unchanged && FileManager.default.fileExists(atPath: path) {
            lock.lock()
            keys[relativePath] = key
            skipped += 1
            lock.unlock()
            return
        }
        let bytes = try render()
        try writeIfChanged(bytes, to: path)
        lock.lock()
        if let key { keys[relativePath] = key }
        lock.unlock()
    }

    /// Copies (hard-links where possible) a raw result file unless an identical-size copy exists
    /// and the run's content key is unchanged.
    func copyRaw(from source: String, to relativePath: String, bytes: Int, key: String) throws {
        let path = root + "/" + relativePath
        lock.lock()
        produced.insert(relativePath)
        let sameKey = previousKeys[relativePath] == key
        lock.unlock()
        let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
        if !(sameKey && size == bytes) {
            try FileManager.default.createDirectory(atPath: RelativePath.folder(of: path), withIntermediateDirectories: true)
            unlink(path)
            if link(source, path) != 0 {
                try FileManager.default.copyItem(atPath: source, toPath: path)
            }
            lock.lock()
            written.append(relativePath)
            lock.unlock()
        }
        lock.lock()
        keys[relativePath] = key
        lock.unlock()
    }

    private func writeIfChanged(_ bytes: [UInt8], to path: String) throws {
        let folder = RelativePath.folder(of: path)
        if !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        guard try AtomicFile.writeIfChanged(bytes, to: path) else { return }
        lock.lock()
        written.append(String(path.dropFirst(root.count + 1)))
        lock.unlock()
    }

    /// Deletes files under the site's generated folders that this generation did not produce
    /// (e.g. pages of a run removed from results/), then saves the render keys.
    func finish(generatedFolders: [String]) throws {
        let fm = FileManager.default
        for folder in generatedFolders {
            guard let e = fm.enumerator(atPath: root + "/" + folder) else { continue }
            while let rel = e.nextObject() as? String {
                let full = folder + "/" + rel
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: root + "/" + full, isDirectory: &isDir), !isDir.boolValue, !produced.contains(full) {
                    try? fm.removeItem(atPath: root + "/" + full)
                }
            }
        }
        try fm.createDirectory(atPath: RelativePath.folder(of: manifestPath), withIntermediateDirectories: true)
        try AtomicFile.write(try SiteJSON.encode(keys), to: manifestPath)
    }

    /// SHA-256 hex of several strings, for render keys.
    static func key(_ parts: [String]) -> String {
        var h = SHA256()
        for p in parts {
            h.update(data: Array(p.utf8))
            h.update(data: [0])
        }
        return DigestCache.hex(h.finalize())
    }
}
