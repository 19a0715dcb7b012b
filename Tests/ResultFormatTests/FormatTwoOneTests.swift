import Foundation
import Testing

@testable import ResultFormat

/// Format 2.1: the optional per-request `server_timings` and the error kind `empty`.
@Suite struct FormatTwoOneTests {
    static func file() throws -> ResultFile {
        var file = try decode(try fixtureText("valid.json"))
        file.schemaVersion = ResultFile.currentSchemaVersion
        file.requests[0].serverTimings = ServerTimings(promptTokens: 31, promptMs: 40.5, decodeTokens: 4, decodeMs: 61.25)
        file.requests[2].error = RequestError(kind: .empty, message: "the server finished (reason: stop) without generating any text")
        return file
    }

    @Test func serverTimingsAndEmptyRoundTripOnBothReadingPaths() throws {
        let file = try Self.file()
        #expect(file.schemaVersion == SchemaVersion(major: 2, minor: 1))
        let bytes = ResultFileEncoder.encode(file)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""server_timings": {"prompt_tokens": 31, "prompt_ms": 40.5, "decode_tokens": 4, "decode_ms": 61.25}"#))
        #expect(text.contains(#""kind": "empty""#))
        let fast = try ResultFileDecoder.decode(bytes, path: "x")
        let tree = try ResultFileDecoder.decode(bytes, path: "x", readingRequestsDirectly: false)
        #expect(fast == file)
        #expect(tree == file)
        #expect(fast.requests[0].serverTimings?.decodeMsPerToken == 61.25 / 4)
        #expect(fast.requests[1].serverTimings == nil)
        #expect(ErrorKind.empty.availabilityClass == .other)
    }

