import CIntegerList

/// The vectorised reader of comma-separated integers (`CIntegerList`): the chunk-delta arrays
/// that make up most of a result file's bytes. It only takes the plainest shape (1–7 digits and
/// a comma) and stops at anything else, so `JSONParser` keeps every rule and every error.
enum IntegerListScanner {
    /// Whether this CPU can run it (x86-64 with AVX2); elsewhere the scalar loop does all.
    static let isAvailable: Bool = lb_integer_list_scanner_available() != 0

    /// Reads the comma-terminated integers from `position` into `out`: how many, and where it
    /// stopped (the start of the first number it did not take).
    @inline(__always)
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from position: Int, into out: UnsafeMutablePointer<Int64>) -> (count: Int, stop: Int) {
        var stop = 0
        let n = lb_scan_comma_integers(bytes.baseAddress!, bytes.count, position, out, &stop)
        return (n, stop)
    }
}
