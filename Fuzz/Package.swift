// swift-tools-version:6.0
// libFuzzer targets for the parsers that read untrusted bytes (docs/fuzzing.md). Built by
// scripts/fuzz.sh as a debug build with
// `--sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address`: every module, the
// main package's included, gets coverage instrumentation and AddressSanitizer, and
// `@testable import` reaches the internal parsers (HTTP1ResponseParser, JSONScanner...).
// Each target is an executable without `main`: libFuzzer's own `main` drives
// `LLVMFuzzerTestOneInput`, which each target defines.
import PackageDescription

let main = "llm-leaderboard"

/// Fuzz target name (also the corpus folder `Corpus/<name>` and the executable) and its module.
let fuzzers: [(name: String, module: String, dependencies: [Target.Dependency])] = [
    ("json", "FuzzJSON", [.product(name: "JSON", package: main), .product(name: "StreamProtocols", package: main)]),
    ("result-file", "FuzzResultFile", [.product(name: "ResultFormat", package: main)]),
    ("chunk-text", "FuzzChunkText", [.product(name: "ResultFormat", package: main), .product(name: "JSON", package: main)]),
    ("sse", "FuzzSSE", [.product(name: "StreamProtocols", package: main)]),
    ("http1", "FuzzHTTP1", [.product(name: "Bench", package: main)]),
    ("event-stream", "FuzzEventStream", [.product(name: "StreamProtocols", package: main), .product(name: "TestSupport", package: main)]),
    ("config", "FuzzConfig", [.product(name: "Bench", package: main)]),
]

let package = Package(
    name: "llm-leaderboard-fuzz",
    products: fuzzers.map { .executable(name: $0.name, targets: [$0.module]) },
    dependencies: [.package(name: main, path: "..")],
    targets: [.target(name: "FuzzSupport")]
        + fuzzers.map { .executableTarget(name: $0.module, dependencies: ["FuzzSupport"] + $0.dependencies) },
    swiftLanguageModes: [.v6]
)
