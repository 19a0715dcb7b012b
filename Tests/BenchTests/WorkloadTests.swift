import Foundation
import Testing
@testable import Bench

@Suite struct WorkloadTests {
    @Test func sameSeedSameRequestsAndFingerprint() throws {
        let a = try Workload(WorkloadConfiguration(seed: 42))
        let b = try Workload(WorkloadConfiguration(seed: 42))
        #expect(a.requests == b.requests)
        #expect(a.fingerprint == b.fingerprint)
        #expect(a.fingerprint.hasPrefix("sha256:"))
        #expect(a.fingerprint.count == 7 + 64)
        #expect(a.requests.count == 1200)
    }

    @Test func differentSeedOrParametersChangeTheFingerprint() throws {
        let base = try Workload(WorkloadConfiguration(seed: 42)).fingerprint
        #expect(try Workload(WorkloadConfiguration(seed: 43)).fingerprint != base)
        #expect(try Workload(WorkloadConfiguration(seed: 42, maxTokens: 512)).fingerprint != base)
        #expect(try Workload(WorkloadConfiguration(arrival: .constant(rate: 5, duration: 120), seed: 42)).fingerprint != base)
        // The timeout does not change what is asked, so it is not part of the fingerprint.
        #expect(try Workload(WorkloadConfiguration(seed: 42, timeoutSeconds: 60)).fingerprint == base)
    }

    @Test func fingerprintIsStableAcrossReleases() throws {
        // Pinned: a change here means every earlier result file stops being comparable.
        let w = try Workload(WorkloadConfiguration(arrival: .constant(rate: 2, duration: 2), seed: 1, maxTokens: 16))
        #expect(w.requests.map(\.offsetMicros) == [0, 500_000, 1_000_000, 1_500_000])
        let again = try Workload(WorkloadConfiguration(arrival: .constant(rate: 2, duration: 2), seed: 1, maxTokens: 16))
        #expect(w.canonicalEncoding() == again.canonicalEncoding())
        #expect(w.fingerprint == "sha256:f51b3a453cb0eb9be779886c68e639a4113b5320ff8efde1c6d26991e81e3629")
    }

    @Test func builtInPromptsHaveASpreadOfLengths() {
        let words = BuiltInPrompts.all.map { $0.flattenedText.split(separator: " ").count }
        #expect(BuiltInPrompts.all.count == 240)
        #expect(words.min()! < 15)
        #expect(words.max()! > 1000)
        #expect(Set(BuiltInPrompts.all).count == BuiltInPrompts.all.count)
    }

    @Test func promptsAreDrawnFromTheSource() throws {
        let w = try Workload(WorkloadConfiguration(arrival: .constant(rate: 10, duration: 10), seed: 3))
        #expect(Set(w.requests.map(\.prompt)).count > 50)
        #expect(w.requests.allSatisfy { BuiltInPrompts.all.contains($0.prompt) })
    }
}
