/// The change of an error rate between two sets of requests: Fisher's exact p-value and a Wald
/// interval of the difference of proportions.
public struct ProportionChange: Sendable, Equatable {
    public var rateBefore: Double
    public var rateAfter: Double
    /// `rateAfter - rateBefore`.
    public var difference: Double
    /// Two-sided Fisher exact p-value.
    public var pValue: Double
    /// Wald interval of `difference` at the given level.
    public var interval: ConfidenceInterval

    public init(failedBefore: Int, totalBefore: Int, failedAfter: Int, totalAfter: Int, level: Double = 0.95) {
        precondition(totalBefore > 0 && totalAfter > 0, "empty sample")
        let p1 = Double(failedBefore) / Double(totalBefore), p2 = Double(failedAfter) / Double(totalAfter)
        rateBefore = p1
        rateAfter = p2
        difference = p2 - p1
        pValue = FisherExact.pValue(failedA: failedAfter, totalA: totalAfter, failedB: failedBefore, totalB: totalBefore)
        let se = (p1 * (1 - p1) / Double(totalBefore) + p2 * (1 - p2) / Double(totalAfter)).squareRoot()
        let z = NormalDistribution.upperQuantile((1 - level) / 2)
        interval = ConfidenceInterval(lower: difference - z * se, upper: difference + z * se, level: level)
    }
}
