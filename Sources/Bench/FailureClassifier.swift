import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import ResultFormat
import StreamProtocols

/// Maps what went wrong with a request to an `ErrorKind` and a short, secret-free message.
public enum FailureClassifier {
    /// The kind for an HTTP error status.
    public static func kind(forStatus status: Int) -> ErrorKind {
        switch status {
        case 429: return .rateLimited
        case 400..<500: return .httpClient
        case 500..<600: return .httpServer
        default: return .other
        }
    }

    /// `Retry-After` as seconds: delta-seconds, or an HTTP date relative to `now`.
    public static func retryAfterSeconds(_ value: String?, now: Date = Date()) -> Double? {
        guard let v = value?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
        if let s = Double(v), s.isFinite, s >= 0 { return s }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let d = f.date(from: v) { return max(0, d.timeIntervalSince(now).rounded()) }
        return nil
    }

    /// Classifies a thrown error. `afterResponseHead` separates failures to connect (before any
    /// response) from resets mid-stream.
    public static func classify(
        _ error: any Error, afterResponseHead: Bool, stallTimeoutSeconds: Double, cancelled: Bool
    ) -> (ErrorKind, String) {
        if cancelled || error is CancellationError {
            return (.cancelled, "the run was interrupted before the request finished")
        }
        if let e = error as? StreamProtocolError {
            switch e.kind {
            case .truncatedFrame: return (.truncated, e.message)
            case .invalidRequest: return (.other, "request could not be built: \(e.message)")
            default: return (.malformed, e.description)
            }
        }
        if let e = error as? TransportError {
            switch e {
            case .stalled: return (.timeout, "stalled: no bytes for \(format(stallTimeoutSeconds)) s (stall timeout)")
            case .deadlineExceeded: return (.timeout, "request timeout elapsed")
            case .closed(let afterHead):
                return afterHead ? (.reset, "stream ended at an unexpected time") : (.connect, "connection closed before a response")
            case .unresolved(let host): return (.connect, "could not resolve \(host)")
            case .invalidResponse(let parse): return (afterResponseHead ? .reset : .connect, parse.description)
            }
        }
        if let e = error as? ChannelError, case .connectTimeout = e { return (.connect, "connect timeout") }
        if let e = error as? NIOConnectionError {
            if let io = e.connectionErrors.lazy.compactMap({ $0.error as? IOError }).first {
                if io.errnoCode == EMFILE || io.errnoCode == ENFILE {
                    return (.connect, "out of file descriptors (\(io.errnoCode)); raise `ulimit -n`")
                }
                return (.connect, "I/O error: \(String(cString: strerror(io.errnoCode)))")
            }
            if let first = e.connectionErrors.first { return (.connect, "connect to \(e.host):\(e.port) failed: \(first.error)") }
            return (.connect, "could not resolve \(e.host)")
        }
        if let e = error as? TLSHandshakeFailure { return (.connect, e.description) }
        if error is NIOSSLError || error is BoringSSLError {
            return (afterResponseHead ? .reset : .connect, "TLS error: \(error)")
        }
        if let e = error as? IOError {
            if e.errnoCode == EMFILE || e.errnoCode == ENFILE {
                return (.connect, "out of file descriptors (\(e.errnoCode)); raise `ulimit -n`")
            }
            return (afterResponseHead ? .reset : .connect, "I/O error: \(String(cString: strerror(e.errnoCode)))")
        }
        let text = String(describing: error)
        return (afterResponseHead ? .reset : .connect, text)
    }

    static func format(_ s: Double) -> String { s == s.rounded() ? String(Int(s)) : String(s) }
}
