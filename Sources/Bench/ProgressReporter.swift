import Foundation

/// Periodically shows elapsed / planned time, sent, in flight, done, failed and current tokens/s
/// for the providers being run.
final class ProgressReporter: @unchecked Sendable {
    private let console: Console
    private let lock = NSLock()
    private var active: [(name: String, counters: LiveCounters, clock: RunClock, planned: Double)] = []

    init(console: Console) { self.console = console }

    func begin(name: String, counters: LiveCounters, clock: RunClock, plannedSeconds: Double) {
        lock.withLock { active.append((name, counters, clock, plannedSeconds)) }
    }

    func end(name: String) {
        lock.withLock { active.removeAll { $0.name == name } }
    }

    /// Runs until cancelled.
    func run() async {
        let interval: Double = console.isTerminal ? 0.5 : 5
        var lastTokens: [String: (Int, Int64)] = [:]
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
            if Task.isCancelled { break }
            let current = lock.withLock { active }
            var parts: [String] = []
            for a in current {
                let s = a.counters.snapshot
                let now = a.clock.now()
                let elapsed = Double(now) / 1_000_000
                var tps = 0.0
                if let (t0, at0) = lastTokens[a.name], now > at0 {
                    tps = Double(s.tokens - t0) / (Double(now - at0) / 1_000_000)
                }
                lastTokens[a.name] = (s.tokens, now)
                parts.append(
                    "\(a.name) \(Int(elapsed))/\(Int(a.planned.rounded(.up))) s  sent \(s.sent)/\(s.planned)  "
                        + "in flight \(s.inFlight)  done \(s.done)  failed \(s.failed)  \(Int(tps)) tok/s")
            }
            if !parts.isEmpty { console.status(parts.joined(separator: " | ")) }
        }
    }
}
