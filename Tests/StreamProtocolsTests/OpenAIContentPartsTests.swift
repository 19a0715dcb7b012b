import Testing

@testable import StreamProtocols

@Suite struct OpenAIContentPartsTests {
    @Test func contentPartsArrays() throws {
        // Mistral-style (magistral) chunks: content as an array of parts.
        let s = """
            data: {"choices":[{"delta":{"content":[{"type":"thinking","thinking":[{"type":"text","text":"Hmm"}]}]}}]}

            data: {"choices":[{"delta":{"content":[{"type":"text","text":"Yes"},{"type":"text","text":""}]}}]}


            """
        #expect(try decode(.openAIChat, s).deltas == [.reasoning("Hmm", tokens: nil), .text("Yes", tokens: nil)])
    }

    @Test func feedIntoReusedArray() throws {
        var decoder = StreamDecoder(api: .openAIChat)
        var out: [StreamDelta] = []
        let first = Array("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: [DO".utf8)
        try first.withBytes { raw throws(StreamProtocolError) in try decoder.feed(raw, into: &out) }
        #expect(out == [.text("a", tokens: nil)])
        out.removeAll(keepingCapacity: true)
        try Array("NE]\n\n".utf8).withBytes { raw throws(StreamProtocolError) in try decoder.feed(raw, into: &out) }
        #expect(out == [.end])
        #expect(decoder.sawEndMarker)
    }
}
