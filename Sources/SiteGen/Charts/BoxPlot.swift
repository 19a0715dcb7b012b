import Analysis

/// A horizontal box plot: one row per provider, its name and median above a box from p25 to p75
/// with a line at the median, whiskers from p5 to p95 and a dot at p99. Each box has its
/// provider's colour (`ProviderColors`); the value axis is logarithmic when the plotted values
/// span more than `ValueAxis.logRatio`.
///
/// The README's PNG is drawn `ChartStyle.readmeWidth` wide and the site's SVG
/// `ChartStyle.siteWidth` wide; names and medians sit on their own line above each box, so they
/// never compete with the whiskers for room.
public struct BoxPlot: Sendable {
    public struct Row: Sendable {
        public var label: String
        public var summary: Summary
        /// The provider's slug, which picks its colour; the label when nil.
        public var slug: String?
        public init(label: String, summary: Summary, slug: String? = nil) {
            self.label = label
            self.summary = summary
            self.slug = slug
        }
        var colorKey: String { slug ?? label }
    }

    public var title: String
    /// Axis caption with its unit, e.g. "TTFT (s)".
    public var axisLabel: String
    public var rows: [Row]
    /// Multiply summary values by this before drawing (e.g. 1000 to show seconds as ms).
    public var valueScale: Double = 1
    /// Decimals of the median labels: the metric's, as in the README's and the site's tables.
    public var decimals: Int
    /// Unit after the median labels ("s", "ms"); empty for none.
    public var unit: String
    public var colors: ProviderColors

    public init(
        title: String, axisLabel: String, rows: [Row], valueScale: Double = 1, decimals: Int = 3, unit: String = "",
        colors: ProviderColors? = nil
    ) {
        self.title = title
        self.axisLabel = axisLabel
        self.rows = rows
        self.valueScale = valueScale
        self.decimals = decimals
        self.unit = unit
        self.colors = colors ?? ProviderColors(slugs: rows.map(\.colorKey))
    }

    /// A box plot of `metric`: its axis caption, unit and decimals from the metric registry.
    /// Pass every slug the site knows in `colors`, so each provider keeps its colour everywhere.
    public init(metric: LeaderboardMetric, title: String, rows: [Row], colors: ProviderColors? = nil) {
        self.init(
            title: title, axisLabel: "\(metric.rawValue) (\(metric.unit))", rows: rows, decimals: metric.decimals, unit: metric.unit,
            colors: colors)
    }

    static let rowHeight = 48.0, bottomAxis = 50.0
    /// The legend under the title, wrapped between its parts when the chart is narrow.
    static let legendParts = ["box p25–p75", "line median", "whiskers p5–p95", "dot p99"]

    /// The legend's lines at `width`.
    func legendLines(width: Double, canvas c: Canvas) -> [String] {
        c.setFont(size: ChartStyle.smallFont)
        return ChartText.wrap(BoxPlot.legendParts, separator: " · ", maxWidth: width - 2 * ChartStyle.margin, canvas: c)
    }

    /// Top of the first row under a legend of `legendLines` lines.
    static func top(legendLines: Int) -> Double { 41 + Double(max(legendLines, 1) - 1) * 17 + 18 }

    /// The chart's height at `width`.
    func height(width: Double) throws(GraphicsError) -> Double {
        let lines = legendLines(width: width, canvas: try Canvas(Surface.image(width: 1, height: 1, scale: 1))).count
        return BoxPlot.top(legendLines: lines) + Double(max(rows.count, 1)) * BoxPlot.rowHeight + BoxPlot.bottomAxis
    }

    /// PNG bytes, `ChartStyle.readmeWidth` units wide at `scale` pixels per unit.
    public func png(scale: Double = 2) throws(GraphicsError) -> [UInt8] {
        let width = ChartStyle.readmeWidth
        let surface = try Surface.image(width: width, height: try height(width: width), scale: scale)
        try draw(on: Canvas(surface))
        return try surface.pngData()
    }

