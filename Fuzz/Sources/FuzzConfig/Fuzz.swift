// The bench's YAML configuration loader (Yams, then the loader's own checks). Properties
// checked, beyond "no crash": loading is deterministic (the same text gives the same result or
// the same error twice; of an error from Yams, only that it is one).
//
// Inputs that mention `ca_file` are skipped: the loader then opens that path, and a fuzzer that
// writes `ca_file: /dev/zero` would only find that reading an endless file takes forever.
import FuzzSupport
import Bench

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let text = String(decoding: input(start, count), as: UTF8.self)
    if text.contains("ca_file") { return 0 }
    let first = Result { () throws(ConfigurationError) in try ConfigurationLoader.parse(yaml: text, file: "fuzz.yaml") }
    let second = Result { () throws(ConfigurationError) in try ConfigurationLoader.parse(yaml: text, file: "fuzz.yaml") }
    switch (first, second) {
    case (.success(let a), .success(let b)):
        guard a == b else { violated("the same text loads the same configuration") }
    case (.failure(let a), .failure(let b)):
        // Yams' own messages are compared only in part: with several duplicated keys it names one
        // of them, chosen in hash order, so the line it points at can differ between two runs
        // (`Corpus/config/regression-yams-duplicate-keys`).
        let yams = "not valid YAML"
        guard a.field == b.field, a.message.hasPrefix(yams) ? b.message.hasPrefix(yams) : a.message == b.message else {
            violated("the same text fails the same way", "\(a)\n\(b)")
        }
    default:
        violated("loading is deterministic")
    }
    return 0
}
