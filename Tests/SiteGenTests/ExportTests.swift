import Foundation
import ResultFormat
import SyntheticCorpus
import Testing
@testable import SiteGen

/// `sitegen export`: one CSV row per request, values checked against the raw records by
/// formulas written out here (not by calling the code under test).
@Suite("Request export")
struct ExportTests {
    /// A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF records), independent of the writer.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, i = text.unicodeScalars.startIndex
        let s = text.unicodeScalars
        while i < s.endIndex {
            let c = s[i]
            if quoted {
                if c == "\"" {
                    let n = s.index(after: i)
                    if n < s.endIndex && s[n] == "\"" { field.unicodeScalars.append("\""); i = n } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\r" {
                // CR of the CRLF record end; the LF closes the record.
            } else if c == "\n" {
                row.append(field); rows.append(row); row = []; field = ""
            } else {
                field.unicodeScalars.append(c)
            }
            i = s.index(after: i)
        }
        return rows
    }

    /// Three runs of the site fixture, the last with hostile names and a 503, plus a provider
    /// whose name holds a comma and quotes and whose requests are stored out of id order.
    static func results(_ root: String) throws -> String {
        let dir = root + "/results"
        try SiteFixture.writeResults(into: dir, runs: 3)
        var odd = SiteFixture.corpus.file(run: 1, provider: 2)
        odd.provider.name = "Acme, \"Fast\" Inc."
        odd.provider.slug = "acme-fast"
        odd.requests.reverse()
        try ResultStore.write(odd, in: dir)
        return dir
    }

    static func export(_ dir: String, runs: RequestExport.Runs = .all) throws -> [UInt8] {
        var out: [UInt8] = []
        try RequestExport(resultsDirectory: dir, runs: runs).write { out += $0 }
        return out
    }

    static func value(_ cell: String) -> Double? { cell.isEmpty ? nil : Double(cell) }

    @Test("every request is one row whose metrics match the raw record")
    func rowsMatchRecords() throws {
        let root = try SiteFixture.temporaryDirectory("export-rows")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = try Self.results(root)
        let rows = Self.parseCSV(String(decoding: try Self.export(dir), as: UTF8.self))
        let header = try #require(rows.first)
        #expect(header == RequestTable.header)
        let col = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        func cell(_ row: [String], _ name: String) -> String { row[col[name]!] }

        // The records, read back from the files (a file written is what the export reads).
        var records: [String: (ResultFile, [Int: RequestRecord])] = [:]
        var total = 0
        for id in try ResultStore.runIDs(in: dir) {
            for name in try ResultStore.resultFileNames(inRun: dir + "/" + id) {
                let (file, _) = try ResultStore.read(path: dir + "/" + id + "/" + name)
                records[id + "/" + file.provider.slug] = (file, Dictionary(uniqueKeysWithValues: file.requests.map { ($0.id, $0) }))
                total += file.requests.count
            }
        }
        let body = Array(rows.dropFirst())
        #expect(body.count == total)
        var failures = 0, withITL = 0
        for row in body {
            #expect(row.count == header.count)
            let (file, byID) = try #require(records[cell(row, "run_id") + "/" + cell(row, "provider_slug")])
            let r = try #require(byID[Int(cell(row, "request_id"))!])
            #expect(cell(row, "provider_name") == file.provider.name)
            #expect(cell(row, "run_started_at") == file.run.startedAt)
            #expect(Self.value(cell(row, "sent_s")) == Double(r.sent) / 1e6)
            #expect(abs(Self.value(cell(row, "launch_lag_ms"))! - Double(r.sent - r.scheduled) / 1e3) < 5e-7)
            #expect(cell(row, "output_tokens") == String(r.outputTokens))
            if let error = r.error {
                failures += 1
                #expect(cell(row, "outcome") == "error")
                #expect(cell(row, "error_kind") == error.kind.rawValue)
                #expect(cell(row, "http_status") == (error.status.map(String.init) ?? ""))
                for name in ["ttft_s", "tpot_ms", "itl_ms", "e2e_s"] { #expect(cell(row, name) == "", "\(name) of a failed request") }
                continue
            }
            #expect(cell(row, "outcome") == "ok")
            #expect(cell(row, "error_kind") == "")
            let first = try #require(r.firstToken)
            let ttft = Double(first - r.sent) / 1e6
            let tpot = Double(r.end - r.sent) / Double(r.outputTokens) / 1e3
            #expect(abs(Self.value(cell(row, "ttft_s"))! - ttft) < 5e-7)
            #expect(abs(Self.value(cell(row, "tpot_ms"))! - tpot) < 5e-7)
            #expect(abs(Self.value(cell(row, "e2e_s"))! - Double(r.end - r.sent) / 1e6) < 5e-7)
            if r.outputTokens >= 2 {
                withITL += 1
                #expect(abs(Self.value(cell(row, "itl_ms"))! - Double(r.end - first) / Double(r.outputTokens - 1) / 1e3) < 5e-7)
            } else {
                #expect(cell(row, "itl_ms") == "")
            }
        }
        #expect(failures > 0, "the fixture has failed requests")
        #expect(withITL > 0)
        #expect(body.contains { cell($0, "http_status") == "503" && cell($0, "error_kind") == "http_5xx" })
    }

    @Test("rows are ordered by run, provider slug and request id")
    func order() throws {
        let root = try SiteFixture.temporaryDirectory("export-order")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let rows = Self.parseCSV(String(decoding: try Self.export(try Self.results(root)), as: UTF8.self)).dropFirst()
        let keys = rows.map { ($0[0], $0[2], Int($0[4])!) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 }, "strictly increasing (run, slug, id)")
        // The provider whose file stores its requests in reverse comes out in id order.
        let acme = rows.filter { $0[2] == "acme-fast" }.map { Int($0[4])! }
        #expect(acme == Array(0..<SiteFixture.corpus.requests))
    }

