import StreamProtocols

/// What one read of a response did (see `StreamCapture.read(_:framedBy:at:scratch:)`).
struct HTTP1ResponseRead {
    /// The response ended with this read.
    var complete = false
    /// The stream must stop: a decoding error, an error event, or the deadline (the capture says which).
    var stopped = false
    /// Tokens the read carried.
    var tokens = 0
    /// The bytes broke HTTP/1.1 framing.
    var invalid: HTTP1ParseError?
}

extension StreamCapture {
    /// One read of a response, the per-read step both the `nio` and the `epoll` transports take:
    /// frames `bytes` with `parser` and decodes the body into this capture in the same pass, all
    /// stamped `t` (taken before the read).
    mutating func read(
        _ bytes: UnsafeRawBufferPointer, framedBy parser: inout HTTP1ResponseParser, at t: Int64, scratch: inout [StreamDelta]
    ) -> HTTP1ResponseRead {
        var result = HTTP1ResponseRead()
        do throws(HTTP1ParseError) {
            result.complete = try parser.feed(
                bytes, onHead: { head in self.head(status: head.status, retryAfter: head.retryAfter) },
                onBody: { piece in
                    guard let n = self.body(piece, at: t, scratch: &scratch) else {
                        result.stopped = true
                        return false
                    }
                    result.tokens += n
                    return true
                })
        } catch {
            result.invalid = error
        }
        return result
    }
}