    /// An SVG document, `ChartStyle.siteWidth` units wide.
    public func svg() throws(GraphicsError) -> [UInt8] {
        let width = ChartStyle.siteWidth
        let surface = try Surface.svg(width: width, height: try height(width: width))
        try draw(on: Canvas(surface))
        return try surface.svgData()
    }

    /// Every value the axis must show: p5 to p99 of every row.
    var plottedValues: [Double] {
        rows.flatMap { [$0.summary.p5, $0.summary.p25, $0.summary.median, $0.summary.p75, $0.summary.p95, $0.summary.p99] }
            .map { $0 * valueScale }
    }

    /// The value axis, with about one tick per 70 units of width.
    func valueAxis(width: Double) -> ValueAxis {
        ValueAxis(values: plottedValues.isEmpty ? [0, 1] : plottedValues, maxTicks: max(3, Int(width / 70)))
    }

    /// The text above row `i`'s box, right-aligned: its median with the metric's decimals and unit.
    func medianText(_ row: Row) -> String {
        "median " + NumberFormat.fixed(row.summary.median * valueScale, decimals: decimals) + (unit.isEmpty ? "" : " " + unit)
    }

    /// Where things go on a chart of a given width.
    struct Layout {
        var legend: [String]
        /// Ends of the value axis.
        var x0: Double, x1: Double
        var plotTop: Double, plotBottom: Double
        var axis: ValueAxis
        var valueScale: Double
        /// x of a summary value (before `valueScale`).
        func x(_ v: Double) -> Double { axis.position(v * valueScale, from: x0, to: x1) }
        func rowTop(_ i: Int) -> Double { plotTop + Double(i) * BoxPlot.rowHeight }
        /// Baseline of row `i`'s name and median.
        func labelBaseline(_ i: Int) -> Double { rowTop(i) + 17 }
        /// Vertical centre of row `i`'s box.
        func boxCentre(_ i: Int) -> Double { rowTop(i) + 34 }
    }

    func layout(width: Double, canvas c: Canvas) -> Layout {
        let m = ChartStyle.margin
        let x0 = m + 6, x1 = width - m - 6
        let legend = legendLines(width: width, canvas: c)
        let plotTop = BoxPlot.top(legendLines: legend.count)
        return Layout(
            legend: legend, x0: x0, x1: x1, plotTop: plotTop, plotBottom: plotTop + Double(max(rows.count, 1)) * BoxPlot.rowHeight,
            axis: valueAxis(width: x1 - x0), valueScale: valueScale)
    }

    public func draw(on c: Canvas) throws(GraphicsError) {
        let width = c.surface.width
        let m = ChartStyle.margin
        c.paint(Palette.background)
        let l = layout(width: width, canvas: c)
        let (x0, x1, plotTop, plotBottom, axis, legend) = (l.x0, l.x1, l.plotTop, l.plotBottom, l.axis, l.legend)

        c.setColor(Palette.ink)
        c.setFont(size: ChartStyle.titleFont, bold: true)
        c.text(ChartText.fit(title, maxWidth: width - 2 * m, canvas: c), x: m, y: 22)
        c.setFont(size: ChartStyle.smallFont)
        c.setColor(Palette.mutedText)
        for (i, line) in legend.enumerated() { c.text(line, x: m, y: 41 + Double(i) * 17) }

        drawAxis(on: c, axis: axis, x0: x0, x1: x1, plotTop: plotTop, plotBottom: plotBottom, width: width)
        for (i, row) in rows.enumerated() { drawRow(row, on: c, index: i, layout: l) }
        if rows.isEmpty {
            c.setColor(Palette.mutedText)
            c.setFont(size: ChartStyle.textFont)
            c.text("no successful requests to plot", x: (x0 + x1) / 2, y: plotTop + BoxPlot.rowHeight / 2 + 4, anchor: .middle)
        }
        try c.check()
    }

