/// The plot area of a chart with a time axis across and a value axis up, and the drawing of both
/// axes (grid lines, ticks, labels, captions).
struct PlotFrame {
    /// Left and right ends of the time axis.
    var x0: Double, x1: Double
    /// Bottom (`y0`) and top (`y1`) of the value axis; `y0 > y1` in Cairo's coordinates.
    var y0: Double, y1: Double
    var time: TimeAxis
    var value: ValueAxis
    /// Width of the whole chart: time labels may reach into the margins but not past it.
    var canvasWidth: Double

    func x(_ t: Double) -> Double { time.position(t, from: x0, to: x1) }
    func y(_ v: Double) -> Double { value.position(v, from: y0, to: y1) }

    /// Width of the widest tick label of `value` in the text font: the left margin it needs.
    static func tickLabelWidth(_ value: ValueAxis, canvas c: Canvas) -> Double {
        c.setFont(size: ChartStyle.smallFont)
        return value.ticks.map { c.textWidth(value.label($0)) }.max() ?? 0
    }

    /// Horizontal grid lines with their labels left of the plot, the caption above the plot's
    /// top-left corner, the base line.
    func drawValueAxis(on c: Canvas, caption: String) {
        c.setFont(size: ChartStyle.smallFont)
        for tick in value.ticks {
            let yy = y(tick)
            c.setColor(Palette.grid)
            c.setLineWidth(1)
            c.line(from: (x0, yy), to: (x1, yy))
            c.setColor(Palette.mutedText)
            c.text(value.label(tick), x: x0 - 5, y: yy + 4, anchor: .end)
        }
        c.setColor(Palette.ink)
        c.setLineWidth(1)
        c.line(from: (x0, y0), to: (x1, y0))
        c.setFont(size: ChartStyle.smallFont)
        c.setColor(Palette.mutedText)
        c.text(value.caption(caption), x: ChartStyle.margin, y: y1 - 12)
    }

    /// Tick marks and labels under the base line at round times that do not collide, and the
    /// caption under them. Returns the y of the caption's baseline.
    @discardableResult
    func drawTimeAxis(on c: Canvas) -> Double {
        c.setFont(size: ChartStyle.smallFont)
        let bounds = 4...(canvasWidth - 4)
        let (ticks, caption) = time.ticks(from: x0, to: x1, bounds: bounds) { c.textWidth($0) }
        c.setColor(Palette.mutedText)
        c.setLineWidth(1)
        for tick in ticks {
            let xx = x(tick.time)
            c.line(from: (xx, y0), to: (xx, y0 + 4))
            c.text(tick.label, x: TimeAxis.labelLeft(x: xx, width: c.textWidth(tick.label), bounds: bounds), y: y0 + 19)
        }
        c.text(caption, x: (x0 + x1) / 2, y: y0 + 38, anchor: .middle)
        return y0 + 38
    }
}
