// The result-file decoder: plain or gzip-compressed bytes to a validated `ResultFile`.
// Properties checked on every input, beyond "no crash":
// - the fast path (request records read straight from the bytes by `RequestArrayReader`) and
//   the reference path (every record through the `JSONValue` tree) agree: both refuse, or both
//   accept with equal files;
// - an accepted file, written back by `ResultFileEncoder`, decodes to the same file (up to what
//   the encoder leaves out on purpose: `chunk_tokens` of all 1s, and a `first_visible_token`
//   equal to `first_token`).
import FuzzSupport
@testable import ResultFormat

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = [UInt8](input(start, count))
    let fast = Result { () throws(ResultFileError) in try ResultFileDecoder.decode(bytes, path: "fuzz.json") }
    let reference = Result { () throws(ResultFileError) in
        try ResultFileDecoder.decode(bytes, path: "fuzz.json", readingRequestsDirectly: false)
    }
    switch (fast, reference) {
    case (.failure, .failure):
        return 0
    case (.success(let a), .success(let b)):
        guard a == b else { violated("fast and reference decoders read the same file", "\(a)\n\(b)") }
        let written = ResultFileEncoder.encode(a)
        do {
            let again = try ResultFileDecoder.decode(written, path: "fuzz.json")
            guard normalized(again) == normalized(a) else { violated("decode(encode(f)) == f", "\(a)\n\(again)") }
        } catch {
            violated("an accepted file, written back, is accepted", "\(error)\n\(String(decoding: written, as: UTF8.self))")
        }
    case (.success, .failure(let e)):
        violated("the reference decoder accepts what the fast one accepts", "\(e)")
    case (.failure(let e), .success):
        violated("the fast decoder accepts what the reference one accepts", "\(e)")
    }
    return 0
}

/// `file` as the encoder writes it: what it leaves out, left out.
func normalized(_ file: ResultFile) -> ResultFile {
    var file = file
    for i in file.requests.indices {
        if file.requests[i].chunkTokens?.allSatisfy({ $0 == 1 }) == true { file.requests[i].chunkTokens = nil }
        if file.requests[i].firstVisibleToken == file.requests[i].firstToken { file.requests[i].firstVisibleToken = nil }
    }
    return file
}
