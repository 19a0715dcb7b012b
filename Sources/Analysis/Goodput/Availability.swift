import ResultFormat

/// A provider's failures split by `AvailabilityClass`, so a throttled provider (rate limiting)
/// is told apart from a broken one (server errors, timeouts, transport failures).
public struct Availability: Sendable, Equatable {
    public var totalRequests: Int
    /// Failed requests per class; every class is present (0 when none).
    public var failuresByClass: [AvailabilityClass: Int]

    public init(requests: [RequestRecord]) {
        totalRequests = requests.count
        var counts = Dictionary(uniqueKeysWithValues: AvailabilityClass.allCases.map { ($0, 0) })
        for r in requests {
            if let e = r.error { counts[e.kind.availabilityClass, default: 0] += 1 }
        }
        failuresByClass = counts
    }

    /// From failure counts by kind (e.g. `ProviderRunSummary.failuresByKind`).
    public init(totalRequests: Int, failuresByKind: [ErrorKind: Int]) {
        self.totalRequests = totalRequests
        var counts = Dictionary(uniqueKeysWithValues: AvailabilityClass.allCases.map { ($0, 0) })
        for (kind, n) in failuresByKind { counts[kind.availabilityClass, default: 0] += n }
        failuresByClass = counts
    }

    public var failedRequests: Int { failuresByClass.values.reduce(0, +) }

    /// All failures over all requests (0 without requests).
    public var errorRate: Double { rate(failedRequests) }

    /// Failures of `availabilityClass` over all requests (0 without requests).
    public func errorRate(_ availabilityClass: AvailabilityClass) -> Double {
        rate(failuresByClass[availabilityClass] ?? 0)
    }

    /// Classes with at least one failure, in `AvailabilityClass.allCases` order.
    public var occurringClasses: [AvailabilityClass] {
        AvailabilityClass.allCases.filter { (failuresByClass[$0] ?? 0) > 0 }
    }

    private func rate(_ n: Int) -> Double { totalRequests == 0 ? 0 : Double(n) / Double(totalRequests) }
}
