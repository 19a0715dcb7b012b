import JSON
import Crypto
import Foundation
import ResultFormat

/// Writes the site's files: only when the bytes differ (so unchanged files keep their mtime and
/// a deploy uploads only what changed), and skips rendering altogether when a page's inputs have
/// the same key as last time and the file is still there.
///
/// All or nothing: changed files are written aside, into `<site>/.sitegen-staging/`, and moved
/// into place by `commit()` only once every page rendered (and the caller's other outputs did);
/// `discard()` drops them and leaves the site as it was. Stale files are deleted on commit too.
///
/// Render keys live in `<cache>/pages.json`. Thread-safe: pages are rendered in parallel.
final class SiteWriter: @unchecked Sendable {
    let root: String
    /// Where changed files wait for `commit()`.
    let staging: String
    private let manifestPath: String
    private let lock = NSLock()
    private var previousKeys: [String: String]
    private var keys: [String: String] = [:]
    /// Changed files, relative to the root, staged in `staging`.
    private(set) var written: [String] = []
    private(set) var skipped = 0
    private(set) var produced = Set<String>()
    /// Files of the generated folders that this generation did not produce (`prepare`).
    private(set) var stale: [String] = []

    static let stagingName = ".sitegen-staging"

    init(root: String, cacheDirectory: String) {
        self.root = root
        staging = root + "/" + Self.stagingName
        // What a killed generation left aside was never put in place: drop it.
        try? FileManager.default.removeItem(atPath: staging)
        manifestPath = cacheDirectory + "/pages.json"
        // On the JSON tree, not through Codable: thousands of keys are read on every generation.
        var m: [String: String] = [:]
        if let data = FileBytes.read(manifestPath), case .object(let members)? = try? JSONParser.parse(data) {
            m.reserveCapacity(members.count)
            for (path, value) in members { if case .string(let key) = value { m[path] = key } }
        }
        previousKeys = m
    }

    /// Emits `relativePath`; `render` runs only if `key` changed or the file is missing.
    func emit(_ relativePath: String, key: String? = nil, render: () throws -> [UInt8]) throws {
        let path = root + "/" + relativePath
        lock.lock()
        produced.insert(relativePath)
        let unchanged = key != nil && previousKeys[relativePath] == key
        lock.unlock()
        if unchanged && Self.fileSize(path) != nil {
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
        if !(sameKey && Self.fileSize(path) == bytes) {
            let aside = staging + "/" + relativePath
            try FileManager.default.createDirectory(atPath: RelativePath.folder(of: aside), withIntermediateDirectories: true)
            unlink(aside)
            if link(source, aside) != 0 {
                try FileManager.default.copyItem(atPath: source, toPath: aside)
            }
            lock.lock()
            written.append(relativePath)
            lock.unlock()
        }
        lock.lock()
        keys[relativePath] = key
        lock.unlock()
    }

    /// Stages `bytes` for `path` unless the file there already holds them.
    private func writeIfChanged(_ bytes: [UInt8], to path: String) throws {
        if let existing = FileBytes.read(path), existing == bytes { return }
        let relative = String(path.dropFirst(root.count + 1))
        let aside = staging + "/" + relative
        let folder = RelativePath.folder(of: aside)
        var st = stat()
        if stat(folder, &st) != 0 {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try AtomicFile.write(bytes, to: aside)
        lock.lock()
        written.append(relative)
        lock.unlock()
    }

    /// Finds the files under the site's generated folders that this generation did not produce
    /// (e.g. pages of a run removed from results/): `commit()` deletes them.
    func prepare(generatedFolders: [String]) {
        stale = generatedFolders.flatMap { folder in
            Self.files(under: root + "/" + folder).filter { !produced.contains(folder + "/" + $0) }.map { folder + "/" + $0 }
        }
    }

    /// Puts every staged file in place (a `rename` each, so a reader never sees half a file),
    /// deletes the stale files, saves the render keys and removes the staging folder.
    func commit() throws {
        for relative in written {
            let target = root + "/" + relative
            let folder = RelativePath.folder(of: target)
            var st = stat()
            if stat(folder, &st) != 0 {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            guard rename(staging + "/" + relative, target) == 0 else {
                throw AtomicFile.WriteError(path: target, operation: "rename", errno: errno)
            }
        }
        for relative in stale {
            unlink(root + "/" + relative)
            // The folders it leaves empty go too, up to (not including) its generated folder:
            // `rmdir` removes only an empty folder and never follows a link.
            var folder = RelativePath.folder(of: relative)
            while folder.contains("/"), rmdir(root + "/" + folder) == 0 { folder = RelativePath.folder(of: folder) }
        }
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.createDirectory(atPath: RelativePath.folder(of: manifestPath), withIntermediateDirectories: true)
        let manifest = JSONValue.object(keys.mapValues { .string($0) })  // the same bytes as SiteJSON.encode(keys)
        try AtomicFile.write(JSONValueEncoder.encode(tree: manifest, pretty: true) + [0x0A], to: manifestPath)
    }

    /// Drops the staged files: the site stays as it was before this generation.
    func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }

    /// The generated folders under `root` that are symbolic links, and the links to folders
    /// inside them, at any depth (relative paths). Writing or deleting through one would reach
    /// files outside the site (a `site/data` linked to `../results` once cost every result file).
    static func linksToFolders(under root: String, folders: [String]) -> [String] {
        var out: [String] = []
        for folder in folders {
            var st = stat()
            guard lstat(root + "/" + folder, &st) == 0 else { continue }
            if (st.st_mode & S_IFMT) == S_IFLNK {
                out.append(folder)
                continue
            }
            for rel in files(under: root + "/" + folder) {
                var l = stat(), target = stat()
                let path = root + "/" + folder + "/" + rel
                if lstat(path, &l) == 0, (l.st_mode & S_IFMT) == S_IFLNK, stat(path, &target) == 0, (target.st_mode & S_IFMT) == S_IFDIR {
                    out.append(folder + "/" + rel)
                }
            }
        }
        return out
    }

    /// The size of the file at `path`, nil if there is none (a folder is not a file).
    static func fileSize(_ path: String) -> Int? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(st.st_size)
    }

    /// Paths, relative to `folder`, of the files (and symbolic links) under it, at any depth; none if it does
    /// not exist. A plain directory walk: the site has thousands of files, and Foundation's
    /// enumerator plus a `stat` each was most of this step.
    static func files(under folder: String) -> [String] {
        var out: [String] = []
        func walk(_ relative: String) {
            guard let dir = opendir(relative.isEmpty ? folder : folder + "/" + relative) else { return }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let rel = relative.isEmpty ? name : relative + "/" + name
                var type = Int32(entry.pointee.d_type)
                if type == Int32(DT_UNKNOWN) {  // file systems that do not report the type
                    var st = stat()
                    guard lstat(folder + "/" + rel, &st) == 0 else { continue }
                    switch st.st_mode & S_IFMT {
                    case S_IFDIR: type = Int32(DT_DIR)
                    case S_IFREG: type = Int32(DT_REG)
                    case S_IFLNK: type = Int32(DT_LNK)
                    default: type = 0
                    }
                }
                if type == Int32(DT_DIR) {
                    walk(rel)
                } else if type == Int32(DT_REG) || type == Int32(DT_LNK) {
                    out.append(rel)
                }
            }
        }
        walk("")
        return out
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
