import Foundation
import Testing

@testable import ResultFormat

/// Each kind of bad input gives an error naming the file and the field at fault.
@Suite struct ResultFileValidationTests {
    /// Decodes the fixture with `old` replaced by `new`, expecting a failure.
    func failure(replacing old: String, with new: String) throws -> ResultFileError {
        let text = try fixtureText("valid.json")
        #expect(text.contains(old), "fixture lacks \(old)")
        do {
            _ = try decode(text.replacingOccurrences(of: old, with: new), path: "results/r1/bad.json")
        } catch {
            #expect(error.path == "results/r1/bad.json")
            #expect(error.description.hasPrefix("results/r1/bad.json: "))
            return error
        }
        Issue.record("expected a failure for \(old) -> \(new)")
        throw CancellationError()
    }

    @Test func malformedJSONNamesLineAndField() throws {
        let e = try failure(replacing: "\"sent\": 150,", with: "\"sent\": 150,,")
        guard case .syntax(let s) = e.problem else { Issue.record("\(e)"); return }
        #expect(s.line == 11)
        #expect(s.path == "requests[0]")
    }

    @Test func truncatedFile() throws {
        let text = try fixtureText("valid.json")
        #expect {
            try decode(String(text.prefix(text.count / 2)))
        } throws: { error in
            guard let e = error as? ResultFileError, case .syntax(let s) = e.problem else { return false }
            return s.reason.contains("truncated")
        }
    }

    @Test func emptyFile() {
        #expect(throws: ResultFileError.self) { try decode("") }
    }

    @Test func unknownMajorVersion() throws {
        let e = try failure(replacing: "\"schema_version\": \"1.0\"", with: "\"schema_version\": \"3.0\"")
        #expect(e.problem == .unsupportedVersion("3.0"))
        #expect(e.description.contains("not supported"))
    }

    @Test func missingField() throws {
        let e = try failure(replacing: "\"model\": \"sim-fast\"", with: "\"modelx\": \"sim-fast\"")
        #expect(e.problem == .missingField("provider.model"))
        #expect(e.field == "provider.model")
    }

    @Test func missingRequestField() throws {
        let e = try failure(replacing: "{\"id\": 1, \"scheduled\": 100000, ", with: "{\"id\": 1, ")
        #expect(e.field == "requests[1].scheduled")
    }

    @Test func negativeTime() throws {
        let e = try failure(replacing: "\"sent\": 150,", with: "\"sent\": -150,")
        #expect(e.field == "requests[0].sent")
        #expect(e.description.contains("negative"))
    }

    @Test func nonFiniteTimes() throws {
        let e1 = try failure(replacing: "\"sent\": 150,", with: "\"sent\": NaN,")
        #expect(e1.field == "requests[0].sent")
        let e2 = try failure(replacing: "\"sent\": 150,", with: "\"sent\": 1e400,")
        #expect(e2.field == "requests[0].sent")
        #expect(e2.description.contains("not finite"))
        let e3 = try failure(replacing: "\"sent\": 150,", with: "\"sent\": 150.5,")
        #expect(e3.field == "requests[0].sent")
    }

    @Test func firstTokenBeforeSent() throws {
        let e = try failure(replacing: "\"first_token\": 200150", with: "\"first_token\": 100")
        #expect(e.field == "requests[0].first_token")
        #expect(e.description.contains("before sent"))
    }

    @Test func chunkAfterEnd() throws {
        let e = try failure(replacing: "\"end\": 260150", with: "\"end\": 250150")
        #expect(e.field == "requests[0].chunks")
    }

    @Test func negativeChunkDelta() throws {
        let e = try failure(replacing: "[200000,20000,20000,20000]", with: "[200000,-20000,20000,20000]")
        #expect(e.field == "requests[0].chunks[1]")
    }

    @Test func overflowingChunkTimeIsAnErrorNotACrash() throws {
        let e = try failure(replacing: "[200000,20000,20000,20000]", with: "[200000,9223372036854775000,20000,20000]")
        #expect(e.field == "requests[0].chunks[1]")
        #expect(e.description.contains("overflows"))
    }

    /// Older benches wrote an empty completion as a success with no first token: one such record
    /// refused the whole results folder. It now reads as what it is, a failed `empty` request.
    @Test func successWithoutFirstTokenReadsAsAnEmptyCompletion() throws {
        let text = try fixtureText("valid.json").replacingOccurrences(of: "\"first_token\": 200150", with: "\"first_token\": null")
        let file = try decode(text, path: "results/r1/old.json")
        let error = try #require(file.requests[0].error)
        #expect(error.kind == .empty)
        #expect(error.message.contains("empty completion"))
        #expect(file.requests.dropFirst().allSatisfy { $0.error?.kind != .empty })
    }

    @Test func unknownErrorKind() throws {
        let e = try failure(replacing: "\"kind\": \"rate_limited\"", with: "\"kind\": \"oops\"")
        #expect(e.field == "requests[2].error.kind")
    }

    @Test func badSlugAndRunID() throws {
        let e1 = try failure(replacing: "\"slug\": \"fixture-provider-one\"", with: "\"slug\": \"../../x\"")
        #expect(e1.field == "provider.slug")
        let e2 = try failure(replacing: "\"id\": \"2026-11-30T05-17-35Z\"", with: "\"id\": \"../up\"")
        #expect(e2.field == "run.id")
    }

    @Test func notAResultFile() throws {
        #expect {
            try decode("{\"name\": \"package.json\", \"version\": \"1.0.0\"}")
        } throws: { ($0 as? ResultFileError)?.problem == .notAResultFile }
        #expect {
            try decode("[1, 2, 3]")
        } throws: { ($0 as? ResultFileError)?.problem == .notAResultFile }
    }

    @Test func wrongType() throws {
        let e = try failure(replacing: "\"output_tokens\": 4,", with: "\"output_tokens\": \"4\",")
        #expect(e.field == "requests[0].output_tokens")
        #expect(e.description.contains("expected an integer, found string"))
    }
}
