import Crypto
import Foundation
import ResultFormat

/// Which build of the code is running: a SHA-256 of the executable file.
///
/// Part of every render key, so a page rendered by an older build is never kept because its
/// inputs did not change; a new build re-renders the pages once (seconds). Digests are not keyed
/// on it: recomputing them means reading every result file again, so a change to what a digest
/// holds bumps `RunDigest.formatVersion` instead.
enum CodeIdentity {
    /// The executable's hash, or "unknown" when the file cannot be read (renders then rely on
    /// `SiteBuilder.renderVersion` alone).
    static let current: String = {
        guard let path = Bundle.main.executablePath, let bytes = FileBytes.read(path) else { return "unknown" }
        return DigestCache.hex(SHA256.hash(data: bytes).prefix(12))
    }()
}
