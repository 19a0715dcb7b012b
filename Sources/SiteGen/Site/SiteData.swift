import JSON
import Analysis
import Foundation
import ResultFormat

/// The machine-readable files of `site/data/`: CSV tables, per-provider JSON and the Atom feed.
enum SiteData {
    /// One provider's runs, oldest first (`data/providers/<slug>.json`): the file's shape, and the
    /// Codable reference that `providerHistoryJSON` is tested to reproduce byte for byte.
    struct ProviderHistory: Codable {
        struct Entry: Codable {
            var runID: String
            var startedAt: String
            var provider: ProviderDigest
        }
        var slug: String
        var name: String
        var runs: [Entry]
    }

    /// `data/alerts.json`: exactly `SiteJSON.encode(list)` (tested), with the alerts' trees made
    /// by `AlertJSON`.
    static func alertListJSON(_ list: AlertList) throws -> [UInt8] {
        guard let alerts = AlertJSON.tree(list.alerts) else { return try SiteJSON.encode(list) }
        let document = JSONValue.object([
            "formatVersion": .int(Int64(list.formatVersion)), "rule": .string(list.rule), "latestRunID": .string(list.latestRunID),
            "alerts": alerts,
        ])
        return JSONValueEncoder.encode(tree: document, pretty: true) + [0x0A]
    }

    /// `data/providers/<slug>.json`: exactly `SiteJSON.encode(ProviderHistory(...))` (tested),
    /// assembled from the provider digests' JSON trees where `cachedTree` has one (the digest
    /// cache holds them) and encoding only the others.
    static func providerHistoryJSON(
        slug: String, name: String, history: [(RunDigest, ProviderDigest)],
        cachedTree: (RunDigest, ProviderDigest) -> JSONValue?
    ) throws -> [UInt8] {
        var runs: [JSONValue] = []
        runs.reserveCapacity(history.count)
        for (run, provider) in history {
            let tree = try cachedTree(run, provider) ?? JSONValueEncoder.tree(of: provider)
            runs.append(.object(["provider": tree, "runID": .string(run.runID), "startedAt": .string(run.startedAt)]))
        }
        let document = JSONValue.object(["name": .string(name), "runs": .array(runs), "slug": .string(slug)])
        return JSONValueEncoder.encode(tree: document, pretty: true) + [0x0A]
    }

    /// `data/alerts.json`: every regression and improvement alert of every run, in
    /// `Alert.stableOrder`, with the rule that raised them. A CI job can fail when an alert of
    /// `latestRunID` has `direction` `regression`.
    struct AlertList: Codable {
        var formatVersion = 1
        var rule: String
        var latestRunID: String
        var alerts: [Alert]
    }

    static let csvHeader = [
        "run_id", "started_at", "provider_slug", "provider_name", "source", "workload_fingerprint", "requests", "succeeded",
        "error_rate", "ttft_median_s", "ttft_p25_s", "ttft_p75_s", "ttft_p95_s", "ttft_p99_s", "tpot_median_ms",
        "itl_median_ms", "itl_p95_ms", "e2e_median_s", "gap_p99_ms", "peak_tps", "launch_lag_p99_ms", "suspect",
        "ttft_median_ci_low_s", "ttft_median_ci_high_s", "tpot_median_ci_low_ms", "tpot_median_ci_high_ms",
        "itl_median_ci_low_ms", "itl_median_ci_high_ms", "goodput_share", "goodput_rps",
        "failed_rate_limiting", "failed_server_errors", "failed_timeouts", "failed_transport", "failed_other",
    ]

    static func csvRow(_ run: RunDigest, _ p: ProviderDigest) -> [String] {
        func v(_ x: Double?) -> String { x.map { NumberFormat.fixed($0, decimals: 6) } ?? "" }
        return [
            run.runID, run.startedAt, p.slug, p.name, p.source, p.workload.fingerprint, String(p.totalRequests), String(p.succeeded),
            v(p.errorRate), v(p.ttft?.median), v(p.ttft?.p25), v(p.ttft?.p75), v(p.ttft?.p95), v(p.ttft?.p99), v(p.tpot?.median),
            v(p.itl?.median), v(p.itl?.p95), v(p.e2e?.median), v(p.interChunkGaps?.p99), v(p.peakTPS), v(p.launchLag?.p99),
            p.selfCheck?.isSuspect == true ? "true" : "false",
            v(p.ttftMedianCI?.lower), v(p.ttftMedianCI?.upper), v(p.tpotMedianCI?.lower), v(p.tpotMedianCI?.upper),
            v(p.itlMedianCI?.lower), v(p.itlMedianCI?.upper), v(p.goodput?.share), v(p.goodput?.requestsPerSecond),
        ] + AvailabilityClass.allCases.map { p.availability == nil ? "" : String(p.failures($0)) }
    }

