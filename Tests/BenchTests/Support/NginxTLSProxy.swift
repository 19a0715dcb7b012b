import TestSupport
import Foundation
import NIOConcurrencyHelpers

/// A real nginx terminating TLS on 127.0.0.1 in front of a plain-HTTP upstream, for tests.
///
/// nginx runs in the foreground (`nginx -p DIR -e DIR/error.log -c DIR/nginx.conf -g 'daemon off;'`)
/// with every path it writes (pid, logs, temp folders) in its own temporary folder, as the
/// current user (root included: then `user` names root, so the worker can use those paths).
/// It listens on a free port with the given certificate and proxies `location /` to the upstream
/// over HTTP/1.1 with keep-alive (`proxy_http_version 1.1`, `proxy_set_header Connection ""`,
/// an `upstream` block with `keepalive`), with `proxy_buffering off` (streams pass as they come)
/// or, when asked, `on` with buffers large enough that a whole short stream is held and then
/// delivered at once, as a misconfigured proxy in front of an LLM server would.
///
/// The access log has one line per request: `$connection $connection_requests $status
/// $request_uri` (see `accessLog()`): the same connection number on several lines means the
/// client reused one TLS connection.
///
///     try await NginxTLSProxy.with(upstreamPort: sim.port, certificate: certs.server) { proxy in
///         // https://127.0.0.1:\(proxy.port)/v1 with ca_file certs.ca
///     }
final class NginxTLSProxy: @unchecked Sendable {  // immutable after start; `process` is only signalled
    struct AccessLogEntry: Equatable, Sendable {
        /// nginx's connection serial number (`$connection`).
        var connection: Int
        /// The request's number on its connection, from 1 (`$connection_requests`).
        var requestOnConnection: Int
        var status: Int
        var uri: String
    }

    /// The port nginx listens on (127.0.0.1).
    let port: Int
    /// nginx's folder: config, pid, logs, temp folders.
    let directory: String
    private let process: Process
    private let stopped = NIOLockedValueBox(false)

    /// `https://127.0.0.1:<port>` followed by `path`.
    func url(_ path: String = "") -> String { "https://127.0.0.1:\(port)" + path }

    private init(port: Int, directory: String, process: Process) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    /// Starts nginx and waits until it accepts connections (up to 10 s).
    /// - Parameters:
    ///   - upstreamPort, upstreamHost: the plain-HTTP server behind it.
    ///   - certificate: its `ssl_certificate` and `ssl_certificate_key`.
    ///   - buffering: `proxy_buffering on` (with large buffers) instead of `off`.
    static func start(
        upstreamPort: Int, upstreamHost: String = "127.0.0.1", certificate: TestCertificates.Pair, buffering: Bool = false
    ) async throws -> NginxTLSProxy {
        let nginx = try ExternalTools.require("nginx")
        var lastError: (any Error)? = nil
        // The port is picked by binding and releasing it; another process may take it before
        // nginx binds it, so a failed start is retried on a new port.
        for _ in 0..<3 {
            let dir = NSTemporaryDirectory() + "bench-nginx-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let port = try freePort()
            let config = configuration(
                directory: dir, port: port, upstream: "\(upstreamHost):\(upstreamPort)", certificate: certificate, buffering: buffering)
            try config.write(toFile: dir + "/nginx.conf", atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: nginx)
            process.arguments = ["-p", dir, "-e", dir + "/error.log", "-c", dir + "/nginx.conf", "-g", "daemon off;"]
            _ = FileManager.default.createFile(atPath: dir + "/output.log", contents: nil)
            let output = FileHandle(forWritingAtPath: dir + "/output.log")
            process.standardOutput = output
            process.standardError = output
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let proxy = NginxTLSProxy(port: port, directory: dir, process: process)
            do {
                try await proxy.waitUntilAccepting(timeout: .seconds(10))
                return proxy
            } catch {
                lastError = error
                await proxy.stop(removingFolder: false)
                if !proxy.errorLog().contains("Address already in use") { break }
                try? FileManager.default.removeItem(atPath: dir)
            }
        }
        throw lastError ?? StartFailed(message: "nginx did not start")
    }

