import Foundation
import Testing
@testable import Bench

/// The batched run's queue from the epoll loop to its collecting task.
@Suite struct MailboxTests {
    /// Items posted from other threads, before and while the taker waits, all arrive, each once
    /// and in each poster's order.
    @Test func everyPostArrivesOnceInOrder() async {
        let mailbox = Mailbox<Int>()
        let posters = 4
        let perPoster = 5_000
        for p in 0..<posters {
            Thread.detachNewThread {
                for i in 0..<perPoster { mailbox.post(p * perPoster + i) }
            }
        }
        var seen: [Int] = []
        while seen.count < posters * perPoster { seen += await mailbox.take() }
        #expect(seen.count == posters * perPoster)
        #expect(Set(seen).count == seen.count)
        for p in 0..<posters {
            let mine = seen.filter { $0 / perPoster == p }
            #expect(mine == mine.sorted(), "poster \(p) out of order")
        }
    }

    /// Taking is not cancellable: a cancelled taker still gets what is posted later (the ends of
    /// the requests that Ctrl-C cancels).
    @Test func aCancelledTakerStillReceives() async throws {
        let mailbox = Mailbox<String>()
        let taker = Task { await mailbox.take() }
        taker.cancel()
        try await Task.sleep(for: .milliseconds(50))
        mailbox.post("cancelled request's record")
        #expect(await taker.value == ["cancelled request's record"])
    }
}