    /// Grid lines, tick labels (kept inside the chart at both ends) and the caption.
    private func drawAxis(on c: Canvas, axis: ValueAxis, x0: Double, x1: Double, plotTop: Double, plotBottom: Double, width: Double) {
        let rowTop = { (i: Int) in plotTop + Double(i) * BoxPlot.rowHeight }
        c.setFont(size: ChartStyle.smallFont)
        for tick in axis.ticks {
            let x = axis.position(tick, from: x0, to: x1)
            c.setColor(Palette.grid)
            c.setLineWidth(1)
            // Only beside the boxes, so no grid line crosses a name or a median.
            for i in rows.indices { c.line(from: (x, rowTop(i) + 21), to: (x, rowTop(i) + BoxPlot.rowHeight)) }
            c.setColor(Palette.mutedText)
            let label = axis.label(tick), w = c.textWidth(label)
            let left = TimeAxis.labelLeft(x: x, width: w, bounds: 4...(width - 4))
            c.text(label, x: left, y: plotBottom + 18)
        }
        c.setColor(Palette.ink)
        c.setLineWidth(1)
        c.line(from: (x0, plotBottom), to: (x1, plotBottom))
        c.setFont(size: ChartStyle.textFont)
        c.text(axis.caption(axisLabel), x: (x0 + x1) / 2, y: plotBottom + 40, anchor: .middle)
    }

    /// Name and median on one line, then the box, whiskers, median line and p99 dot.
    private func drawRow(_ row: Row, on c: Canvas, index i: Int, layout l: Layout) {
        let s = row.summary, x0 = l.x0, x1 = l.x1, p = l.x
        let color = colors.color(for: row.colorKey)
        c.setFont(size: ChartStyle.textFont)
        let median = medianText(row)
        let medianWidth = c.textWidth(median)
        c.setColor(Palette.mutedText)
        c.text(median, x: x1, y: l.labelBaseline(i), anchor: .end)
        c.setColor(Palette.ink)
        c.setFont(size: ChartStyle.textFont, bold: true)
        c.text(ChartText.fit(row.label, maxWidth: x1 - x0 - medianWidth - 12, canvas: c), x: x0 - 4, y: l.labelBaseline(i))

        let cy = l.boxCentre(i), half = 8.0
        // Whiskers p5–p25 and p75–p95 with caps.
        c.setColor(Palette.ink)
        c.setLineWidth(1.25)
        c.line(from: (p(s.p5), cy), to: (p(s.p25), cy))
        c.line(from: (p(s.p75), cy), to: (p(s.p95), cy))
        c.line(from: (p(s.p5), cy - half * 0.6), to: (p(s.p5), cy + half * 0.6))
        c.line(from: (p(s.p95), cy - half * 0.6), to: (p(s.p95), cy + half * 0.6))
        // Box, in the provider's colour.
        c.rectangle(p(s.p25), cy - half, max(p(s.p75) - p(s.p25), 1), 2 * half)
        c.setColor(color.mixed(with: .white, 0.45))
        c.fillPreserve()
        c.setColor(color)
        c.setLineWidth(1.5)
        c.stroke()
        // Median.
        c.setColor(Palette.ink)
        c.setLineWidth(2.5)
        c.line(from: (p(s.median), cy - half - 2), to: (p(s.median), cy + half + 2))
        // p99.
        c.circle(p(s.p99), cy, radius: 3)
        c.fill()
    }
}

/// Text helpers for charts.
enum ChartText {
    /// `text` on one line, shortened with an ellipsis to fit `maxWidth`.
    static func fit(_ text: String, maxWidth: Double, canvas: Canvas) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        if canvas.textWidth(oneLine) <= maxWidth { return oneLine }
        var s = oneLine
        while !s.isEmpty && canvas.textWidth(s + "…") > maxWidth { s.removeLast() }
        return s + "…"
    }

    /// `parts` joined by `separator` into as few lines as fit `maxWidth` (a part wider than that
    /// is shortened with an ellipsis).
    static func wrap(_ parts: [String], separator: String, maxWidth: Double, canvas: Canvas) -> [String] {
        var lines: [String] = []
        var line = ""
        for part in parts {
            let candidate = line.isEmpty ? part : line + separator + part
            if line.isEmpty || canvas.textWidth(candidate) <= maxWidth {
                line = candidate
            } else {
                lines.append(line)
                line = part
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { fit($0, maxWidth: maxWidth, canvas: canvas) }
    }
}