    /// Bad timings are refused with the field named, on both paths (the fast path hands the
    /// record to the full parse, which words the error).
    @Test(arguments: [
        (#""decode_ms": 61.25"#, #""decode_ms": -1"#, "requests[0].server_timings.decode_ms"),
        (#""decode_tokens": 4"#, #""decode_tokens": "4""#, "requests[0].server_timings.decode_tokens"),
        (#""server_timings": {"prompt_tokens": 31, "prompt_ms": 40.5, "decode_tokens": 4, "decode_ms": 61.25}"#, #""server_timings": [1]"#,
         "requests[0].server_timings"),
        (#""prompt_ms": 40.5, "#, "", "requests[0].server_timings.prompt_ms"),
    ])
    func badTimingsNameTheField(original: String, replacement: String, field: String) throws {
        let text = String(decoding: ResultFileEncoder.encode(try Self.file()), as: UTF8.self)
        #expect(text.contains(original))
        let bad = text.replacingOccurrences(of: original, with: replacement)
        for direct in [true, false] {
            do {
                _ = try ResultFileDecoder.decode(Array(bad.utf8), path: "p.json", readingRequestsDirectly: direct)
                Issue.record("accepted bad server_timings: \(replacement)")
            } catch {
                #expect("\(error)".contains(field), "\(error)")
            }
        }
    }

    /// A reader of 2.0 files accepts 2.1 (same major); unknown keys in records are skipped.
    @Test func journalOnlyKeysAreIgnored() throws {
        let text = String(decoding: ResultFileEncoder.encode(try Self.file()), as: UTF8.self)
        let withExtra = text.replacingOccurrences(of: #""id": 1, "#, with: #""id": 1, "token_source": "events", "event_tokens": 3, "#)
        #expect(withExtra != text)
        #expect(try decode(withExtra) == (try Self.file()))
    }
}

/// A fingerprint is a digest token: one carrying a newline and a copy of the README's end
/// marker was written raw into the README, and every later `sitegen` run failed on the
/// duplicated markers.
@Suite struct FingerprintTokenTests {
    @Test(arguments: ["sha256:x\\n<!-- leaderboard:end -->", "sha256:a b", "", "sha256:`x`"])
    func refusedWithTheFieldNamed(_ bad: String) throws {
        let text = String(decoding: ResultFileEncoder.encode(try FormatTwoOneTests.file()), as: UTF8.self)
        let fingerprint = try FormatTwoOneTests.file().workload.fingerprint
        let changed = text.replacingOccurrences(of: "\"\(fingerprint)\"", with: "\"\(bad)\"")
        #expect(changed != text)
        do {
            _ = try decode(changed)
            Issue.record("accepted fingerprint \(bad)")
        } catch {
            #expect("\(error)".contains("workload.fingerprint"), "\(error)")
        }
    }
}

/// A repeated key is an error: a trailing `"requests": []` used to hide every record.
@Suite struct DuplicateKeyTests {
    @Test func aTrailingEmptyRequestsArrayIsRefused() throws {
        var text = String(decoding: ResultFileEncoder.encode(try FormatTwoOneTests.file()), as: UTF8.self)
        let close = try #require(text.lastIndex(of: "}"))
        text.insert(contentsOf: ", \"requests\": []", at: close)
        do {
            let file = try decode(text)
            Issue.record("accepted a duplicate key; \(file.requests.count) requests read")
        } catch {
            #expect("\(error)".contains("duplicate key \"requests\""), "\(error)")
        }
    }

    @Test func aRepeatedKeyInARecordIsRefused() throws {
        let text = String(decoding: ResultFileEncoder.encode(try FormatTwoOneTests.file()), as: UTF8.self)
        let twice = text.replacingOccurrences(of: #""id": 1, "#, with: #""id": 1, "id": 7, "#)
        #expect(twice != text)
        #expect(throws: ResultFileError.self) { try decode(twice) }
    }

    @Test func anImpossibleTokenCountIsRefused() throws {
        let text = String(decoding: ResultFileEncoder.encode(try FormatTwoOneTests.file()), as: UTF8.self)
        let huge = text.replacingOccurrences(of: #""output_tokens": 4,"#, with: #""output_tokens": 9223372036854775807,"#)
        #expect(huge != text)
        do {
            _ = try decode(huge)
            Issue.record("accepted output_tokens 2^63-1")
        } catch {
            #expect("\(error)".contains("output_tokens"), "\(error)")
        }
    }
}

/// Ids are positions in the workload: negative or repeated ids are refused (a repeated one
/// counted a request twice); a file must sit where its slug and run id say.
@Suite struct IdentityTests {
    @Test(arguments: [(#""id": 1, "#, #""id": -1, "#, "must not be negative"), (#""id": 1, "#, #""id": 0, "#, "appears more than once")])
    func badIDs(_ original: String, _ replacement: String, _ why: String) throws {
        let text = String(decoding: ResultFileEncoder.encode(try FormatTwoOneTests.file()), as: UTF8.self)
        let bad = text.replacingOccurrences(of: original, with: replacement)
        #expect(bad != text)
        do {
            _ = try decode(bad)
            Issue.record("accepted \(replacement)")
        } catch {
            #expect("\(error)".contains("requests[1].id") && "\(error)".contains(why), "\(error)")
        }
    }

    @Test func theFileMustSitWhereItsSlugAndRunSay() throws {
        let dir = NSTemporaryDirectory() + "identity-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = try FormatTwoOneTests.file()
        let path = try ResultStore.write(file, in: dir)
        #expect(try ResultStore.loadRun(file.run.id, in: dir).files.count == 1)
        // Renamed: the slug no longer matches the file name.
        let renamed = dir + "/" + file.run.id + "/someone-else.json.gz"
        try FileManager.default.moveItem(atPath: path, toPath: renamed)
        #expect(throws: ResultFileErrors.self) { try ResultStore.loadRun(file.run.id, in: dir) }
        // Moved to another run folder: the run id no longer matches.
        try FileManager.default.createDirectory(atPath: dir + "/2030-01-01T00-00-00Z", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: renamed, toPath: dir + "/2030-01-01T00-00-00Z/" + file.provider.slug + ".json.gz")
        do {
            _ = try ResultStore.loadRun("2030-01-01T00-00-00Z", in: dir)
            Issue.record("accepted a file in another run's folder")
        } catch {
            #expect("\(error)".contains("run.id"), "\(error)")
        }
    }
}

/// Names are shown as they are, so they may not hide characters that change how they read.
@Suite struct HiddenCharacterTests {
    @Test(arguments: ["\u{202E}tsaf", "a\u{2066}b", "tab\there"])
    func refusedInTheProviderName(_ name: String) throws {
        var file = try FormatTwoOneTests.file()
        file.provider.name = name
        do {
            _ = try ResultFileDecoder.decode(ResultFileEncoder.encode(file), path: "x")
            Issue.record("accepted \(name.debugDescription)")
        } catch {
            #expect("\(error)".contains("provider.name") && "\(error)".contains("invisible character"), "\(error)")
        }
    }

    @Test func rightToLeftTextItselfIsFine() throws {
        var file = try FormatTwoOneTests.file()
        file.provider.name = "مزود عربي"
        #expect(try ResultFileDecoder.decode(ResultFileEncoder.encode(file), path: "x").provider.name == "مزود عربي")
    }
}
