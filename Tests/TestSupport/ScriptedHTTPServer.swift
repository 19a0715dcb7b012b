import Foundation
import NIOConcurrencyHelpers

/// An HTTP/1.1 server on 127.0.0.1 that plays a script per request, for transport tests: bytes
/// written at once or one byte per write (so the client's reads split frames anywhere), pauses,
/// a clean close, a reset (RST), or a hang. Keeps the connection for the next request unless the
/// script closes it, and counts the connections it accepted (keep-alive reuse).
public final class ScriptedHTTPServer: @unchecked Sendable {
    public enum Step: Sendable {
        case write(String)
        /// One `write` per byte, with `pauseMicros` between them.
        case writeBytewise(String, pauseMicros: UInt32 = 300)
        case pause(milliseconds: UInt32)
        case close
        /// Close with SO_LINGER 0: the client sees a reset.
        case reset
    }

    public let port: Int
    private let fd: Int32
    private let accepted = NIOLockedValueBox(0)
    private let requests = NIOLockedValueBox(0)

    public var connectionsAccepted: Int { accepted.withLockedValue { $0 } }
    public var requestsServed: Int { requests.withLockedValue { $0 } }
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// - Parameter script: the steps for the `n`-th request (0-based, over all connections).
    public convenience init(script: @escaping @Sendable (_ n: Int) -> [Step]) throws {
        try self.init(respond: { n, _ in script(n) })
    }

    /// - Parameter respond: the steps for the `n`-th request given its head (request line and
    ///   headers, as received).
    public init(respond script: @escaping @Sendable (_ n: Int, _ head: String) -> [Step]) throws {
        let (fd, port) = try LoopbackListener.open()
        self.fd = fd
        self.port = port
        let accepted = self.accepted
        let requests = self.requests
        Thread {
            while true {
                let c = accept(fd, nil, nil)
                if c < 0 { return }
                accepted.withLockedValue { $0 += 1 }
                var one: Int32 = 1
                setsockopt(c, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                Thread {
                    Self.serve(c, requests: requests, script: script)
                }.start()
            }
        }.start()
    }

    public func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    private static func serve(_ c: Int32, requests: NIOLockedValueBox<Int>, script: @Sendable (Int, String) -> [Step]) {
        var pending: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            // Read one request (head, then Content-Length bytes of body).
            var complete = false
            var requestHead = ""
            while !complete {
                if let end = pending.firstRange(of: Array("\r\n\r\n".utf8)) {
                    requestHead = String(decoding: pending[..<end.lowerBound], as: UTF8.self)
                    let head = requestHead.lowercased()
                    let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                    if pending.count - end.upperBound >= length {
                        pending.removeFirst(end.upperBound + length)
                        complete = true
                        break
                    }
                }
                let n = read(c, &buf, buf.count)
                if n <= 0 {
                    close(c)
                    return
                }
                pending += buf[0..<n]
            }
            let n = requests.withLockedValue { r in
                defer { r += 1 }
                return r
            }
            for step in script(n, requestHead) {
                switch step {
                case .write(let text):
                    _ = Array(text.utf8).withUnsafeBytes { send(c, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                case .writeBytewise(let text, let pause):
                    for byte in Array(text.utf8) {
                        var b = byte
                        _ = send(c, &b, 1, Int32(MSG_NOSIGNAL))
                        usleep(pause)
                    }
                case .pause(let ms):
                    usleep(ms * 1000)
                case .close:
                    close(c)
                    return
                case .reset:
                    var l = linger(l_onoff: 1, l_linger: 0)
                    setsockopt(c, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
                    close(c)
                    return
                }
            }
        }
    }
}

/// Response texts for the scripts.
public enum ScriptedResponses {
    public static func event(_ text: String) -> String { "data: {\"choices\":[{\"delta\":{\"content\":\"\(text)\"}}]}\n\n" }
    public static let usage = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":3}}\n\n"
    public static let done = "data: [DONE]\n\n"
    /// The event that says the answer is complete; a stream without one is `truncated`.
    public static let finish = "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
    public static let sseBody = event("a") + event("b") + event("c") + finish + usage + done

    public static func chunk(_ s: String) -> String { String(s.utf8.count, radix: 16) + "\r\n" + s + "\r\n" }

    public static let chunkedHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"

    /// The whole stream, chunked, one event per chunk, with a chunk extension and a trailer.
    public static let chunked = chunkedHead + chunk(event("a")) + "\(String(event("b").utf8.count, radix: 16));ext=1\r\n" + event("b")
        + "\r\n" + chunk(event("c")) + chunk(finish) + chunk(usage) + chunk(done) + "0\r\nX-Trailer: t\r\n\r\n"

    /// The whole stream with a Content-Length (keep-alive).
    public static let contentLength = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: \(sseBody.utf8.count)\r\n\r\n"
        + sseBody

    /// The whole stream delimited by the connection's close.
    public static let untilClose = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n" + sseBody
}
