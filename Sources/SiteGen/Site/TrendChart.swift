/// A provider's metric across runs: a line through the per-run values, an optional shaded band
/// (e.g. p25 to p75), optional whiskers per point (e.g. the 95% interval of the median), alert
/// markers (a red upward triangle for a regression, a green downward one for an improvement).
///
/// Runs are placed by their start time (`Point.time`) on a UTC time axis with round, non-colliding
/// date labels; when a point has no time, runs are evenly spaced oldest to newest and labelled
/// with `Point.label`. The chart is `ChartStyle.siteWidth` wide; the line has the provider's
/// colour when one is given.
public struct TrendChart: Sendable {
    public enum Marker: String, Sendable {
        case regression, improvement
    }

    public struct Point: Sendable {
        /// Short x label, e.g. the run date (used only when some point has no `time`).
        public var label: String
        /// The run's start, seconds since 1970-01-01T00:00:00Z (`CivilTime.epochSeconds(rfc3339:)`).
        public var time: Double?
        public var value: Double
        public var bandLow: Double?
        public var bandHigh: Double?
        public var whiskerLow: Double?
        public var whiskerHigh: Double?
        /// Alerts of this run on this metric (a run can have both, e.g. on different comparisons).
        public var markers: [Marker]
        public init(
            label: String, time: Double? = nil, value: Double, bandLow: Double? = nil, bandHigh: Double? = nil, whiskerLow: Double? = nil,
            whiskerHigh: Double? = nil, markers: [Marker] = []
        ) {
            self.label = label
            self.time = time
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
    /// The line's colour: the provider's (`ProviderColors`), or a blue when nil.
    public var color: Color?

    public init(
        title: String, axisLabel: String, bandLabel: String? = nil, whiskerLabel: String? = nil, points: [Point], color: Color? = nil
    ) {
        self.title = title
        self.axisLabel = axisLabel
        self.bandLabel = bandLabel
        self.whiskerLabel = whiskerLabel
        self.points = points
        self.color = color
    }

    static let width = ChartStyle.siteWidth, plotHeight = 170.0
    static let defaultLine = Color(hex: 0x2369BD)
    static let whisker = Color(hex: 0x2B2B2B)
    static let regression = Color(hex: 0xC0392B), improvement = Color(hex: 0x1E7B45)

    var lineColor: Color { color ?? TrendChart.defaultLine }

    /// Whether runs are placed by time (every point has one).
    var byTime: Bool { !points.isEmpty && points.allSatisfy { $0.time?.isFinite == true } }

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
        let measure = try Canvas(Surface.image(width: 1, height: 1, scale: 1))
        let legend = legendRows(measure)
        let surface = try Surface.svg(width: TrendChart.width, height: height(legendRows: legend.count))
        try draw(on: Canvas(surface), legend: legend)
        return SVGIdentifiers.normalize(try surface.svgData())
    }

    func plotTop(legendRows: Int) -> Double { 41 + Double(max(legendRows, 1) - 1) * 17 + 31 }
    func height(legendRows: Int) -> Double { plotTop(legendRows: legendRows) + TrendChart.plotHeight + 48 }

    /// The plot area and axes. Runs without times get times 0, 1, 2... (evenly spaced).
    func frame(measuringWith c: Canvas, legendRows: Int) -> PlotFrame {
        let values = points.flatMap { [$0.value, $0.bandLow, $0.bandHigh, $0.whiskerLow, $0.whiskerHigh].compactMap { $0 } }.filter(\.isFinite)
        // The axis starts at zero (all these metrics are non-negative), so a small wobble does not
        // look like a collapse, unless the values span enough to need a log axis.
        let axis = ValueAxis(values: values.isEmpty ? [0, 1] : values + (ValueAxis.wantsLog(values) ? [] : [0]), maxTicks: 5)
        let left = ChartStyle.margin + PlotFrame.tickLabelWidth(axis, canvas: c) + 6
        let top = plotTop(legendRows: legendRows)
        return PlotFrame(
            x0: left, x1: TrendChart.width - ChartStyle.margin - 4, y0: top + TrendChart.plotHeight, y1: top,
            time: byTime ? TimeAxis(times: times) : TimeAxis(start: -0.3, end: Double(max(points.count, 1)) - 0.7), value: axis, canvasWidth: TrendChart.width)
    }

    /// Each point's x coordinate: its time, or its index when some point has no time.
    var times: [Double] { byTime ? points.map { $0.time! } : points.indices.map(Double.init) }

    public func draw(on c: Canvas) throws(GraphicsError) {
        try draw(on: c, legend: legendRows(c))
    }

    func draw(on c: Canvas, legend: [[(Marker?, String)]]) throws(GraphicsError) {
        let f = frame(measuringWith: c, legendRows: legend.count)
        c.paint(Palette.background)
        c.setColor(Palette.ink)
        c.setFont(size: ChartStyle.titleFont, bold: true)
        c.text(ChartText.fit(title, maxWidth: TrendChart.width - 2 * ChartStyle.margin, canvas: c), x: ChartStyle.margin, y: 22)
        drawLegend(legend, on: c)
        f.drawValueAxis(on: c, caption: axisLabel)
        guard !points.isEmpty else {
            c.setColor(Palette.mutedText)
            c.text("no runs with data", x: (f.x0 + f.x1) / 2, y: (f.y0 + f.y1) / 2, anchor: .middle)
            try c.check()
            return
        }
        if byTime { f.drawTimeAxis(on: c) } else { drawIndexLabels(on: c, frame: f) }
        drawSeries(on: c, frame: f)
        try c.check()
    }

