import Analysis

/// A horizontal box plot: one row per label, box from p25 to p75, a median line, whiskers
/// from p5 to p95, no outlier dots (the original Python pipeline's seaborn settings).
public struct BoxPlot: Sendable {
    public struct Row: Sendable {
        public var label: String
        public var summary: Summary
        public init(label: String, summary: Summary) {
            self.label = label
            self.summary = summary
        }
    }

    public var title: String
    /// Axis caption with its unit, e.g. "TTFT (s)".
    public var axisLabel: String
    public var rows: [Row]
    /// Multiply summary values by this before drawing (e.g. 1000 to show seconds as ms).
    public var valueScale: Double = 1

    public init(title: String, axisLabel: String, rows: [Row], valueScale: Double = 1) {
        self.title = title
        self.axisLabel = axisLabel
        self.rows = rows
        self.valueScale = valueScale
    }

    /// Layout constants, in user units (points).
    static let width = 760.0, rowHeight = 34.0, top = 58.0, bottomAxis = 52.0, rightPad = 24.0
    static let labelFont = 12.0, titleFont = 14.0, tickFont = 11.0

    /// The chart's height for its rows.
    public var height: Double { BoxPlot.top + Double(max(rows.count, 1)) * BoxPlot.rowHeight + BoxPlot.bottomAxis }
    public var width: Double { BoxPlot.width }

    /// PNG bytes at `scale` pixels per unit.
    public func png(scale: Double = 2) throws(GraphicsError) -> [UInt8] {
        let surface = try Surface.image(width: width, height: height, scale: scale)
        try draw(on: Canvas(surface))
        return try surface.pngData()
    }

    /// An SVG document.
    public func svg() throws(GraphicsError) -> [UInt8] {
        let surface = try Surface.svg(width: width, height: height)
        try draw(on: Canvas(surface))
        return try surface.svgData()
    }

    /// A value with three significant digits (at most three decimals): 0.082, 6.54, 24.2, 312.
    static func threeDigits(_ v: Double) -> String {
        let a = abs(v)
        return NumberFormat.fixed(v, decimals: a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3)
    }

    public func draw(on c: Canvas) throws(GraphicsError) {
        c.paint(Palette.background)
        // Left margin: the widest label, so labels are never clipped.
        c.setFont(size: BoxPlot.labelFont)
        let labels = rows.map { ChartText.fit($0.label, maxWidth: 260, canvas: c) }
        let labelWidth = labels.map { c.textWidth($0) }.max() ?? 0
        let x0 = 16 + labelWidth + 12, x1 = width - BoxPlot.rightPad
        let plotTop = BoxPlot.top, plotBottom = BoxPlot.top + Double(max(rows.count, 1)) * BoxPlot.rowHeight

        let lo = rows.map { $0.summary.p5 * valueScale }.min() ?? 0
        let hi = rows.map { $0.summary.p95 * valueScale }.max() ?? 1
        let scale = NiceScale(min: lo, max: hi)

        // Title.
        c.setColor(Palette.ink)
        c.setFont(size: BoxPlot.titleFont, bold: true)
        c.text(ChartText.fit(title, maxWidth: width - 32, canvas: c), x: 16, y: 22)
        c.setFont(size: BoxPlot.tickFont)
        c.setColor(Palette.mutedText)
        c.text("box p25–p75 · line at the median · whiskers p5–p95 · successful requests only", x: 16, y: 40)

        // Grid and ticks.
        c.setFont(size: BoxPlot.tickFont)
        for tick in scale.ticks {
            let x = scale.position(tick, from: x0, to: x1)
            c.setColor(Palette.grid)
            c.setLineWidth(1)
            c.line(from: (x, plotTop), to: (x, plotBottom))
            c.setColor(Palette.mutedText)
            c.text(scale.label(tick), x: x, y: plotBottom + 16, anchor: .middle)
        }
        c.setColor(Palette.ink)
        c.setLineWidth(1)
        c.line(from: (x0, plotBottom), to: (x1, plotBottom))
        c.setFont(size: BoxPlot.labelFont)
        c.text(axisLabel, x: (x0 + x1) / 2, y: plotBottom + 38, anchor: .middle)

        // Rows.
        let colors = Palette.vlag(rows.count)
        for (i, row) in rows.enumerated() {
            let cy = plotTop + (Double(i) + 0.5) * BoxPlot.rowHeight
            let s = row.summary
            let p = { (v: Double) in scale.position(v * self.valueScale, from: x0, to: x1) }
            let boxHalf = BoxPlot.rowHeight * 0.3
            // Whiskers.
            c.setColor(Palette.ink)
            c.setLineWidth(1.25)
            c.line(from: (p(s.p5), cy), to: (p(s.p25), cy))
            c.line(from: (p(s.p75), cy), to: (p(s.p95), cy))
            c.line(from: (p(s.p5), cy - boxHalf * 0.5), to: (p(s.p5), cy + boxHalf * 0.5))
            c.line(from: (p(s.p95), cy - boxHalf * 0.5), to: (p(s.p95), cy + boxHalf * 0.5))
            // Box.
            c.rectangle(p(s.p25), cy - boxHalf, max(p(s.p75) - p(s.p25), 0.5), 2 * boxHalf)
            c.setColor(colors[i])
            c.fillPreserve()
            c.setColor(Palette.ink)
            c.stroke()
            // Median.
            c.setLineWidth(2)
            c.line(from: (p(s.median), cy - boxHalf), to: (p(s.median), cy + boxHalf))
            // Median value beside the whisker, so narrow boxes can still be read.
            c.setFont(size: BoxPlot.tickFont)
            c.setColor(Palette.mutedText)
            let medianText = "median " + Self.threeDigits(s.median * valueScale)
            let textWidth = c.textWidth(medianText)
            if p(s.p95) + 8 + textWidth <= x1 {
                c.text(medianText, x: p(s.p95) + 8, y: cy + 4)
            } else if p(s.p5) - 8 - textWidth >= x0 {
                c.text(medianText, x: p(s.p5) - 8, y: cy + 4, anchor: .end)
            }
            // Label.
            c.setColor(Palette.ink)
            c.setFont(size: BoxPlot.labelFont)
            c.text(labels[i], x: x0 - 12, y: cy + 4, anchor: .end)
        }
        if rows.isEmpty {
            c.setColor(Palette.mutedText)
            c.text("no successful requests to plot", x: (x0 + x1) / 2, y: plotTop + BoxPlot.rowHeight / 2 + 4, anchor: .middle)
        }
        try c.check()
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
}
