import Foundation
import Mustache

/// The site's templates (`site/*.mustache`, partials included) and its other files (stylesheet,
/// script, icon), from a `TemplateSet`.
struct SiteTemplates: Sendable {
    var library: MustacheLibrary
    /// Non-template files (stylesheet, script), copied to `assets/`, sorted by name.
    var assets: [(String, [UInt8])]
    /// Hash of every template byte, so editing a template re-renders the pages.
    var key: String

    static let required = ["index", "run", "provider", "compare", "runs"]

    static func load(from set: TemplateSet) throws(SiteGenError) -> SiteTemplates {
        let files = set.files(in: "site")
        var templates: [String: MustacheTemplate] = [:]
        var keyParts: [String] = []
        for (name, bytes) in files where name.hasSuffix(".mustache") {
            let text = try set.text("site/" + name)
            do {
                templates[String(name.dropLast(".mustache".count))] = try MustacheTemplate(string: text)
            } catch {
                throw SiteGenError(step: .loadTemplates, path: set.displayPath("site/" + name), reason: "\(error)")
            }
            keyParts += [name, String(decoding: bytes, as: UTF8.self)]
        }
        for r in required where templates[r] == nil {
            throw SiteGenError(step: .loadTemplates, path: set.displayPath("site/" + r + ".mustache"), reason: "template missing (`sitegen templates export DIR` writes a complete set)")
        }
        var assets: [(String, [UInt8])] = []
        for (name, bytes) in files where !name.hasSuffix(".mustache") && !name.hasPrefix(".") && SitePath.isSafe(name) {
            assets.append((name, bytes))
            keyParts += [name, String(decoding: bytes, as: UTF8.self)]
        }
        if !assets.contains(where: { $0.0 == "style.css" }) {
            throw SiteGenError(step: .loadTemplates, path: set.displayPath("site/style.css"), reason: "stylesheet missing")
        }
        return SiteTemplates(library: MustacheLibrary(templates: templates), assets: assets, key: SiteWriter.key(keyParts))
    }

    struct RenderError: Error, CustomStringConvertible {
        var template: String
        var description: String { "template \(template) could not be rendered" }
    }

    func render(_ name: String, _ context: [String: Any]) throws -> [UInt8] {
        guard let text = library.render(context, withTemplate: name) else { throw RenderError(template: name) }
        return Array(text.utf8)
    }
}
