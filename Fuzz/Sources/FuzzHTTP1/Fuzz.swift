// The HTTP/1.1 response parser of the `nio` and `epoll` transports. The first byte chooses how
// the response is cut into reads; the rest is the response. Properties checked, beyond "no
// crash": the head, the body bytes, completion and the error (if any) are the same whether the
// response comes in one read or in pieces, and after the connection's end; a Content-Length
// body is exactly that long.
import FuzzSupport
@testable import Bench

struct Outcome: Equatable {
    var head: HTTP1ResponseParser.Head?
    var heads = 0
    var body: [UInt8] = []
    var complete = false
    var error: HTTP1ParseError?
    var eofError: HTTP1ParseError?
}

func parse(_ response: UnsafeRawBufferPointer, _ pieces: [Range<Int>]) -> Outcome {
    var parser = HTTP1ResponseParser()
    var out = Outcome()
    do {
        for piece in pieces {
            out.complete = try parser.feed(
                UnsafeRawBufferPointer(rebasing: response[piece]),
                onHead: { out.head = $0; out.heads += 1 },
                onBody: { out.body += $0; return true })
            if out.complete { break }
        }
    } catch {
        out.error = error
        return out
    }
    do { try parser.finishAtEOF() } catch { out.eofError = error }
    guard parser.head == out.head else { violated("parser.head is the head handed to onHead") }
    return out
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let (control, response) = split(input(start, count)) else { return 0 }
    let pieces = cuts(response.count, seed: UInt64(control) &* 0x1_0000_0001 &+ UInt64(response.count))
    let whole = parse(response, [0..<response.count])
    let split = parse(response, pieces)
    guard whole == split else { violated("the parse does not depend on how the response is cut", "whole \(whole)\nsplit \(split)\n\(pieces)") }
    guard whole.heads <= 1 else { violated("one final head at most") }
    if whole.error == nil, let head = whole.head, case .contentLength(let n) = head.framing, whole.complete {
        guard whole.body.count == n else { violated("a complete Content-Length body has that length", "\(whole.body.count) != \(n)") }
    }
    return 0
}
