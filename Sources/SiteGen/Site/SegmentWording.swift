/// What the run page, the provenance notes and the README say about providers measured by
/// several load generators (segments of a sharded run).
enum SegmentWording {
    /// A duration given in µs, for a reader: `41.5 ms` below a second, `2.35 s` from there.
    static func duration(_ micros: Int64) -> String {
        micros < 1_000_000
            ? SiteFormat.number(Double(micros) / 1_000, 1) + " ms" : SiteFormat.number(Double(micros) / 1_000_000, 2) + " s"
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// The hosts in segment order, a host that ran several segments once with `×k`, at most
    /// `limit` of them named (a run may have a thousand segments), and how many segments have no file.
    static func hosts(_ s: SegmentsDigest, limit: Int = 16) -> String {
        var order: [String] = [], runs: [String: Int] = [:]
        for f in s.files {
            if runs[f.host] == nil { order.append(f.host) }
            runs[f.host, default: 0] += 1
        }
        let names = order.map { runs[$0]! > 1 ? "\($0) ×\(runs[$0]!)" : $0 }
        var text = names.count <= limit ? names.joined(separator: ", ") : names.prefix(limit).joined(separator: ", ") + " and \(names.count - limit) more"
        if !s.missing.isEmpty { text += s.missing.count == 1 ? " (the file of one is missing)" : " (the files of \(s.missing.count) are missing)" }
        return text
    }

    /// `measured by 4 load generators (segments): bench-0, bench-1, bench-2, bench-3`.
    static func measuredBy(_ s: SegmentsDigest) -> String {
        "measured by \(s.count) load generator\(s.count == 1 ? "" : "s") (segment\(s.count == 1 ? "" : "s")): \(hosts(s))"
    }

    /// The time base's error bound: `±3.5 ms`, or why it is unknown.
    static func alignment(_ s: SegmentsDigest) -> String {
        s.alignmentErrorMicros.map { "±" + duration($0) } ?? "unknown: the machines did not report their clocks' error"
    }

    /// `segment 3 of 4`, `segments 1 and 3 of 4`; nil when none is missing.
    static func missing(_ s: SegmentsDigest) -> String? {
        guard !s.missing.isEmpty else { return nil }
        return "segment\(s.missing.count == 1 ? "" : "s") " + list(s.missing.map { String($0.index) }) + " of \(s.count)"
    }

    /// `15 of 60 requests`, `30 (15 + 15) of 60 requests`: what the missing segments leave out
    /// of the workload's `total`.
    static func missingRequests(_ s: SegmentsDigest, of total: Int) -> String {
        let each = s.missing.count == 1 ? "" : " (" + s.missing.map { String($0.requests) }.joined(separator: " + ") + ")"
        return "\(s.missingRequests)\(each) of \(total) request\(total == 1 ? "" : "s")"
    }

    /// The provenance note of a partial sharded provider: which segments are missing and what
    /// that leaves out, and which segments were interrupted.
    static func partialNote(_ p: ProviderDigest) -> String? {
        guard let s = p.segments else { return nil }
        var parts: [String] = []
        if let missing = missing(s) {
            parts.append("\(missing) \(s.missing.count == 1 ? "is" : "are") missing, so \(missingRequests(s, of: p.workload.requestCount)) of the workload are not in its figures")
        }
        let interrupted = s.files.filter(\.partial).map { "segment \($0.index) (\($0.host))" }
        if !interrupted.isEmpty { parts.append(list(interrupted) + " stopped before every request finished") }
        return parts.isEmpty ? nil : "\(p.name) is partial: " + parts.joined(separator: "; ") + "."
    }

    /// The run page's "Load generators" section, nil for a run measured by one machine per provider.
    static func section(_ r: RunDigest) -> [String: Any]? {
        let sharded = r.providers.filter { $0.segments != nil }
        guard !sharded.isEmpty else { return nil }
        // Providers measured by the same machines are named together.
        var groups: [(key: String, names: [String], text: String)] = []
        for p in sharded {
            let s = p.segments!
            let key = "\(s.count)\n" + s.files.map { "\($0.index) \($0.host)" }.joined(separator: "\n")
            if let g = groups.firstIndex(where: { $0.key == key }) { groups[g].names.append(p.name) } else { groups.append((key, [p.name], measuredBy(s))) }
        }
        let machines = groups.map { g -> String in
            let who = g.names.count == r.providers.count && r.providers.count > 1 ? "Every provider" : list(g.names)
            return "\(who) \(g.names.count > 1 && who != "Every provider" ? "were" : "was") \(g.text)."
        }
        let rows = sharded.map { p -> [String: Any] in
            let s = p.segments!
            return [
                "name": p.name, "segments": "\(s.files.count) of \(s.count)", "skew": duration(s.startSkewMicros), "alignment": alignment(s),
                "missing": missing(s).map { "\($0): \(missingRequests(s, of: p.workload.requestCount)) not measured" } ?? "none",
            ]
        }
        return ["machines": machines, "rows": rows]
    }

    /// One line on sharding for the provenance notes (the README's and the site's), nil when no
    /// provider was sharded; with `missing`, it also says which segments are missing.
    static func line(_ providers: [(name: String, segments: SegmentsDigest?, requests: Int)], missing withMissing: Bool) -> String? {
        let sharded = providers.compactMap { p in p.segments.map { (p.name, $0, p.requests) } }
        guard !sharded.isEmpty else { return nil }
        let counts = Set(sharded.map(\.1.count))
        let who: String
        if counts.count == 1 {
            let n = counts.first!
            let names = sharded.count == providers.count ? (providers.count == 1 ? sharded[0].0 : "every provider") : list(sharded.map(\.0))
            who = "\(names) measured by \(n) load generator\(n == 1 ? "" : "s") (segments)"
        } else {
            who = "measured by several load generators (segments): " + list(sharded.map { "\($0.0) by \($0.1.count)" })
        }
        let skew = duration(sharded.map(\.1.startSkewMicros).max()!)
        let errors = sharded.map(\.1.alignmentErrorMicros)
        let alignment = errors.contains(nil) ? "time base error unknown (a machine did not report its clock's error)" : "time base error within ±" + duration(errors.map { $0! }.max()!)
        var line = "sharded run: \(who); start skew up to \(skew), \(alignment)"
        let missing = sharded.compactMap { name, s, n in self.missing(s).map { "\(name) is missing \($0) (\(missingRequests(s, of: n)))" } }
        if withMissing && !missing.isEmpty { line += "; " + missing.joined(separator: "; ") }
        return line + "."
    }
}
