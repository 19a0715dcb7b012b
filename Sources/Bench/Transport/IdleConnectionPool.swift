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
        let limit = maxIdlePerOrigin
        idle.withLockedValue { all in
            all[origin, default: []].offer(connection, limit: limit, staleBefore: oldest, evicted: &evicted)
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
    /// Appends `connection` (or evicts it when `limit` are idle already), after pruning stale ones.
    fileprivate mutating func offer(
        _ connection: Element, limit: Int, staleBefore oldest: NIODeadline, evicted: inout [any Channel]
    ) {
        withoutStale(before: oldest, into: &evicted)
        if count < limit { append(connection) } else { evicted.append(connection.channel) }
    }

    /// Removes the connections idle since before `oldest` (they are at the front: oldest first),
    /// in batches: removing from the front shifts the whole list, so it waits until at least 16
    /// (or an eighth of the list) are stale. `take` never hands out a stale one meanwhile.
    fileprivate mutating func withoutStale(before oldest: NIODeadline, into evicted: inout [any Channel]) {
        guard let first = self.first, first.since < oldest else { return }
        let staleCount = prefix { $0.since < oldest }.count
        guard staleCount >= Swift.max(16, count / 8) else { return }
        evicted += prefix(staleCount).map(\.channel)
        removeFirst(staleCount)
    }
}
