// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "llm-leaderboard",
    // Linux only (x86-64, tested on Debian in CI): no `platforms` claim for macOS, which is
    // neither built nor tested (the epoll transport, rlimits and test servers use Linux APIs).
    products: [
        .executable(name: "sitegen", targets: ["SiteGenCLI"]),
        .executable(name: "bench", targets: ["BenchCLI"]),
        .executable(name: "leaderboard-perf", targets: ["PerfTool"]),
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "ResultFormat", targets: ["ResultFormat"]),
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "SiteGen", targets: ["SiteGen"]),
        .library(name: "Bench", targets: ["Bench"]),
        .library(name: "StreamProtocols", targets: ["StreamProtocols"]),
        .library(name: "Simulator", targets: ["Simulator"]),
        // Loopback and scripted test servers, temporary folders, the event-stream encoder: for
        // this package's tests and the fuzz targets in Fuzz/.
        .library(name: "TestSupport", targets: ["TestSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // C libraries, reached through pkg-config.
        .systemLibrary(
            name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"]), .brew(["cairo"])]),
        // gzip for result files: libdeflate writes them (smaller than zlib at the same speed),
        // ISA-L's inflate reads them (about 30% less CPU than libdeflate, 3x less than zlib).
        // libdeflate also deflates the PNG charts and computes the CRC-32s (PNG, AWS event-stream).
        .systemLibrary(
            name: "CDeflate", path: "Sources/CDeflate", pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"]), .brew(["libdeflate"])]),
        .systemLibrary(
            name: "CISAL", path: "Sources/CISAL", pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"]), .brew(["isa-l"])]),

        // Vectorised reading of chunk-delta arrays (AVX2 where the CPU has it).
        .target(name: "CIntegerList"),
        // Every seeded generator and distribution: SplitMix64 (workloads, simulator, corpora),
        // xoshiro256** (resampling), FNV-1a seeds, uniform, normal, gamma, beta draws.
        .target(name: "Randomness"),
        // The contract between the stages: result files, and the metrics derived from them.
        // JSON: a strict reader that names the field at fault, the value tree, a Codable
        // encoder and decoder over it, and vectorised integer lists.
        .target(name: "JSON", dependencies: ["CIntegerList"]),
        .target(name: "ResultFormat", dependencies: ["JSON", "CDeflate", "CISAL", "CIntegerList"]),
        .target(name: "Analysis", dependencies: ["ResultFormat", "Randomness"]),

        // Seeded synthetic result files for tests and benchmarks (always marked synthetic).
        .target(name: "SyntheticCorpus", dependencies: ["ResultFormat", "Randomness"]),

        // Generator stage: README leaderboard, Cairo charts, static site.
        .target(
            name: "SiteGen",
            dependencies: [
                "ResultFormat", "Analysis", "CCairo", "CDeflate",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The default templates (Templates/) are compiled into the library.
            plugins: ["EmbedTemplates"]),
        .executableTarget(name: "TemplateEmbedder"),
        .plugin(name: "EmbedTemplates", capability: .buildTool(), dependencies: ["TemplateEmbedder"]),

        // Wire protocols of the streaming APIs: SSE, AWS event-stream, SigV4, per-API decoders.
        // Pure code (no I/O), so every edge case is unit-testable.
        .target(
            name: "StreamProtocols",
            dependencies: ["JSON", "CDeflate", .product(name: "Crypto", package: "swift-crypto")]),

        // The built-in simulated OpenAI-compatible endpoint (a real HTTP server on Hummingbird).
        .target(
            name: "Simulator",
            dependencies: [
                "Randomness",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),

        // epoll and eventfd for the bench's `epoll` transport (Glibc's Swift module lacks them).
        .target(name: "CEpoll"),
        // Benchmark stage: workload, streaming clients, simulator, journal.
        .target(
            name: "Bench",
            dependencies: [
                "ResultFormat", "Analysis", "StreamProtocols", "CEpoll", "Randomness",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            // Release builds skip the run-time exclusivity checks: the transports' per-read path
            // mutates state held in class instances (loop, connection, exchange), and each such
            // access cost a runtime call (2-3 % of the client's CPU per streamed token, measured
            // in docs/performance.md). Debug builds and tests keep the checks.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),

        // What runs bench against the built-in simulator: the demo (`bench run` without a
        // config), `bench simulate` and the client's own benchmark (`bench perf`), apart from
        // the load generator, which does not link the simulator.
        .target(
            name: "BenchDemo",
            dependencies: ["Bench", "Simulator", "Analysis", "ResultFormat"]),

        // Thin command-line front ends.
        .executableTarget(
            name: "SiteGenCLI",
            dependencies: ["SiteGen", "Analysis", "ResultFormat", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "PerfTool",
            dependencies: ["SyntheticCorpus", "Randomness", "Analysis", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "BenchCLI",
            dependencies: ["Bench", "BenchDemo", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        .testTarget(name: "ResultFormatTests", dependencies: ["ResultFormat", "Randomness", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Randomness"], resources: [.copy("Golden")]),
        .testTarget(name: "RandomnessTests", dependencies: ["Randomness"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "Randomness"]),
        .testTarget(name: "SiteGenTests", dependencies: ["SiteGen", "SyntheticCorpus", "Randomness", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "StreamProtocolsTests", dependencies: ["StreamProtocols", "JSON", "Randomness", "TestSupport"]),
        .testTarget(
            name: "SimulatorTests",
            dependencies: [
                "Simulator", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        // What several test targets share: loopback and scripted HTTP servers, temporary folders,
        // waiting for a process, and the AWS event-stream encoder that builds test frames.
        .target(
            name: "TestSupport", dependencies: ["StreamProtocols", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
            path: "Tests/TestSupport"),
        // The built `bench` and `sitegen`, copied alone into an empty folder (build them first).
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "ResultFormat"]),
        .testTarget(name: "BenchTests", dependencies: ["Bench", "BenchDemo", "Simulator", "Analysis", "Randomness", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
