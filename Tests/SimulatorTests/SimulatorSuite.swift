import Testing

/// Every simulator test runs one at a time: most start a server and measure its timing, and on a
/// 2-core machine running them side by side would measure the test runner instead.
@Suite(.serialized) struct SimulatorSuite {}
