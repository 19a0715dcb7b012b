/// Every provider's median of one metric across runs, one line per provider in its own colour
/// (`ProviderColors`), x by the run's start time, with a legend and, where given, a translucent
/// band (e.g. the 95% interval of each median). A log value axis when the values span more than
/// `ValueAxis.logRatio`.
///
/// Input is plain values: per provider its slug (which picks the colour), its display name, and
/// per run the start time, the median and optionally the band's low and high ends, in the metric's
/// display unit (TTFT in s, TPOT and ITL in ms, peak TPS in tokens/s). Series are drawn and listed
/// in the order given; points may come in any order. The same input gives the same bytes.
///
/// ```swift
/// let chart = ProviderTrendsChart(metric: .ttft, series: [
///     .init(slug: "acme", name: "Acme", points: [
///         .init(time: CivilTime.epochSeconds(rfc3339: "2026-12-01T06:00:00Z")!, median: 0.41, low: 0.39, high: 0.44),
///         .init(time: CivilTime.epochSeconds(rfc3339: "2026-12-02T06:00:00Z")!, median: 0.38),
///     ]),
/// ], colors: ProviderColors(slugs: allSlugsOfTheSite))
/// let text: String = chart.svg()  // an <svg> document, 420 units wide
/// ```
public struct ProviderTrendsChart: Sendable {
    /// One run of one provider.
    public struct Point: Sendable, Equatable {
        /// The run's start, in seconds since 1970-01-01T00:00:00Z (see `CivilTime.epochSeconds(rfc3339:)`).
        public var time: Double
        public var median: Double
        public var low: Double?
        public var high: Double?
        public init(time: Double, median: Double, low: Double? = nil, high: Double? = nil) {
            self.time = time
            self.median = median
            self.low = low
            self.high = high
        }
    }

    /// One provider's line.
    public struct Series: Sendable, Equatable {
        public var slug: String
        public var name: String
        public var points: [Point]
        public init(slug: String, name: String, points: [Point]) {
            self.slug = slug
            self.name = name
            self.points = points
        }
    }

    /// What is plotted: its short name, unit and the decimals the README and site print it with.
    public struct Quantity: Sendable, Equatable {
        public var name: String
        public var unit: String
        public var decimals: Int
        public init(name: String, unit: String, decimals: Int) {
            self.name = name
            self.unit = unit
            self.decimals = decimals
        }

        /// A latency metric's median (unit and decimals from the metric registry).
        public static func median(_ metric: LeaderboardMetric) -> Quantity {
            Quantity(name: "median \(metric.rawValue)", unit: metric.unit, decimals: metric.decimals)
        }

        /// Peak total tokens per second (one decimal, as in the README).
        public static let peakTotalTPS = Quantity(name: "peak total TPS", unit: "tokens/s", decimals: 1)
    }

    public var quantity: Quantity
    public var series: [Series]
    public var colors: ProviderColors
    /// Legend text for the bands, e.g. "95% CI of the median".
    public var bandLabel: String

    /// The medians of `metric`; colours from `colors` (pass every slug the site knows), or from the
    /// series' own slugs when nil.
    public init(metric: LeaderboardMetric, series: [Series], colors: ProviderColors? = nil, bandLabel: String = "95% CI of the median") {
        self.init(quantity: .median(metric), series: series, colors: colors, bandLabel: bandLabel)
    }

    /// Any per-run quantity, e.g. `.peakTotalTPS`.
    public init(quantity: Quantity, series: [Series], colors: ProviderColors? = nil, bandLabel: String = "95% CI of the median") {
        self.quantity = quantity
        self.series = series
        self.colors = colors ?? ProviderColors(slugs: series.map(\.slug))
        self.bandLabel = bandLabel
    }

    static let width = ChartStyle.siteWidth
    static let plotHeight = 190.0

    /// The SVG document, with order-independent ids. Cairo fails only when out of memory; then the
    /// document is a short SVG that says so (see `render()` for the error itself).
    public func svg() -> String {
        do {
            return try render()
        } catch {
            return #"<svg xmlns="http://www.w3.org/2000/svg" width="420" height="40" viewBox="0 0 420 40"><text x="8" y="24">chart not drawn</text></svg>"#
        }
    }

    /// The SVG document, or Cairo's error.
    public func render() throws(GraphicsError) -> String {
        let measure = try Canvas(Surface.image(width: 1, height: 1, scale: 1))
        let legend = legendLayout(measure)
        let height = legendTop + legend.height + 8
        let surface = try Surface.svg(width: Self.width, height: height)
        let canvas = try Canvas(surface)
        try draw(on: canvas, legend: legend)
        return String(decoding: SVGIdentifiers.normalize(try surface.svgData()), as: UTF8.self)
    }

    var plotTop: Double { 72 }
    var plotBottom: Double { plotTop + Self.plotHeight }
    var legendTop: Double { plotBottom + 62 }

    /// Legend entries placed in rows that fit the width.
    struct LegendLayout {
        var entries: [(index: Int, x: Double, row: Int, text: String)]
        var height: Double
    }

