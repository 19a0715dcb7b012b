/// A provider's metric across runs: a line through the per-run values, an optional shaded band
/// (e.g. p25 to p75), optional whiskers per point (e.g. the 95% interval of the median), alert
/// markers (a red upward triangle for a regression, a green downward one for an improvement),
/// points marked, runs evenly spaced oldest to newest, dates on the x axis.
public struct TrendChart: Sendable {
    public enum Marker: String, Sendable {
        case regression, improvement
    }

    public struct Point: Sendable {
        /// Short x label, e.g. the run date.
        public var label: String
        public var value: Double
        public var bandLow: Double?
        public var bandHigh: Double?
        public var whiskerLow: Double?
        public var whiskerHigh: Double?
        /// Alerts of this run on this metric (a run can have both, e.g. on different comparisons).
        public var markers: [Marker]
        public init(
            label: String, value: Double, bandLow: Double? = nil, bandHigh: Double? = nil, whiskerLow: Double? = nil,
            whiskerHigh: Double? = nil, markers: [Marker] = []
        ) {
            self.label = label
            self.value = value
            self.bandLow = bandLow
            self.bandHigh = bandHigh
            self.whiskerLow = whiskerLow
            self.whiskerHigh = whiskerHigh
            self.markers = markers
        }
    }

    public var title: String
    /// Value axis caption with unit, e.g. "median TTFT (s)".
    public var axisLabel: String
    /// Legend text for the band, e.g. "p25–p75"; `nil` when there is no band.
    public var bandLabel: String?
    public var points: [Point]
    /// Legend text for the whiskers, e.g. "95% CI of the median"; `nil` when there are none.
    public var whiskerLabel: String?

    public init(title: String, axisLabel: String, bandLabel: String? = nil, whiskerLabel: String? = nil, points: [Point]) {
        self.title = title
        self.axisLabel = axisLabel
        self.bandLabel = bandLabel
        self.whiskerLabel = whiskerLabel
        self.points = points
    }

    static let width = 760.0, height = 290.0
    static let left = 64.0, right = 24.0, top = 62.0, bottom = 56.0
    static let line = Color(hex: 0x2369BD), band = Color(hex: 0x7A9FCF, alpha: 0.35)
    static let whisker = Color(hex: 0x123A6B)
    static let regression = Color(hex: 0xC0392B), improvement = Color(hex: 0x1E7B45)

    /// A triangle centred at (x, y): apex up for a regression (the value rose), down for an improvement.
    static func triangle(_ c: Canvas, _ marker: Marker, x: Double, y: Double, size: Double = 6) {
        c.setColor(marker == .regression ? regression : improvement)
        let d = marker == .regression ? -1.0 : 1.0
        c.moveTo(x, y + d * size)
        c.lineTo(x - size, y - d * size * 0.7)
        c.lineTo(x + size, y - d * size * 0.7)
        c.closePath()
        c.fill()
    }

    /// An SVG document with order-independent ids.
    public func svg() throws(GraphicsError) -> [UInt8] {
        let surface = try Surface.svg(width: TrendChart.width, height: TrendChart.height)
        try draw(on: Canvas(surface))
        return SVGIdentifiers.normalize(try surface.svgData())
    }

    /// The plot area: x from `x0` to `x1`, y from `y0` (bottom) up to `y1`.
    struct Frame {
        var x0: Double, x1: Double, y0: Double, y1: Double
    }

    public func draw(on c: Canvas) throws(GraphicsError) {
        let w = TrendChart.width, h = TrendChart.height
        let f = Frame(x0: TrendChart.left, x1: w - TrendChart.right, y0: h - TrendChart.bottom, y1: TrendChart.top)
        c.paint(Palette.background)
        c.setColor(Palette.ink)
        c.setFont(size: BoxPlot.titleFont, bold: true)
        c.text(title, x: 16, y: 24)
        c.setFont(size: BoxPlot.tickFont)
        drawLegend(on: c, x: f.x0, y: 44)

        let values = points.flatMap { [$0.value, $0.bandLow, $0.bandHigh, $0.whiskerLow, $0.whiskerHigh].compactMap { $0 } }.filter(\.isFinite)
        // The axis starts at zero (all these metrics are non-negative), so a small wobble does not
        // look like a collapse; changes that matter are still plain to see.
        let scale = NiceScale(min: Swift.min(0, values.min() ?? 0), max: values.max() ?? 1, targetTicks: 5)
        let yOf = { (v: Double) in scale.position(v, from: f.y0, to: f.y1) }
        let n = points.count
        let xOf = { (i: Int) in n <= 1 ? (f.x0 + f.x1) / 2 : f.x0 + 8 + Double(i) / Double(n - 1) * (f.x1 - f.x0 - 16) }
        drawYAxis(on: c, scale: scale, frame: f, yOf: yOf)
        guard n > 0 else {
            c.setColor(Palette.mutedText)
            c.text("no runs with data", x: (f.x0 + f.x1) / 2, y: (f.y0 + f.y1) / 2, anchor: .middle)
            try c.check()
            return
        }
        drawXLabels(on: c, frame: f, xOf: xOf)
        drawSeries(on: c, frame: f, xOf: xOf, yOf: yOf)
        try c.check()
    }

