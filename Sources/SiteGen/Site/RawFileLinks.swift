/// Where the site's links to the raw result files point (`sitegen --copy-raw`, `--raw-base-url`).
///
/// Copying every run's files into the site makes it grow by a run's full size each day (about
/// 7 MB at the original pipeline's scale, past GitHub Pages' 1 GB in months), so by default the
/// site links the files where they already are: the repository's results folder.
public enum RawFilePolicy: Sendable, Equatable {
    /// Link the results folder by a relative path from each page (computed from `--site` and
    /// `--results`): works from `file://` and when the repository's root is served. The default.
    case linkResultsFolder
    /// Link `URL/<run-id>/<file>`, e.g. `https://github.com/OWNER/REPO/raw/main/results`.
    case linkBaseURL(String)
    /// Copy each file into `site/data/raw/<run-id>/` and link the copy (for small sites).
    case copy

    /// Why `linkBaseURL`'s URL cannot be used, worded for the user; nil when it can (or for the
    /// other policies). The URL must be absolute http(s), and a path only: the run id and file
    /// name are appended to it.
    public var problem: String? {
        guard case .linkBaseURL(let url) = self else { return nil }
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
            return "--raw-base-url must start with https:// or http:// (got \"\(url)\")"
        }
        guard url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }), !url.contains("?"), !url.contains("#") else {
            return "--raw-base-url must be a plain URL path (no spaces, query or fragment): the run id and file name are appended to it"
        }
        return nil
    }
}

/// The link of each raw result file, the same on every page that shows one.
struct RawFileLinks: Sendable {
    private enum Target: Sendable {
        case copy
        /// From the site's root to the results folder, percent-encoded ("" when they are one folder).
        case relative(String)
        /// An absolute URL without trailing slash.
        case absolute(String)
    }

    private let target: Target

    init(policy: RawFilePolicy, siteDirectory: String, resultsDirectory: String) {
        switch policy {
        case .copy: target = .copy
        case .linkBaseURL(let url):
            var base = url
            while base.hasSuffix("/") { base.removeLast() }
            target = .absolute(base)
        case .linkResultsFolder:
            let path = RelativePath.from(folder: siteDirectory, to: resultsDirectory)
            target = .relative(Self.encode(path: path))
        }
    }

    /// Copies into `site/data/raw/` (`SitePages.raw`) and links them.
    static let copied = RawFileLinks(policy: .copy, siteDirectory: "site", resultsDirectory: "results")

    /// Whether the files are copied into the site.
    var copies: Bool {
        if case .copy = target { return true }
        return false
    }

    /// The link to `rawFile` (`<run-id>/<file>`, relative to the results folder) from a page
    /// whose way back to the site's root is `root` (`""` or `"../"`). Absolute with a base URL.
    func href(_ rawFile: String, root: String) -> String {
        let file = Self.encode(path: rawFile)
        switch target {
        case .copy: return root + Self.encode(path: SitePages.raw(rawFile))
        case .relative(let prefix): return root + (prefix.isEmpty ? file : prefix + "/" + file)
        case .absolute(let base): return base + "/" + file
        }
    }

    /// Where the files are, for the run page's raw-file table ("… computed from (caption)").
    var caption: String {
        switch target {
        case .copy: return "copied unchanged"
        case .relative: return "linked unchanged, in the results folder"
        case .absolute(let base): return "linked unchanged, at " + base
        }
    }

    /// Goes into the render key of every page that links raw files, so a change of policy or of
    /// the folders' places renders those pages again.
    var renderKey: String {
        switch target {
        case .copy: return "raw:copy"
        case .relative(let prefix): return "raw:relative:" + prefix
        case .absolute(let base): return "raw:url:" + base
        }
    }

    /// Percent-encodes each `/`-separated segment of `path` (RFC 3986: every byte but the
    /// unreserved `A–Z a–z 0–9 - . _ ~` becomes `%XX`), keeping the slashes.
    static func encode(path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { encode(segment: String($0)) }.joined(separator: "/")
    }

    static func encode(segment: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(segment.utf8.count)
        for b in segment.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(b)
            default:
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