    @Test("names with commas, quotes and markup are quoted by RFC 4180 and read back intact")
    func quoting() throws {
        let root = try SiteFixture.temporaryDirectory("export-quote")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let text = String(decoding: try Self.export(try Self.results(root)), as: UTF8.self)
        #expect(text.contains(",acme-fast,\"Acme, \"\"Fast\"\" Inc.\",0,"))
        #expect(text.hasSuffix("\r\n"))
        #expect(!text.contains("\r\n\r\n"))
        let names = Set(Self.parseCSV(text).dropFirst().map { $0[3] })
        #expect(names.contains("Acme, \"Fast\" Inc."))
        #expect(names.contains("<script>alert(1)</script>"))
        #expect(names.contains("../../x other workload"))
    }

    @Test("the same results give the same bytes, to a file as to the sink; --runs latest is the last run's rows")
    func determinismAndSelection() throws {
        let root = try SiteFixture.temporaryDirectory("export-same")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = try Self.results(root)
        let first = try Self.export(dir)
        #expect(try Self.export(dir) == first)
        let summary = try RequestExport(resultsDirectory: dir).write(toFile: root + "/requests.csv")
        #expect(Array(FileManager.default.contents(atPath: root + "/requests.csv")!) == first)
        #expect(summary.runs == 3)
        #expect(summary.rows == Self.parseCSV(String(decoding: first, as: UTF8.self)).count - 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["requests.csv", "results"], "no temporary file left")

        let latest = Self.parseCSV(String(decoding: try Self.export(dir, runs: .latest), as: UTF8.self))
        let lastID = SyntheticCorpusID.id(2)
        #expect(latest.count > 1)
        #expect(latest.dropFirst().allSatisfy { $0[0] == lastID })
        #expect(latest.count - 1 == Self.parseCSV(String(decoding: first, as: UTF8.self)).filter { $0[0] == lastID }.count)
    }

    @Test("a bad result file stops the export with its path, and leaves no file behind")
    func badFile() throws {
        let root = try SiteFixture.temporaryDirectory("export-bad")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = try Self.results(root)
        let bad = dir + "/" + SyntheticCorpusID.id(1) + "/broken.json"
        try "{\"schema\": 1}".write(toFile: bad, atomically: true, encoding: .utf8)
        do {
            try RequestExport(resultsDirectory: dir).write(toFile: root + "/requests.csv")
            Issue.record("a bad file was exported")
        } catch {
            #expect(error.description.contains("broken.json"), "\(error)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["results"])
        #expect(throws: RequestExport.Failure.self) { try RequestExport(resultsDirectory: root + "/none").write { _ in } }
    }
}
