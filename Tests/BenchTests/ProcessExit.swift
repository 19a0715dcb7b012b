import Foundation

extension Process {
    /// Waits for the process to end on a Dispatch thread: `waitUntilExit` on a task would hold
    /// one of the few threads that every test's tasks (and the in-process simulator's handlers)
    /// run on, for as long as the child runs.
    func exited() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.waitUntilExit()
                continuation.resume()
            }
        }
    }
}
