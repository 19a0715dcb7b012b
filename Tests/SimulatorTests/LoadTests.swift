import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import Simulator
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Opt-in load run: `SIMULATOR_LOAD_STREAMS=1000,5000 swift test -c release --filter LoadTests`.
/// Streams that many concurrent requests through the simulator and prints how late the server
/// wrote the first and last chunk of each stream against its plan, and the process's CPU time
/// (client and server together, both in this process). Off by default: it is a measurement,
/// not a test, and takes several seconds per level.
extension SimulatorSuite {
    @Suite struct LoadTests {
        static let levels: [Int] = (ProcessInfo.processInfo.environment["SIMULATOR_LOAD_STREAMS"] ?? "")
            .split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }

        @Test(.enabled(if: !levels.isEmpty)) func concurrentStreams() async throws {
            for streams in Self.levels { try await run(streams: streams) }
        }

        private func cpuSeconds() -> Double {
            var usage = rusage()
            getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
            return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
                + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        }

        /// CPU seconds of this process's threads, split into the server's event loops (the NIO
        /// singleton group, where the simulator's streams run) and everything else.
        private func threadCPUSeconds() -> (server: Double, other: Double) {
            let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
            var server = 0.0
            var other = 0.0
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
            for task in tasks {
                guard let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
                    let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
                else { continue }
                let name = stat[stat.index(after: open)..<close]
                let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
                guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { continue }
                if name.hasPrefix("NIO-SGLTN") { server += (user + system) / ticks } else { other += (user + system) / ticks }
            }
            return (server, other)
        }

        private func percentile(_ sorted: [Double], _ p: Double) -> Double {
            sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
        }

        private func run(streams: Int) async throws {
            // 200 ms TTFT, 20 ms per token, 50 tokens: each stream lasts about 1.2 s.
            let profile = SimulationProfile(
                name: "load", ttftMedianMs: 200, ttftSigma: 0.2, interTokenMs: 20, interTokenJitter: 0.1,
                tokensPerChunk: 1, outputTokensMin: 50, outputTokensMax: 50, capacity: 100_000)
            let seed: UInt64 = 5
            let simulator = try await SimulatedEndpoint.start(SimulatorConfiguration(seed: seed, profiles: [profile]))
            var configuration = HTTPClient.Configuration()
            configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = streams + 16
            configuration.timeout.connect = .seconds(60)
            // The client gets event loops of its own, so that the server's threads can be measured apart.
            let clientLoops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let http = HTTPClient(eventLoopGroup: clientLoops, configuration: configuration)
            let url = simulator.baseURL + "/chat/completions"
            let body = TestClient.chatBody()

            let cpuBefore = cpuSeconds()
            let threadsBefore = threadCPUSeconds()
            let wallBefore = MonotonicClock.nanos()
            let completed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<streams {
                    group.addTask {
                        var request = HTTPClientRequest(url: url)
                        request.method = .POST
                        request.headers.add(name: "X-Request-Id", value: "load-\(index)")
                        request.body = .bytes(ByteBuffer(string: body))
                        let response = try await http.execute(request, timeout: .seconds(60))
                        var tail: [UInt8] = []
                        for try await part in response.body {
                            tail = Array((tail + part.readableBytesView).suffix(16))
                        }
                        return tail.suffix(14).elementsEqual("data: [DONE]\n\n".utf8)
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            let wall = Double(MonotonicClock.nanos() - wallBefore) / 1e9
            let cpu = cpuSeconds() - cpuBefore
            let threadsAfter = threadCPUSeconds()
            let serverCPU = threadsAfter.server - threadsBefore.server
            try await http.shutdown()
            try await clientLoops.shutdownGracefully()
            let logs = simulator.servedRequests()
            await simulator.shutdown()

            var firstLate: [Double] = []
            var endLate: [Double] = []
            var tokens = 0
            for log in logs {
                guard let start = log.generationStartNanos, let first = log.firstChunkWrittenNanos else { continue }
                let plan = profile.plan(seed: seed, requestID: log.requestID, maxTokens: nil)
                let plannedFirst = Double(start) + plan.ttftMs * 1e6
                let plannedEnd = plannedFirst + plan.chunkIntervalsMs.reduce(0, +) * 1e6
                firstLate.append((Double(first) - plannedFirst) / 1e6)
                endLate.append((Double(log.endNanos) - plannedEnd) / 1e6)
                tokens += log.outputTokens
            }
            firstLate.sort()
            endLate.sort()
            let outcomes = Dictionary(grouping: logs, by: \.outcome).mapValues(\.count)
            print(
                "simulator load: streams=\(streams) completed=\(completed) outcomes=\(outcomes) wall=\(String(format: "%.2f", wall))s"
                    + " cpu=\(String(format: "%.2f", cpu))s tokens=\(tokens)"
                    + " cpu/1k-tokens=\(String(format: "%.2f", cpu / Double(max(tokens, 1)) * 1000 * 1000))ms"
                    + " server-loops-cpu=\(String(format: "%.2f", serverCPU))s (\(String(format: "%.2f", serverCPU / Double(max(tokens, 1)) * 1e6))µs/token)"
                    + " first-chunk lateness p50/p99/max=\(String(format: "%.2f/%.2f/%.2f", percentile(firstLate, 0.5), percentile(firstLate, 0.99), firstLate.last ?? .nan))ms"
                    + " last-chunk lateness p50/p99/max=\(String(format: "%.2f/%.2f/%.2f", percentile(endLate, 0.5), percentile(endLate, 0.99), endLate.last ?? .nan))ms")
            #expect(logs.count == streams)
            #expect(outcomes["ok"] == streams)
            #expect(completed == streams)
        }
    }
}
