import Analysis

/// The index's answer at a glance: per metric of the latest run (TTFT, TPOT, ITL medians and peak
/// total TPS), who leads, the leader's figure and interval, and whether the lead is clear
/// (significant, by the README's winner rules) or a tie the data cannot break.
struct SiteSummary {
    /// One metric's card.
    struct Card {
        var id: String
        var title: String
        /// `median, s, lower is better` and the like.
        var what: String
        /// The leaders (one when the lead is clear, several when tied, none without evidence).
        var leaders: [(name: String, href: String)]
        /// The leader's figure with its unit (`5.924 s`), or empty without a leader.
        var figure: String
        /// `95% CI 3.949–7.209 s`, or empty when the metric has no interval.
        var interval: String
        var verdict: Verdict
        /// The verdict in words (`significantly lower than llama.cpp 4 slots (10.172 s)`).
        var detail: String

        var context: [String: Any] {
            [
                "id": id, "title": title, "what": what, "figure": figure, "interval": interval, "hasInterval": !interval.isEmpty,
                "leaders": leaders.enumerated().map { i, l in ["name": l.name, "href": l.href, "last": i == leaders.count - 1] },
                "clear": verdict == .clear, "tie": verdict == .tie, "none": verdict == .none, "sole": verdict == .sole,
                "verdict": verdict.rawValue, "detail": detail,
            ]
        }
    }

    enum Verdict: String {
        /// The leader is significantly better than the runner-up.
        case clear = "clear lead"
        /// The leaders cannot be told apart.
        case tie = "tie"
        /// Only one provider was ranked.
        case sole = "only provider ranked"
        /// No provider had enough successful requests.
        case none = "no leader"
    }

    let run: RunDigest
    /// Prefix of links to provider pages (`""` on the index).
    let root: String

    var cards: [Card] {
        LeaderboardMetric.allCases.compactMap(latencyCard) + [throughputCard]
    }

    private func link(_ slug: String) -> (name: String, href: String)? {
        run.provider(slug).map { ($0.name, root + SitePages.providerPage(slug)) }
    }

    private static func verdict(_ order: MetricOrder) -> Verdict {
        let tied = order.tied ?? []
        if order.winners.isEmpty { return .none }
        if tied.count > 1 { return .tie }
        return order.order.count == 1 ? .sole : .clear
    }

    private func latencyCard(_ metric: LeaderboardMetric) -> Card? {
        guard let order = run.rankings.first(where: { $0.metric == metric.rawValue }) else { return nil }
        let verdict = Self.verdict(order)
        let d = metric.decimals, unit = metric.unit
        func figure(_ slug: String) -> String? {
            run.provider(slug)?.summary(metric).map { SiteFormat.number($0.median, d) + " " + unit }
        }
        let shown = verdict == .tie ? (order.tied ?? []) : order.winners
        let first = order.winners.first
        var card = Card(
            id: metric.rawValue.lowercased(), title: metric.rawValue, what: "median, \(unit), lower is better",
            leaders: shown.compactMap(link), figure: first.flatMap(figure) ?? "",
            interval: first.flatMap { run.provider($0)?.medianCI(metric) }.map { "95% CI " + SitePages.interval($0, d) + " " + unit } ?? "",
            verdict: verdict, detail: "")
        let runnerUp = order.order.first { !shown.contains($0) }
        switch verdict {
        case .clear:
            card.detail = "Significantly lower than the runner-up"
                + (runnerUp.flatMap { s in link(s).map { " \($0.name)" + (figure(s).map { " (\($0))" } ?? "") } } ?? "") + "."
        case .tie:
            card.detail = "\(shown.count) providers the data cannot tell apart; the figure is the lowest median."
        case .sole:
            card.detail = "The only provider ranked in this run."
        case .none:
            card.detail = "No provider had enough successful requests to lead."
        }
        return card
    }

    private var throughputCard: Card {
        let order = run.throughput
        let verdict = Self.verdict(order)
        func figure(_ slug: String) -> String? { run.provider(slug).map { SiteFormat.number($0.peakTPS, 1) + " tokens/s" } }
        let shown = verdict == .tie ? (order.tied ?? []) : order.winners
        var card = Card(
            id: "tps", title: "Peak TPS", what: "total tokens/s, higher is better", leaders: shown.compactMap(link),
            figure: order.winners.first.flatMap(figure) ?? "", interval: "", verdict: verdict, detail: "")
        let runnerUp = order.order.first { !shown.contains($0) }
        switch verdict {
        case .clear:
            card.detail = "Ahead of the runner-up"
                + (runnerUp.flatMap { s in link(s).map { " \($0.name)" + (figure(s).map { " (\($0))" } ?? "") } } ?? "")
                + " by more than the leader's own window-to-window spread."
        case .tie:
            card.detail = "\(shown.count) providers within the leader's window-to-window spread; the figure is the highest peak."
        case .sole:
            card.detail = "The only provider ranked in this run."
        case .none:
            card.detail = "No provider had enough successful requests to lead."
        }
        return card
    }
}
