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
