import CCairo

/// A Cairo surface (raster image or SVG document) owned by Swift; freed in `deinit`.
///
/// This file and `Canvas.swift` are the only places that call `cairo_*`.
public final class Surface {
    let pointer: OpaquePointer
    private let sink: ByteSink?
    /// Size in user units (points for SVG, pixels / scale for images).
    public let width: Double
    public let height: Double

    private init(pointer: OpaquePointer, sink: ByteSink?, width: Double, height: Double) throws(GraphicsError) {
        self.pointer = pointer
        self.sink = sink
        self.width = width
        self.height = height
        let status = cairo_surface_status(pointer)
        if status != CAIRO_STATUS_SUCCESS {
            cairo_surface_destroy(pointer)
            throw GraphicsError(operation: "create surface", status: status)
        }
    }

    deinit { cairo_surface_destroy(pointer) }

    /// A 32-bit ARGB raster of `width` x `height` user units at `scale` device pixels per unit
    /// (2 gives the "retina" density the README charts use).
    public static func image(width: Double, height: Double, scale: Double = 2) throws(GraphicsError) -> Surface {
        let px = Int32((width * scale).rounded(.up)), py = Int32((height * scale).rounded(.up))
        guard let s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, px, py) else {
            throw GraphicsError(operation: "create image surface", status: CAIRO_STATUS_NO_MEMORY)
        }
        cairo_surface_set_device_scale(s, scale, scale)
        return try Surface(pointer: s, sink: nil, width: width, height: height)
    }

    /// An SVG document of `width` x `height` CSS pixels (`width="420px"` with a matching
    /// `viewBox`), collected in memory.
    public static func svg(width: Double, height: Double) throws(GraphicsError) -> Surface {
        let sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        guard let s = cairo_svg_surface_create_for_stream(writeToSink, closure, width, height) else {
            throw GraphicsError(operation: "create SVG surface", status: CAIRO_STATUS_NO_MEMORY)
        }
        cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1)
        // Width and height in CSS pixels (Cairo's default is points, 4/3 larger), so a chart shown
        // at its own size has the text sizes it was drawn with.
        cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PX)
        return try Surface(pointer: s, sink: sink, width: width, height: height)
    }

    /// PNG bytes of a raster surface (see `PNGEncoder` for why Cairo's own export is not used).
    public func pngData() throws(GraphicsError) -> [UInt8] {
        cairo_surface_flush(pointer)
        guard cairo_image_surface_get_format(pointer) == CAIRO_FORMAT_ARGB32, let data = cairo_image_surface_get_data(pointer)
        else { throw GraphicsError(operation: "pngData on a non-ARGB32 surface", status: CAIRO_STATUS_SURFACE_TYPE_MISMATCH) }
        guard let png = PNGEncoder.encode(
            argb32: UnsafePointer(data), width: Int(cairo_image_surface_get_width(pointer)),
            height: Int(cairo_image_surface_get_height(pointer)), stride: Int(cairo_image_surface_get_stride(pointer)))
        else { throw GraphicsError(operation: "write PNG", status: CAIRO_STATUS_NO_MEMORY) }
        return png
    }

    /// The colour of the device pixel at (`x`, `y`) of a raster surface (alpha premultiplied away),
    /// or nil outside it or on an SVG surface: lets tests check what was drawn where.
    public func pixel(x: Int, y: Int) -> Color? {
        cairo_surface_flush(pointer)
        guard sink == nil, cairo_image_surface_get_format(pointer) == CAIRO_FORMAT_ARGB32,
            let data = cairo_image_surface_get_data(pointer),
            x >= 0, y >= 0, x < Int(cairo_image_surface_get_width(pointer)), y < Int(cairo_image_surface_get_height(pointer))
        else { return nil }
        let p = data + y * Int(cairo_image_surface_get_stride(pointer)) + x * 4
        let a = Double(p[3]) / 255
        guard a > 0 else { return Color(red: 0, green: 0, blue: 0, alpha: 0) }
        return Color(red: Double(p[2]) / 255 / a, green: Double(p[1]) / 255 / a, blue: Double(p[0]) / 255 / a, alpha: a)
    }

    /// Finishes an SVG surface and returns the document.
    public func svgData() throws(GraphicsError) -> [UInt8] {
        guard let sink else { throw GraphicsError(operation: "svgData on a raster surface", status: CAIRO_STATUS_SURFACE_TYPE_MISMATCH) }
        cairo_surface_finish(pointer)
        let status = cairo_surface_status(pointer)
        guard status == CAIRO_STATUS_SUCCESS else { throw GraphicsError(operation: "finish SVG", status: status) }
        return sink.bytes
    }
}

/// Collects bytes that Cairo streams out.
private final class ByteSink {
    var bytes: [UInt8] = []
}

private func writeToSink(
    _ closure: UnsafeMutableRawPointer?, _ data: UnsafePointer<UInt8>?, _ length: UInt32
) -> cairo_status_t {
    guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
    return CAIRO_STATUS_SUCCESS
}

/// A Cairo call that failed, with Cairo's own explanation.
public struct GraphicsError: Error, CustomStringConvertible, Sendable {
    public var operation: String
    public var reason: String

    init(operation: String, status: cairo_status_t) {
        self.operation = operation
        self.reason = String(cString: cairo_status_to_string(status))
    }

    public var description: String { "Cairo: \(operation) failed: \(reason)" }
}
