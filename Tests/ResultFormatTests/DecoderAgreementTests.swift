import Foundation
import Testing

@testable import ResultFormat

/// The fast path (records read straight from the bytes) and the reference path (every record
/// through the value tree) accept and refuse the same files. Inputs found by the result-file
/// fuzz target where they did not.
@Suite struct DecoderAgreementTests {
    @Test(arguments: ["fuzz-duplicate-provider-in-request.json"])
    func bothPathsAgree(_ name: String) throws {
        let bytes = Array(try fixtureText(name).utf8)
        let fast = Result { () throws(ResultFileError) in try ResultFileDecoder.decode(bytes, path: name) }
        let reference = Result { () throws(ResultFileError) in try ResultFileDecoder.decode(bytes, path: name, readingRequestsDirectly: false) }
        switch (fast, reference) {
        case (.failure(let a), .failure(let b)): #expect(a.description == b.description)
        case (.success(let a), .success(let b)): #expect(a == b)
        case (.success, .failure(let e)): Issue.record("only the reference path refuses: \(e)")
        case (.failure(let e), .success): Issue.record("only the fast path refuses: \(e)")
        }
    }
}