    /// Grid lines, y tick labels, the x axis line and the rotated y caption.
    private func drawYAxis(on c: Canvas, scale: NiceScale, frame f: Frame, yOf: (Double) -> Double) {
        c.setFont(size: BoxPlot.tickFont)
        for tick in scale.ticks {
            let y = yOf(tick)
            c.setColor(Palette.grid)
            c.setLineWidth(1)
            c.line(from: (f.x0, y), to: (f.x1, y))
            c.setColor(Palette.mutedText)
            c.text(scale.label(tick), x: f.x0 - 6, y: y + 4, anchor: .end)
        }
        c.setColor(Palette.ink)
        c.line(from: (f.x0, f.y0), to: (f.x1, f.y0))
        c.save()
        c.translate(16, (f.y0 + f.y1) / 2)
        c.rotate(-Double.pi / 2)
        c.setFont(size: BoxPlot.tickFont)
        c.text(axisLabel, x: 0, y: 0, anchor: .middle)
        c.restore()
    }

    /// Run labels under the axis: evenly stepped (never two neighbours crowding each other), at
    /// most about six, always the first and the last run.
    private func drawXLabels(on c: Canvas, frame f: Frame, xOf: (Int) -> Double) {
        let n = points.count
        let labelStep = max(1, Int((Double(n - 1) / 5).rounded(.up)))
        var labelled = Set(stride(from: 0, to: n, by: labelStep))
        if let lastLabel = labelled.max(), lastLabel != n - 1 {
            // The last stepped label is closer than a step to the end: drop it for the end's.
            if lastLabel != 0 { labelled.remove(lastLabel) }
            labelled.insert(n - 1)
        }
        let labelCount = labelled.count
        c.setColor(Palette.mutedText)
        for i in labelled.sorted() {
            c.line(from: (xOf(i), f.y0), to: (xOf(i), f.y0 + 4))
            let anchor: TextAnchor = labelCount == 1 ? .middle : (i == 0 ? .start : (i == n - 1 ? .end : .middle))
            c.text(points[i].label, x: xOf(i) + (anchor == .start ? -8 : anchor == .end ? 8 : 0), y: f.y0 + 18, anchor: anchor)
        }
        c.text("run (oldest → newest)", x: (f.x0 + f.x1) / 2, y: f.y0 + 40, anchor: .middle)
    }

    /// The band, the whiskers (under the line, so the median stays visible), the line with its
    /// points, and the alert markers above the highest thing drawn at each run.
    private func drawSeries(on c: Canvas, frame f: Frame, xOf: (Int) -> Double, yOf: (Double) -> Double) {
        let n = points.count
        let banded = points.indices.filter { points[$0].bandLow != nil && points[$0].bandHigh != nil }
        if banded.count >= 2 {
            c.setColor(TrendChart.band)
            c.moveTo(xOf(banded[0]), yOf(points[banded[0]].bandHigh!))
            for i in banded.dropFirst() { c.lineTo(xOf(i), yOf(points[i].bandHigh!)) }
            for i in banded.reversed() { c.lineTo(xOf(i), yOf(points[i].bandLow!)) }
            c.closePath()
            c.fill()
        } else if let i = banded.first {
            c.setColor(TrendChart.band)
            c.rectangle(xOf(i) - 6, yOf(points[i].bandHigh!), 12, yOf(points[i].bandLow!) - yOf(points[i].bandHigh!))
            c.fill()
        }
        c.setColor(TrendChart.whisker)
        c.setLineWidth(1.5)
        for i in 0..<n {
            guard let lo = points[i].whiskerLow, let hi = points[i].whiskerHigh, lo.isFinite, hi.isFinite else { continue }
            let x = xOf(i), cap = n <= 40 ? 4.0 : 2.0
            c.line(from: (x, yOf(lo)), to: (x, yOf(hi)))
            c.line(from: (x - cap, yOf(lo)), to: (x + cap, yOf(lo)))
            c.line(from: (x - cap, yOf(hi)), to: (x + cap, yOf(hi)))
        }
        c.setColor(TrendChart.line)
        c.setLineWidth(2)
        c.moveTo(xOf(0), yOf(points[0].value))
        for i in 1..<n { c.lineTo(xOf(i), yOf(points[i].value)) }
        c.stroke()
        if n <= 60 {
            for i in 0..<n {
                c.circle(xOf(i), yOf(points[i].value), radius: 3)
                c.fill()
            }
        }
        for i in 0..<n where !points[i].markers.isEmpty {
            let p = points[i]
            let top = [p.value, p.bandHigh, p.whiskerHigh].compactMap { $0 }.filter(\.isFinite).max() ?? p.value
            var y = yOf(top) - 11
            for m in p.markers {
                TrendChart.triangle(c, m, x: xOf(i), y: max(y, f.y1 - 4))
                y -= 14
            }
        }
    }

    /// One legend row: what the line, band and whiskers are, and the alert markers when any.
    func drawLegend(on c: Canvas, x: Double, y: Double) {
        var items: [(Marker?, String)] = [(nil, bandLabel == nil ? "line: one point per run" : "line: median")]
        if let bandLabel { items.append((nil, "band: \(bandLabel)")) }
        if let whiskerLabel { items.append((nil, "whiskers: \(whiskerLabel)")) }
        let markers = Set(points.flatMap(\.markers))
        if markers.contains(.regression) { items.append((.regression, "regression alert")) }
        if markers.contains(.improvement) { items.append((.improvement, "improvement alert")) }
        var cx = x
        for (k, item) in items.enumerated() {
            if k > 0 {
                c.setColor(Palette.mutedText)
                c.text("·", x: cx + 5, y: y, anchor: .middle)
                cx += 10
            }
            if let m = item.0 {
                TrendChart.triangle(c, m, x: cx + 6, y: y - 4, size: 5)
                cx += 14
            }
            c.setColor(Palette.mutedText)
            c.text(item.1, x: cx, y: y)
            cx += c.textWidth(item.1)
        }
    }
}
