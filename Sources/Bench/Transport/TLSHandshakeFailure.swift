import Foundation
import NIOSSL

/// A TLS handshake that failed, with the reason in plain words.
///
/// NIOSSL reports every certificate problem alike (`handshakeFailed(sslError([...
/// CERTIFICATE_VERIFY_FAILED]))`), without BoringSSL's verify result. So when verification failed,
/// the reason is read off the certificate the server presented (still held by the TLS handler
/// when it reports the error): outside its validity dates means expired (or not yet valid),
/// otherwise its chain does not lead to a trusted root (unknown issuer, self-signed, or not a CA).
/// A host-name mismatch is NIOSSL's own `failedToValidateHostname`, checked after the handshake.
struct TLSHandshakeFailure: Error, Equatable, CustomStringConvertible {
    enum Reason: Equatable {
        case untrusted
        case expired(notAfter: Int)
        case notYetValid(notBefore: Int)
        case hostNameMismatch
        /// Verification failed but the server's certificate could not be read to say why.
        case unverified(String)
    }

    var reason: Reason
    var host: String
    var port: Int

    var description: String {
        let place = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        switch reason {
        case .untrusted: return "TLS: certificate is not trusted (unknown issuer) for \(place)"
        case .expired(let t): return "TLS: certificate expired (not valid after \(Self.date(t))) for \(place)"
        case .notYetValid(let t): return "TLS: certificate is not yet valid (not valid before \(Self.date(t))) for \(place)"
        case .hostNameMismatch: return "TLS: certificate does not match host name \(host) (\(place))"
        case .unverified(let what): return "TLS: certificate verification failed for \(place): \(what)"
        }
    }

    /// The failure `error` stands for, if it is a failed certificate verification or host-name
    /// check (other handshake failures keep NIOSSL's error, `FailureClassifier`'s "TLS error: ...");
    /// `peer` is the certificate the server presented, if the TLS handler still has it.
    init?(_ error: any Error, peer: NIOSSLCertificate?, host: String, port: Int, now: Int = Int(time(nil))) {
        self.host = host
        self.port = port
        if let e = error as? NIOSSLExtraError, e == .failedToValidateHostname {
            reason = .hostNameMismatch
            return
        }
        guard let e = error as? NIOSSLError, case .handshakeFailed(let boring) = e else { return nil }
        let text = String(describing: boring)
        guard text.contains("CERTIFICATE_VERIFY_FAILED") else { return nil }
        guard let peer else {
            reason = .unverified(text)
            return
        }
        let notAfter = Int(peer.notValidAfter)
        let notBefore = Int(peer.notValidBefore)
        if now > notAfter {
            reason = .expired(notAfter: notAfter)
        } else if now < notBefore {
            reason = .notYetValid(notBefore: notBefore)
        } else {
            reason = .untrusted
        }
    }

    private static func date(_ t: Int) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(t)))
    }
}
