import Analysis
import ResultFormat

/// One result file's requests as CSV rows (`sitegen export`), one row per request, in request
/// id order. The metric values come from `RequestMetrics`, the code behind every leaderboard
/// figure, applied to the one request, so a row agrees with the tables by construction.
public enum RequestTable {
    /// The columns, in order (docs/site.md, "Export for notebooks").
    public static let header = [
        "run_id", "run_started_at", "provider_slug", "provider_name", "request_id", "outcome", "error_kind", "http_status",
        "sent_s", "ttft_s", "tpot_ms", "itl_ms", "e2e_s", "launch_lag_ms", "output_tokens", "server_prompt_tokens",
    ]

    /// Decimals of every time: whole microseconds in seconds are exact at 6, and milliseconds
    /// per token keep nanoseconds.
    static let decimals = 6

    /// The cells of each request of `file`, sorted by request id. Empty cells are values the
    /// request does not have: no TTFT, TPOT or E2E for a failed request (latency figures use
    /// successful requests only), no ITL below 2 tokens, no status without an HTTP status.
    public static func rows(of file: ResultFile) -> [[String]] {
        let requests = file.requests.enumerated().sorted { ($0.element.id, $0.offset) < ($1.element.id, $1.offset) }.map(\.element)
        return requests.map { r in
            let m = RequestMetrics(requests: [r])
            return [
                file.run.id, file.run.startedAt, file.provider.slug, file.provider.name, String(r.id),
                r.error == nil ? "ok" : "error", r.error?.kind.rawValue ?? "", r.error?.status.map(String.init) ?? "",
                number(Double(r.sent) / 1_000_000), number(m.ttft.first), number(m.tpot.first), number(m.itl.first),
                number(m.e2e.first), number(m.launchLag.first), String(r.outputTokens),
                r.serverTimings.map { String($0.promptTokens) } ?? "",
            ]
        }
    }

    /// `file`'s rows as RFC 4180 CSV lines (CRLF), without the header.
    public static func csv(of file: ResultFile) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(file.requests.count * 160)
        for row in rows(of: file) { SiteData.appendLine(row, to: &out) }
        return out
    }

    /// The header line.
    public static var csvHeader: [UInt8] { SiteData.csv([header]) }

    private static func number(_ value: Double?) -> String {
        value.map { NumberFormat.fixed($0, decimals: decimals) } ?? ""
    }
}
