import Foundation

extension Process {
    /// Waits for the process to end without holding a thread: polls `isRunning` (which
    /// Foundation's own child monitor updates) between short sleeps. `waitUntilExit` would hold a
    /// thread for the child's whole run, and on Linux it spins that thread's CPU while it waits
    /// (seen: a core at 99 % for as long as a llama-server took to stop).
    public func exited() async {
        while isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }
}