    func legendLayout(_ c: Canvas) -> LegendLayout {
        c.setFont(size: ChartStyle.textFont)
        var entries: [(index: Int, x: Double, row: Int, text: String)] = []
        var x = ChartStyle.margin, row = 0
        let maxX = Self.width - ChartStyle.margin
        for (i, s) in series.enumerated() {
            let text = ChartText.fit(s.name, maxWidth: maxX - ChartStyle.margin - 26, canvas: c)
            let w = 26 + c.textWidth(text)
            if x > ChartStyle.margin && x + w > maxX {
                row += 1
                x = ChartStyle.margin
            }
            entries.append((i, x, row, text))
            x += w + 16
        }
        return LegendLayout(entries: entries, height: Double(series.isEmpty ? 0 : row + 1) * 21)
    }

    func draw(on c: Canvas, legend: LegendLayout) throws(GraphicsError) {
        c.paint(Palette.background)
        let points = series.flatMap(\.points).filter { $0.median.isFinite && $0.time.isFinite }
        let frame = frame(measuringWith: c)

        c.setColor(Palette.ink)
        c.setFont(size: ChartStyle.titleFont, bold: true)
        c.text(ChartText.fit("\(quantity.name.prefix(1).uppercased() + quantity.name.dropFirst()), all providers", maxWidth: Self.width - 2 * ChartStyle.margin, canvas: c), x: ChartStyle.margin, y: 22)
        c.setFont(size: ChartStyle.smallFont)
        c.setColor(Palette.mutedText)
        let banded = series.contains { $0.points.contains { $0.low != nil && $0.high != nil } }
        c.text(banded ? "one point per run · band: \(bandLabel)" : "one point per run", x: ChartStyle.margin, y: 41)

        frame.drawValueAxis(on: c, caption: "\(quantity.name) (\(quantity.unit))")
        if points.isEmpty {
            c.setColor(Palette.mutedText)
            c.text("no runs with data", x: (frame.x0 + frame.x1) / 2, y: (frame.y0 + frame.y1) / 2, anchor: .middle)
            try c.check()
            return
        }
        frame.drawTimeAxis(on: c)
        for s in series { drawBand(s, on: c, frame: frame) }
        for s in series { drawLine(s, on: c, frame: frame) }
        drawLegend(legend, on: c)
        try c.check()
    }

    /// The plot area and its axes: time across, the values (with zero, unless on a log axis) up.
    func frame(measuringWith c: Canvas) -> PlotFrame {
        let points = series.flatMap(\.points).filter { $0.median.isFinite && $0.time.isFinite }
        let values = points.flatMap { [$0.median, $0.low, $0.high].compactMap { $0 } }.filter(\.isFinite)
        let axis = ValueAxis(values: values + (ValueAxis.wantsLog(values) ? [] : [0]), maxTicks: 6)
        let left = ChartStyle.margin + PlotFrame.tickLabelWidth(axis, canvas: c) + 6
        return PlotFrame(
            x0: left, x1: Self.width - ChartStyle.margin - 4, y0: plotBottom, y1: plotTop,
            time: TimeAxis(times: points.map(\.time)), value: axis, canvasWidth: Self.width)
    }

    private func sortedPoints(_ s: Series) -> [Point] {
        s.points.filter { $0.median.isFinite && $0.time.isFinite }.sorted { ($0.time, $0.median) < ($1.time, $1.median) }
    }

    /// The translucent band, one polygon per stretch of consecutive runs that all have both ends.
    private func drawBand(_ s: Series, on c: Canvas, frame f: PlotFrame) {
        var color = colors.color(for: s.slug)
        color.alpha = 0.13
        c.setColor(color)
        var stretch: [Point] = []
        func flush() {
            defer { stretch = [] }
            guard let first = stretch.first else { return }
            if stretch.count == 1 {
                c.rectangle(f.x(first.time) - 3, f.y(first.high!), 6, f.y(first.low!) - f.y(first.high!))
                c.fill()
                return
            }
            c.moveTo(f.x(first.time), f.y(first.high!))
            for p in stretch.dropFirst() { c.lineTo(f.x(p.time), f.y(p.high!)) }
            for p in stretch.reversed() { c.lineTo(f.x(p.time), f.y(p.low!)) }
            c.closePath()
            c.fill()
        }
        for p in sortedPoints(s) {
            if let lo = p.low, let hi = p.high, lo.isFinite, hi.isFinite { stretch.append(p) } else { flush() }
        }
        flush()
    }

    private func drawLine(_ s: Series, on c: Canvas, frame f: PlotFrame) {
        let pts = sortedPoints(s)
        guard let first = pts.first else { return }
        c.setColor(colors.color(for: s.slug))
        c.setLineWidth(2.25)
        c.setDash(colors.dash(for: s.slug))
        c.moveTo(f.x(first.time), f.y(first.median))
        for p in pts.dropFirst() { c.lineTo(f.x(p.time), f.y(p.median)) }
        c.stroke()
        c.setDash([])
        if pts.count <= 60 {
            for p in pts {
                c.circle(f.x(p.time), f.y(p.median), radius: 3.25)
                c.fill()
            }
        }
    }

    private func drawLegend(_ legend: LegendLayout, on c: Canvas) {
        c.setFont(size: ChartStyle.textFont)
        for e in legend.entries {
            let y = legendTop + Double(e.row) * 21
            c.setColor(colors.color(for: series[e.index].slug))
            c.setLineWidth(2.25)
            c.setDash(colors.dash(for: series[e.index].slug))
            c.line(from: (e.x, y - 4), to: (e.x + 20, y - 4))
            c.setDash([])
            c.circle(e.x + 10, y - 4, radius: 3.25)
            c.fill()
            c.setColor(Palette.ink)
            c.text(e.text, x: e.x + 26, y: y)
        }
    }
}
