import Foundation

/// A tiny blocking HTTP/1.1 server on 127.0.0.1 for tests that need a misbehaving endpoint
/// (echoing headers, ending a stream without its end marker). One thread, one connection at a
/// time; each response closes its connection.
public final class RawHTTPServer: @unchecked Sendable {
    public let port: Int
    private let fd: Int32
    private let handler: @Sendable (String) -> [UInt8]
    private var thread: Thread?

    /// - Parameter answerAtOnce: write the response as soon as a connection is accepted, without
    ///   reading the request (for a client that waits for the server first, e.g. a TLS handshake).
    public init(answerAtOnce: Bool = false, handler: @escaping @Sendable (_ request: String) -> [UInt8]) throws {
        self.handler = handler
        let (fd, port) = try LoopbackListener.open()
        self.fd = fd
        let t = Thread { [fd, handler] in
            while true {
                let c = accept(fd, nil, nil)
                if c < 0 { return }
                var data: [UInt8] = []
                var buf = [UInt8](repeating: 0, count: 65536)
                while !answerAtOnce {
                    let n = read(c, &buf, buf.count)
                    if n <= 0 { break }
                    data += buf[0..<n]
                    if let text = String(bytes: data, encoding: .utf8), let headEnd = text.range(of: "\r\n\r\n") {
                        let head = text[..<headEnd.lowerBound].lowercased()
                        let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                        if text.utf8.count - text[..<headEnd.upperBound].utf8.count >= length { break }
                    }
                }
                let response = handler(String(decoding: data, as: UTF8.self))
                _ = response.withUnsafeBytes { write(c, $0.baseAddress, $0.count) }
                close(c)
            }
        }
        self.port = port
        thread = t
        t.start()
    }

    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    public func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    public static func response(status: String, headers: [String] = [], body: String) -> [UInt8] {
        var text = "HTTP/1.1 \(status)\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n"
        for h in headers { text += h + "\r\n" }
        return Array((text + "\r\n" + body).utf8)
    }
}
