import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// The templates compiled into the binary, their export, and the `sitegen init` scaffold.
@Suite struct TemplateSetTests {
    /// The build embeds exactly the repository's `Templates/` folder (the scaffold apart), so the
    /// binary renders what the repository's templates say.
    @Test func theBuiltInSetIsTheTemplatesFolder() throws {
        let folder = try TemplateSet.folder(SiteFixture.templatesDirectory)
        let expected = folder.files.filter { !$0.key.hasPrefix("scaffold/") }
        #expect(TemplateSet.builtIn.files.keys.sorted() == expected.keys.sorted())
        for (path, bytes) in expected { #expect(TemplateSet.builtIn.files[path] == bytes, "\(path)") }
        #expect(expected["leaderboard.md.mustache"] != nil && expected["site/index.mustache"] != nil)
    }

    @Test func exportWritesEveryFileAndKeepsEditsUnlessForced() throws {
        let dir = try TemporaryFolder.make("templates-export")
        let written = try TemplateSet.builtIn.export(to: dir, overwrite: false)
        #expect(written.count == TemplateSet.builtIn.files.count)
        let back = try TemplateSet.folder(dir)
        #expect(back.files == TemplateSet.builtIn.files)

        try "edited".write(toFile: dir + "/site/style.css", atomically: true, encoding: .utf8)
        let refusal = #expect(throws: SiteGenError.self) { try TemplateSet.builtIn.export(to: dir, overwrite: false) }
        #expect(refusal?.path.hasSuffix("leaderboard.md.mustache") == true)
        #expect(refusal?.reason.contains("nothing was written") == true)
        #expect(try String(contentsOfFile: dir + "/site/style.css", encoding: .utf8) == "edited")

        _ = try TemplateSet.builtIn.export(to: dir, overwrite: true)
        #expect(try TemplateSet.folder(dir).files == TemplateSet.builtIn.files)
    }

    @Test func aMissingFolderOrTemplateIsNamedWithTheWayOut() throws {
        let missing = #expect(throws: SiteGenError.self) { try TemplateSet.folder("/nonexistent/templates") }
        #expect(missing?.description.contains("sitegen templates export") == true)

        let dir = try TemporaryFolder.make("templates-partial")
        _ = try TemplateSet.builtIn.export(to: dir, overwrite: false)
        try FileManager.default.removeItem(atPath: dir + "/site/run.mustache")
        let partial = #expect(throws: SiteGenError.self) { try SiteTemplates.load(from: TemplateSet.folder(dir)) }
        #expect(partial?.path == dir + "/site/run.mustache")
        #expect(partial?.reason.contains("template missing") == true)
    }

    @Test func theScaffoldIsARepositoryToStartFrom() throws {
        let files = ScaffoldFiles.files(action: "someone/llm-leaderboard@v2")
        #expect(files.keys.sorted() == [".github/workflows/leaderboard.yml", ".gitignore", "README.md", "bench.yaml"])
        let readme = String(decoding: files["README.md"]!, as: UTF8.self)
        #expect(readme.contains("<!-- leaderboard:start -->\n<!-- leaderboard:end -->"))
        let workflow = String(decoding: files[".github/workflows/leaderboard.yml"]!, as: UTF8.self)
        #expect(workflow.contains("uses: someone/llm-leaderboard@v2"))
        #expect(!workflow.contains("@@"))
        #expect(workflow.contains("${{ secrets.OPENAI_API_KEY }}"))

        let dir = try TemporaryFolder.make("scaffold")
        _ = try ScaffoldFiles.write(to: dir, action: ScaffoldFiles.placeholderAction, overwrite: false)
        #expect(FileManager.default.fileExists(atPath: dir + "/.github/workflows/leaderboard.yml"))
        #expect(throws: SiteGenError.self) { try ScaffoldFiles.write(to: dir, action: "a/b@c", overwrite: false) }
    }
}