    /// RFC 4180 CSV; text cells that a spreadsheet would run as a formula get a leading `'`.
    static func csv(_ rows: [[String]]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * 256)
        for row in rows { appendLine(row, to: &out) }
        return out
    }

    /// One CSV line (with its CRLF) appended to `out`, built on the bytes: a year of runs is
    /// tens of thousands of cells per table.
    static func appendLine(_ row: [String], to out: inout [UInt8]) {
        for (i, cell) in row.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            var text = cell
            text.withUTF8 { u in
                let formula = u.first.map { "=+-@".utf8.contains($0) } == true && Double(cell) == nil
                let special = u.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
                guard formula || special else {
                    out.append(contentsOf: u)
                    return
                }
                out.append(UInt8(ascii: "\""))
                if formula { out.append(UInt8(ascii: "'")) }
                for b in u {
                    if b == UInt8(ascii: "\"") { out.append(b) }
                    out.append(b)
                }
                out.append(UInt8(ascii: "\""))
            }
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// The CSV line of each run's provider, made once per generation: `data/runs.csv` and the
    /// provider's own CSV share it. Thread-safe; the jobs that need a line run in parallel.
    final class CSVLines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String: [UInt8]] = [:]

        func line(_ run: RunDigest, _ p: ProviderDigest) -> [UInt8] {
            let key = run.runID + "/" + p.slug
            lock.lock()
            let known = lines[key]
            lock.unlock()
            if let known { return known }
            var line: [UInt8] = []
            SiteData.appendLine(SiteData.csvRow(run, p), to: &line)
            lock.lock()
            lines[key] = line
            lock.unlock()
            return line
        }

        /// A whole table: the header, then the lines of `entries`.
        func table(_ entries: [(RunDigest, ProviderDigest)]) -> [UInt8] {
            var out = SiteData.csv([SiteData.csvHeader])
            out.reserveCapacity(entries.count * 300)
            for (run, p) in entries { out += line(run, p) }
            return out
        }
    }

    static func xmlEscape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // Control characters are not allowed in XML 1.0.
                if ch.value < 0x20 && ch != "\n" && ch != "\t" && ch != "\r" { out += " " } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }

    /// Atom feed of the newest 50 runs at `data/feed.xml`; timestamps come from the runs, never the clock.
    /// The Atom feed of the newest 50 runs. With `baseURL` (the site's public URL) every link is
    /// absolute; without it they are relative to the feed (`data/feed.xml`), which Atom resolves
    /// against the feed's own address.
    static func atom(_ runs: [RunDigest], title: String, baseURL: String? = nil) -> [UInt8] {
        let recent = runs.suffix(50).reversed()
        let base = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        func href(_ path: String) -> String { xmlEscape(base.map { $0 + path } ?? "../" + path) }
        var x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        x += "  <title>\(xmlEscape(title))</title>\n"
        x += "  <id>\(base.map { xmlEscape($0 + "data/feed.xml") } ?? "urn:llm-leaderboard:runs")</id>\n"
        x += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(base.map { xmlEscape($0 + "data/feed.xml") } ?? "feed.xml")\"/>\n"
        x += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(href("index.html"))\"/>\n"
        x += "  <updated>\(xmlEscape(runs.last.map(atomTime) ?? "1970-01-01T00:00:00Z"))</updated>\n"
        x += "  <author><name>sitegen</name></author>\n"
        for r in recent {
            x += "  <entry>\n"
            x += "    <title>Run \(xmlEscape(r.runID))</title>\n"
            x += "    <id>urn:llm-leaderboard:run:\(xmlEscape(r.runID))</id>\n"
            x += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(href(SitePages.runPage(r.runID)))\"/>\n"
            x += "    <updated>\(xmlEscape(atomTime(r)))</updated>\n"
            let lines = r.providers.map { p in
                "\(p.name): median TTFT \(p.ttft.map { SiteFormat.number($0.median, MetricDefinition.ttft.decimals) } ?? "–") s, median ITL \(p.itl.map { SiteFormat.number($0.median, MetricDefinition.itl.decimals) } ?? "–") ms, peak \(SiteFormat.number(p.peakTPS, 1)) tokens/s, errors \(SiteFormat.percent(p.errorRate))"
            }
            x += "    <summary type=\"text\">\(xmlEscape(lines.joined(separator: "; ")))</summary>\n"
            x += "  </entry>\n"
        }
        x += "</feed>\n"
        return Array(x.utf8)
    }

    /// RFC 3339 time of a run: its end time, else its start, else derived from its id.
    static func atomTime(_ r: RunDigest) -> String {
        for t in [r.endedAt, r.startedAt] where t.count >= 20 && t.hasSuffix("Z") { return t }
        return "1970-01-01T00:00:00Z"
    }
}
