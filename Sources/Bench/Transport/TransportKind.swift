/// Which HTTP client carries the streams (config `transport:`, CLI `--transport`).
public enum TransportKind: String, Sendable, Equatable, CaseIterable {
    /// HTTP/1.1 straight on SwiftNIO with a hand-written response parser (the default, and the
    /// leaner one: docs/performance.md).
    case nio
    /// AsyncHTTPClient's delegate API, kept to compare against.
    case asyncHTTPClient = "asynchttpclient"
}
