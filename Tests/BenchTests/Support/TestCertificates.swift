import Foundation

/// Certificates for TLS tests, made with the `openssl` command line (OpenSSL 3.0 or later) in a
/// temporary folder: a test CA, and server certificates signed by it or not.
///
/// `ca` is what a client trusts (bench's `ca_file`); each `Pair` is a certificate and its key for
/// a server (nginx's `ssl_certificate` / `ssl_certificate_key`). Keys are EC P-256 (fast to make).
///
///     let certs = try TestCertificates.make()
///     defer { certs.remove() }
///     let proxy = try await NginxTLSProxy.start(upstreamPort: port, certificate: certs.server)
struct TestCertificates: Sendable {
    struct Pair: Sendable {
        /// PEM certificate.
        var certificate: String
        /// PEM private key (unencrypted).
        var key: String
    }

    /// The folder holding every file (removed by `remove()`).
    let directory: String
    /// The test CA's certificate (PEM): trust this one.
    let ca: String
    /// A second CA's certificate, which tests do not trust.
    let otherCA: String
    /// For 127.0.0.1 and localhost (subjectAltName IP and DNS), signed by `ca`, valid 10 years.
    let server: Pair
    /// Same names, signed by `ca`, but expired (valid 2020-01-01 to 2020-01-02).
    let expired: Pair
    /// For `wrong.example` only (no IP), signed by `ca`.
    let wrongHost: Pair
    /// For 127.0.0.1 and localhost, valid, but signed by `otherCA`.
    let untrusted: Pair

    /// Makes them all in a new temporary folder.
    static func make() throws -> TestCertificates {
        let openssl = try ExternalTools.require("openssl")
        let dir = NSTemporaryDirectory() + "bench-certs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        do {
            let maker = Maker(openssl: openssl, directory: dir)
            try maker.writeConfig()
            let ca = try maker.makeCA("ca", commonName: "bench test CA")
            let otherCA = try maker.makeCA("other-ca", commonName: "bench untrusted test CA")
            let localNames = "IP:127.0.0.1, DNS:localhost"
            return TestCertificates(
                directory: dir, ca: ca, otherCA: otherCA,
                server: try maker.makeLeaf("server", commonName: "127.0.0.1", names: localNames, ca: "ca"),
                expired: try maker.makeLeaf(
                    "expired", commonName: "127.0.0.1", names: localNames, ca: "ca", dates: ("200101000000Z", "200102000000Z")),
                wrongHost: try maker.makeLeaf("wrong-host", commonName: "wrong.example", names: "DNS:wrong.example", ca: "ca"),
                untrusted: try maker.makeLeaf("untrusted", commonName: "127.0.0.1", names: localNames, ca: "other-ca"))
        } catch {
            try? FileManager.default.removeItem(atPath: dir)
            throw error
        }
    }

    /// Deletes the folder.
    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The `openssl` runs. Each CA signs with `openssl ca` (its own database folder), which takes
    /// explicit `-startdate`/`-enddate` in OpenSSL 3.0 (`openssl x509 -not_before` is 3.4+).
    private struct Maker {
        let openssl: String
        let directory: String

        /// One config for `req` and `ca`; which CA signs is chosen with `-name`.
        func writeConfig() throws {
            var text = """
                [ req ]
                distinguished_name = dn
                prompt = no
                [ dn ]
                CN = unused
                [ ca_ext ]
                basicConstraints = critical, CA:TRUE
                keyUsage = critical, keyCertSign, cRLSign
                subjectKeyIdentifier = hash

                """
            for name in ["ca", "other-ca"] {
                text += """
                    [ \(Self.section(name)) ]
                    database = ./\(name).db/index.txt
                    new_certs_dir = ./\(name).db
                    serial = ./\(name).db/serial
                    default_md = sha256
                    policy = any_name
                    unique_subject = no
                    email_in_dn = no
                    copy_extensions = none

                    """
            }
            text += "[ any_name ]\ncommonName = supplied\n"
            try text.write(toFile: directory + "/openssl.cnf", atomically: true, encoding: .utf8)
        }

        /// A self-signed CA: `<name>.pem`, `<name>.key` and its database folder.
        func makeCA(_ name: String, commonName: String) throws -> String {
            let db = directory + "/\(name).db"
            try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: true)
            try "".write(toFile: db + "/index.txt", atomically: true, encoding: .utf8)
            try "01\n".write(toFile: db + "/serial", atomically: true, encoding: .utf8)
            try run([
                "req", "-x509", "-config", "openssl.cnf", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "\(name).key", "-out", "\(name).pem", "-days", "3650", "-subj", "/CN=\(commonName)", "-extensions", "ca_ext",
            ])
            return directory + "/\(name).pem"
        }

        /// A server certificate for `names` (a subjectAltName value), signed by the CA `ca`,
        /// valid 10 years from now, or between `dates` (YYMMDDHHMMSSZ).
        func makeLeaf(_ name: String, commonName: String, names: String, ca: String, dates: (String, String)? = nil) throws -> Pair {
            let ext = """
                [ leaf ]
                basicConstraints = critical, CA:FALSE
                keyUsage = critical, digitalSignature
                extendedKeyUsage = serverAuth
                subjectAltName = \(names)

                """
            try ext.write(toFile: directory + "/\(name).ext", atomically: true, encoding: .utf8)
            try run([
                "req", "-new", "-config", "openssl.cnf", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(commonName)",
            ])
            var sign = [
                "ca", "-batch", "-config", "openssl.cnf", "-name", Self.section(ca), "-cert", "\(ca).pem", "-keyfile", "\(ca).key",
                "-in", "\(name).csr", "-out", "\(name).pem", "-notext", "-extfile", "\(name).ext", "-extensions", "leaf",
            ]
            if let (start, end) = dates {
                sign += ["-startdate", start, "-enddate", end]
            } else {
                sign += ["-days", "3650"]
            }
            try run(sign)
            return Pair(certificate: directory + "/\(name).pem", key: directory + "/\(name).key")
        }

        /// The config section of the CA `name` (for `openssl ca -name`).
        static func section(_ name: String) -> String { "sign_" + name.replacingOccurrences(of: "-", with: "_") }

        private func run(_ arguments: [String]) throws {
            // OPENSSL_CONF: never the system's config (its defaults differ between distributions).
            var environment = ProcessInfo.processInfo.environment
            environment["OPENSSL_CONF"] = directory + "/openssl.cnf"
            try ExternalTools.run(openssl, arguments, in: directory, environment: environment)
        }
    }
}
