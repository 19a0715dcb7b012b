import Foundation
import Testing

@testable import SiteGen

/// A generated folder of the site that is a symbolic link is refused before anything is written
/// or deleted: the stale-file sweep used to follow it (a `site/data` linked to `../results`
/// deleted every result file).
@Suite struct SymbolicLinkTests {
    @Test(arguments: ["data", "runs", "data/raw"])
    func aLinkedFolderIsRefusedAndItsTargetKept(_ folder: String) throws {
        let ws = try TestWorkspace(runs: 2)
        try generate(ws, site: true)
        let victim = ws.path("victim")
        try FileManager.default.createDirectory(atPath: victim + "/inner", withIntermediateDirectories: true)
        try "keep me".write(toFile: victim + "/precious.txt", atomically: true, encoding: .utf8)
        try "keep me too".write(toFile: victim + "/inner/also.txt", atomically: true, encoding: .utf8)
        let link = ws.path("site/" + folder)
        try? FileManager.default.removeItem(atPath: link)
        try FileManager.default.createDirectory(atPath: (link as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
        do {
            try generate(ws, site: true)
            Issue.record("sitegen wrote through site/\(folder), a link")
        } catch {
            #expect("\(error)".contains("site/\(folder): is a symbolic link to a folder"), "\(error)")
        }
        #expect(try String(contentsOfFile: victim + "/precious.txt", encoding: .utf8) == "keep me")
        #expect(try String(contentsOfFile: victim + "/inner/also.txt", encoding: .utf8) == "keep me too")
        #expect(try FileManager.default.contentsOfDirectory(atPath: victim).sorted() == ["inner", "precious.txt"])
    }
}

/// Settings that would trap or exhaust memory (an infinite or tiny step, a huge window, NaN
/// objectives) are refused before any file is read or written.
@Suite struct OptionLimitTests {
    @Test(arguments: [
        ("step", Double.infinity), ("step", 1e-7), ("step", 0), ("window", 1e300), ("window", -1),
        ("sloTtft", Double.nan), ("threshold", Double.nan),
    ])
    func refusedBeforeAnythingChanges(_ name: String, _ value: Double) throws {
        let ws = try TestWorkspace(runs: 1)
        let readme = try ws.read("README.md")
        var o = SiteGenOptions()
        o.resultsDirectory = ws.path("results")
        o.readmePath = ws.path("README.md")
        o.chartsDirectory = ws.path("leaderboard_data")
        o.siteDirectory = ws.path("site")
        o.templatesDirectory = ws.path("Templates")
        switch name {
        case "step": o.stepSeconds = value
        case "window": o.windowSeconds = value
        case "sloTtft": o.objectives.ttftSeconds = value
        default: o.alertPolicy.defaultThreshold = value
        }
        #expect(o.problem != nil)
        #expect(throws: SiteGenError.self) { try SiteGenerator(options: o).run() }
        #expect(try ws.read("README.md") == readme)
        #expect(!FileManager.default.fileExists(atPath: ws.path("site")))
        #expect(!FileManager.default.fileExists(atPath: ws.path("leaderboard_data")))
    }

    @Test func theDefaultsAreFine() { #expect(SiteGenOptions().problem == nil) }
}
