import CCairo

/// Drawing on a `Surface`, in Swift terms. Owns the `cairo_t`; freed in `deinit`.
public final class Canvas {
    private let cr: OpaquePointer
    /// Kept alive as long as the canvas draws on it.
    public let surface: Surface

    public init(_ surface: Surface) throws(GraphicsError) {
        self.surface = surface
        guard let cr = cairo_create(surface.pointer) else {
            throw GraphicsError(operation: "create context", status: CAIRO_STATUS_NO_MEMORY)
        }
        let status = cairo_status(cr)
        if status != CAIRO_STATUS_SUCCESS {
            cairo_destroy(cr)
            throw GraphicsError(operation: "create context", status: status)
        }
        self.cr = cr
        // Grey-scale antialiasing and no hinting keep raster output independent of the
        // machine's font settings, so the same input gives the same PNG bytes.
        let options = cairo_font_options_create()
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
    }

    deinit { cairo_destroy(cr) }

    /// Non-nil if any drawing call failed; Cairo errors are sticky, so checking once at the end suffices.
    public func check() throws(GraphicsError) {
        let status = cairo_status(cr)
        if status != CAIRO_STATUS_SUCCESS { throw GraphicsError(operation: "draw", status: status) }
    }

    // MARK: State

    public func save() { cairo_save(cr) }
    public func restore() { cairo_restore(cr) }
    public func translate(_ x: Double, _ y: Double) { cairo_translate(cr, x, y) }
    public func rotate(_ radians: Double) { cairo_rotate(cr, radians) }

    public func setColor(_ c: Color) { cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha) }
    public func setLineWidth(_ w: Double) { cairo_set_line_width(cr, w) }
    /// Dashed strokes: lengths of dash, gap, dash... in user units; empty for solid lines.
    public func setDash(_ pattern: [Double]) { cairo_set_dash(cr, pattern, Int32(pattern.count), 0) }

    // MARK: Paths

    public func moveTo(_ x: Double, _ y: Double) { cairo_move_to(cr, x, y) }
    public func lineTo(_ x: Double, _ y: Double) { cairo_line_to(cr, x, y) }
    public func closePath() { cairo_close_path(cr) }
    public func rectangle(_ x: Double, _ y: Double, _ w: Double, _ h: Double) { cairo_rectangle(cr, x, y, w, h) }
    public func circle(_ x: Double, _ y: Double, radius: Double) {
        cairo_new_sub_path(cr)
        cairo_arc(cr, x, y, radius, 0, 2 * Double.pi)
    }

    public func fill() { cairo_fill(cr) }
    public func fillPreserve() { cairo_fill_preserve(cr) }
    public func stroke() { cairo_stroke(cr) }

    /// A straight line, stroked at once.
    public func line(from a: (Double, Double), to b: (Double, Double)) {
        cairo_move_to(cr, a.0, a.1)
        cairo_line_to(cr, b.0, b.1)
        cairo_stroke(cr)
    }

    /// Fills the whole surface.
    public func paint(_ c: Color) {
        setColor(c)
        cairo_paint(cr)
    }

    // MARK: Text

    /// Selects DejaVu Sans (installed with the project) at `size` units.
    public func setFont(size: Double, bold: Bool = false, family: String = "DejaVu Sans") {
        cairo_select_font_face(cr, family, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
    }

    /// Advance width of `text` in the current font.
    public func textWidth(_ text: String) -> Double {
        var e = cairo_text_extents_t()
        cairo_text_extents(cr, text, &e)
        return e.x_advance
    }

    /// Draws `text` with its baseline at `y`, aligned on `x` as `anchor` says.
    public func text(_ text: String, x: Double, y: Double, anchor: TextAnchor = .start) {
        let w = anchor == .start ? 0 : textWidth(text)
        let dx: Double
        switch anchor {
        case .start: dx = 0
        case .middle: dx = -w / 2
        case .end: dx = -w
        }
        cairo_move_to(cr, x + dx, y)
        cairo_show_text(cr, text)
        cairo_new_path(cr)
    }
}

/// Horizontal alignment of text on its anchor point.
public enum TextAnchor: Sendable { case start, middle, end }

/// An sRGB colour with alpha, components 0...1.
public struct Color: Sendable, Equatable {
    public var red: Double, green: Double, blue: Double, alpha: Double
    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }
    /// From `0xRRGGBB`.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(
            red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
            blue: Double(hex & 0xFF) / 255, alpha: alpha)
    }
    public func mixed(with other: Color, _ t: Double) -> Color {
        Color(red: red + (other.red - red) * t, green: green + (other.green - green) * t,
              blue: blue + (other.blue - blue) * t, alpha: alpha + (other.alpha - alpha) * t)
    }
    public static let white = Color(hex: 0xFFFFFF)
    public static let black = Color(hex: 0x000000)
    /// `#rrggbb` for CSS and SVG.
    public var cssHex: String {
        func h(_ v: Double) -> String {
            let n = Int((v * 255).rounded())
            let s = String(n, radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + h(red) + h(green) + h(blue)
    }
}
