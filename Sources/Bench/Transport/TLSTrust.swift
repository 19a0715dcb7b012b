import Foundation
import NIOConcurrencyHelpers
import NIOSSL

/// What a TLS connection trusts: the system's trust store, plus the CA certificates of a
/// provider's `ca_file` when it has one. The `nio` transport keeps one `NIOSSLContext` per set.
enum TLSTrust {
    /// Checks a `ca_file` at load: it must be readable and hold at least one PEM certificate.
    /// Returns the problem in plain words, or nil when the file is fine.
    static func problem(withCAFile path: String) -> String? {
        guard FileManager.default.isReadableFile(atPath: path) else { return "cannot read \(path)" }
        guard let certificates = try? NIOSSLCertificate.fromPEMFile(path), !certificates.isEmpty else {
            return "\(path) is not a PEM file of certificates"
        }
        return nil
    }

    /// The client configuration for `caFile`: the system store (NIOSSL's default) with the
    /// file's certificates added to it; certificate and host-name verification on.
    static func configuration(caFile: String?) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile {
            configuration.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(caFile))]
        }
        return configuration
    }

    /// TLS contexts by `ca_file` (nil: the system store alone), made on first use: loading the
    /// system's trust roots is not free, and every connection with the same roots shares one.
    final class Contexts: Sendable {
        private let made = NIOLockedValueBox<[String?: NIOSSLContext]>([:])

        func context(caFile: String?) throws -> NIOSSLContext {
            try made.withLockedValue { all in
                if let context = all[caFile] { return context }
                let context = try NIOSSLContext(configuration: try TLSTrust.configuration(caFile: caFile))
                all[caFile] = context
                return context
            }
        }
    }
}
