import NIOConcurrencyHelpers
import NIOCore

/// Keep-alive connections waiting for their next request, per origin.
///
/// A connection whose response ended cleanly (and that the server did not mark `Connection:
/// close`) is put here; the next request to the same origin takes the most recently used one
/// that is still open. Connections idle longer than `maxIdle` are closed instead of reused, so a
/// server's own keep-alive timeout (5 s for uvicorn, hence vLLM) rarely races a new request.
final class IdleConnectionPool: Sendable {
    struct Idle: Sendable {
        let channel: any Channel
        let handler: NIOLoopBound<HTTP1StreamHandler>
        var since: NIODeadline = .now()
    }

    let maxIdlePerOrigin: Int
    let maxIdle: TimeAmount
    private let idle = NIOLockedValueBox<[HTTP1Request.Origin: [Idle]]>([:])

    init(maxIdlePerOrigin: Int, maxIdle: TimeAmount = .seconds(4)) {
        self.maxIdlePerOrigin = maxIdlePerOrigin
        self.maxIdle = maxIdle
    }

    /// The most recently used open connection to `origin`, if any (any thread).
    func take(_ origin: HTTP1Request.Origin) -> Idle? {
        let oldest = NIODeadline.now() - maxIdle
        var stale: [any Channel] = []
        let found: Idle? = idle.withLockedValue { all in
            // Mutated in place (no copy of the list under the lock).
            while let last = all[origin]?.popLast() {
                if last.since < oldest || !last.channel.isActive {
                    stale.append(last.channel)
                    continue
                }
                return last
            }
            return nil
        }
        for c in stale { c.close(promise: nil) }
        return found
    }

    /// Offers a connection for reuse; closes it if the pool for its origin is full.
    func put(_ origin: HTTP1Request.Origin, _ connection: Idle) {
        let oldest = NIODeadline.now() - maxIdle
        var evicted: [any Channel] = []
        idle.withLockedValue { all in
            all[origin, default: []].withoutStale(before: oldest, into: &evicted)
            if all[origin, default: []].count < maxIdlePerOrigin {
                all[origin, default: []].append(connection)
            } else {
                evicted.append(connection.channel)
            }
        }
        for c in evicted { c.close(promise: nil) }
    }

    /// Closes every idle connection.
    func closeAll() {
        let all = idle.withLockedValue { all in
            defer { all = [:] }
            return all.values.flatMap { $0 }
        }
        for c in all { c.channel.close(promise: nil) }
    }
}

extension Array where Element == IdleConnectionPool.Idle {
    /// Removes the connections idle since before `oldest` (they are at the front: oldest first).
    fileprivate mutating func withoutStale(before oldest: NIODeadline, into evicted: inout [any Channel]) {
        let staleCount = prefix { $0.since < oldest }.count
        guard staleCount > 0 else { return }
        evicted += prefix(staleCount).map(\.channel)
        removeFirst(staleCount)
    }
}