    /// Run labels under the axis when runs have no times: evenly stepped, at most about four,
    /// always the first and the last run.
    private func drawIndexLabels(on c: Canvas, frame f: PlotFrame) {
        let n = points.count
        let labelStep = max(1, Int((Double(n - 1) / 3).rounded(.up)))
        var labelled = Set(stride(from: 0, to: n, by: labelStep))
        if let lastLabel = labelled.max(), lastLabel != n - 1 {
            if lastLabel != 0 { labelled.remove(lastLabel) }
            labelled.insert(n - 1)
        }
        c.setFont(size: ChartStyle.smallFont)
        c.setColor(Palette.mutedText)
        for i in labelled.sorted() {
            let x = f.x(Double(i))
            c.line(from: (x, f.y0), to: (x, f.y0 + 4))
            let w = c.textWidth(points[i].label)
            c.text(points[i].label, x: TimeAxis.labelLeft(x: x, width: w, bounds: 4...(TrendChart.width - 4)), y: f.y0 + 19)
        }
        c.text("run (oldest → newest)", x: (f.x0 + f.x1) / 2, y: f.y0 + 38, anchor: .middle)
    }

    /// The band, the whiskers (under the line, so the median stays visible), the line with its
    /// points, and the alert markers above the highest thing drawn at each run.
    private func drawSeries(on c: Canvas, frame f: PlotFrame) {
        let times = self.times  // computed from every point: once per chart, not per comparison
        let order = points.indices.sorted { (times[$0], $0) < (times[$1], $1) }
        let xOf = { (i: Int) in f.x(times[i]) }
        var band = lineColor
        band.alpha = 0.22
        let banded = order.filter { points[$0].bandLow != nil && points[$0].bandHigh != nil }
        if banded.count >= 2 {
            c.setColor(band)
            c.moveTo(xOf(banded[0]), f.y(points[banded[0]].bandHigh!))
            for i in banded.dropFirst() { c.lineTo(xOf(i), f.y(points[i].bandHigh!)) }
            for i in banded.reversed() { c.lineTo(xOf(i), f.y(points[i].bandLow!)) }
            c.closePath()
            c.fill()
        } else if let i = banded.first {
            c.setColor(band)
            c.rectangle(xOf(i) - 6, f.y(points[i].bandHigh!), 12, f.y(points[i].bandLow!) - f.y(points[i].bandHigh!))
            c.fill()
        }
        let n = points.count
        c.setColor(TrendChart.whisker)
        c.setLineWidth(1.25)
        for i in order {
            guard let lo = points[i].whiskerLow, let hi = points[i].whiskerHigh, lo.isFinite, hi.isFinite else { continue }
            let x = xOf(i), cap = n <= 40 ? 3.5 : 1.5
            c.line(from: (x, f.y(lo)), to: (x, f.y(hi)))
            c.line(from: (x - cap, f.y(lo)), to: (x + cap, f.y(lo)))
            c.line(from: (x - cap, f.y(hi)), to: (x + cap, f.y(hi)))
        }
        c.setColor(lineColor)
        c.setLineWidth(2.25)
        c.moveTo(xOf(order[0]), f.y(points[order[0]].value))
        for i in order.dropFirst() { c.lineTo(xOf(i), f.y(points[i].value)) }
        c.stroke()
        if n <= 60 {
            for i in order {
                c.circle(xOf(i), f.y(points[i].value), radius: 3.25)
                c.fill()
            }
        }
        for i in order where !points[i].markers.isEmpty {
            let p = points[i]
            let top = [p.value, p.bandHigh, p.whiskerHigh].compactMap { $0 }.filter(\.isFinite).max() ?? p.value
            var y = f.y(top) - 11
            for m in p.markers {
                TrendChart.triangle(c, m, x: xOf(i), y: max(y, f.y1 - 4))
                y -= 14
            }
        }
    }

    /// What the line, band and whiskers are, and the alert markers when any, in rows that fit.
    func legendRows(_ c: Canvas) -> [[(Marker?, String)]] {
        var items: [(Marker?, String)] = [(nil, bandLabel == nil ? "line: one point per run" : "line: median per run")]
        if let bandLabel { items.append((nil, "band: \(bandLabel)")) }
        if let whiskerLabel { items.append((nil, "whiskers: \(whiskerLabel)")) }
        let markers = Set(points.flatMap(\.markers))
        if markers.contains(.regression) { items.append((.regression, "regression alert")) }
        if markers.contains(.improvement) { items.append((.improvement, "improvement alert")) }
        c.setFont(size: ChartStyle.smallFont)
        let maxWidth = TrendChart.width - 2 * ChartStyle.margin
        var rows: [[(Marker?, String)]] = [[]]
        var x = 0.0
        for item in items {
            let w = (item.0 == nil ? 0 : 14) + c.textWidth(item.1)
            if !rows[rows.count - 1].isEmpty && x + 16 + w > maxWidth {
                rows.append([])
                x = 0
            }
            x += (rows[rows.count - 1].isEmpty ? 0 : 16) + w
            rows[rows.count - 1].append(item)
        }
        return rows
    }

    private func drawLegend(_ rows: [[(Marker?, String)]], on c: Canvas) {
        c.setFont(size: ChartStyle.smallFont)
        for (r, row) in rows.enumerated() {
            let y = 41 + Double(r) * 17
            var cx = ChartStyle.margin
            for (k, item) in row.enumerated() {
                if k > 0 {
                    c.setColor(Palette.mutedText)
                    c.text("·", x: cx + 8, y: y, anchor: .middle)
                    cx += 16
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
}
