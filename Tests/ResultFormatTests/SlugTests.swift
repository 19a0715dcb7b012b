import Testing

@testable import ResultFormat

@Suite struct SlugTests {
    @Test func slugsAreSafeAndStable() {
        #expect(Slug.make(from: "OpenAI (GPT-4o)") == "openai-gpt-4o")
        #expect(Slug.make(from: "aws(bedrock)") == "aws-bedrock")
        #expect(Slug.make(from: "../../x") == "x")
        #expect(Slug.make(from: "<script>alert(1)</script>") == "script-alert-1-script")
        #expect(Slug.make(from: "***") == "provider")
        #expect(Slug.isValid("openai-gpt-4o"))
        #expect(!Slug.isValid("a--b"))
        #expect(!Slug.isValid("../x"))
        #expect(!Slug.isSafeRunID(".."))
        #expect(!Slug.isSafeRunID("a/b"))
        #expect(Slug.isSafeRunID("2026-11-30T05-17-35Z"))
    }
}