    /// `start`, runs `body`, then stops nginx, whether `body` throws or not.
    static func with<T>(
        upstreamPort: Int, upstreamHost: String = "127.0.0.1", certificate: TestCertificates.Pair, buffering: Bool = false,
        _ body: (NginxTLSProxy) async throws -> T
    ) async throws -> T {
        let proxy = try await start(
            upstreamPort: upstreamPort, upstreamHost: upstreamHost, certificate: certificate, buffering: buffering)
        do {
            let result = try await body(proxy)
            await proxy.stop()
            return result
        } catch {
            await proxy.stop()
            throw error
        }
    }

    /// Stops nginx (SIGTERM: the master stops its worker and exits) and waits for it to exit
    /// without holding a cooperative thread (`Process.exited()`); then deletes its folder.
    func stop() async {
        await stop(removingFolder: true)
    }

    private func stop(removingFolder: Bool) async {
        let first = stopped.withLockedValue { s in
            defer { s = true }
            return !s
        }
        guard first else { return }
        if process.isRunning { process.terminate() }
        await process.exited()
        if removingFolder { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// The access log so far, one entry per finished request, in order.
    func accessLog() -> [AccessLogEntry] {
        let text = (try? String(contentsOfFile: directory + "/access.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let f = line.split(separator: " ", maxSplits: 3)
            guard f.count == 4, let c = Int(f[0]), let n = Int(f[1]), let s = Int(f[2]) else { return nil }
            return AccessLogEntry(connection: c, requestOnConnection: n, status: s, uri: String(f[3]))
        }
    }

    /// nginx's error log (startup problems, upstream errors).
    func errorLog() -> String {
        let log = (try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? ""
        let output = (try? String(contentsOfFile: directory + "/output.log", encoding: .utf8)) ?? ""
        return log + output
    }

    struct StartFailed: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private func waitUntilAccepting(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw StartFailed(message: "nginx exited with \(process.terminationStatus) at start: \(errorLog())")
            }
            if Self.accepts(port: port) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw StartFailed(message: "nginx did not accept connections on 127.0.0.1:\(port) within \(timeout): \(errorLog())")
    }

    /// Whether a TCP connection to 127.0.0.1:`port` is accepted (loopback: answered at once).
    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    private static func freePort() throws -> Int {
        let (fd, port) = try LoopbackListener.open()
        close(fd)
        return port
    }

    /// `user` for a master running as root (else nginx's default, `nobody`, could not write the
    /// temp folders); nginx ignores the directive, with a warning, for other users.
    private static func userDirective() -> String {
        guard geteuid() == 0, let pw = getpwuid(geteuid()), let gr = getgrgid(getegid()) else { return "" }
        return "user \(String(cString: pw.pointee.pw_name)) \(String(cString: gr.pointee.gr_name));"
    }

    static func configuration(
        directory d: String, port: Int, upstream: String, certificate: TestCertificates.Pair, buffering: Bool
    ) -> String {
        let buffers = buffering
            ? """
                    proxy_buffering on;
                    proxy_buffer_size 256k;
                    proxy_buffers 64 256k;
                    proxy_busy_buffers_size 512k;
              """
            : "        proxy_buffering off;"
        return """
            worker_processes 1;
            \(userDirective())
            pid \(d)/nginx.pid;
            error_log \(d)/error.log notice;
            events { worker_connections 1024; }
            http {
                log_format bench '$connection $connection_requests $status $request_uri';
                access_log \(d)/access.log bench;
                client_body_temp_path \(d)/client_body;
                proxy_temp_path \(d)/proxy;
                fastcgi_temp_path \(d)/fastcgi;
                uwsgi_temp_path \(d)/uwsgi;
                scgi_temp_path \(d)/scgi;
                upstream bench_upstream {
                    server \(upstream);
                    keepalive 32;
                }
                server {
                    listen 127.0.0.1:\(port) ssl;
                    ssl_certificate \(certificate.certificate);
                    ssl_certificate_key \(certificate.key);
                    keepalive_timeout 75s;
                    keepalive_requests 100000;
                    client_max_body_size 64m;
                    location / {
                        proxy_pass http://bench_upstream;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_read_timeout 600s;
                        proxy_send_timeout 600s;
            \(buffers)
                    }
                }
            }

            """
    }
}
