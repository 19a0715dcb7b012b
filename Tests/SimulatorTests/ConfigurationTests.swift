import Foundation
import Simulator
import Testing

extension SimulatorSuite {
    @Suite struct ConfigurationTests {
        @Test func builtInProfilesAreValidAndNamed() throws {
            for profile in SimulationProfile.builtIn { try profile.validate() }
            let names = SimulationProfile.builtIn.map(\.name)
            #expect(Set(names).count == names.count)
            for name in ["fast", "steady", "slow-start", "bursty", "overloaded", "flaky"] {
                #expect(SimulationProfile.named(name) != nil)
            }
            #expect(SimulationProfile.named("flaky")!.faults != .none)
            try SimulatorConfiguration().validate()
        }

        @Test func invalidProfilesAreRejectedWithTheField() {
            var profile = fixedProfile("ok")
            profile.capacity = 0
            #expect(throws: SimulatorError.invalidProfile(profile: "ok", field: "capacity", reason: "must be >= 1")) {
                try profile.validate()
            }
            profile = fixedProfile("ok", faults: FaultModes(errorRate: 0.6, disconnectRate: 0.6))
            #expect(throws: SimulatorError.self) { try profile.validate() }
            profile = fixedProfile("has/slash")
            #expect(throws: SimulatorError.self) { try profile.validate() }
            let duplicate = SimulatorConfiguration(profiles: [fixedProfile("a"), fixedProfile("a")])
            #expect(throws: SimulatorError.self) { try duplicate.validate() }
        }

        @Test func startRejectsAnInvalidConfiguration() async {
            await #expect(throws: SimulatorError.self) {
                _ = try await SimulatedEndpoint.start(SimulatorConfiguration(profiles: []))
            }
        }

        @Test func profilesDecodeWithDefaultsForMissingFields() throws {
            let json = #"{"name":"mine","ttftMedianMs":50,"capacity":4,"faults":{"stallRate":0.2}}"#
            let profile = try JSONDecoder().decode(SimulationProfile.self, from: Data(json.utf8))
            #expect(profile.name == "mine")
            #expect(profile.ttftMedianMs == 50)
            #expect(profile.capacity == 4)
            #expect(profile.faults.stallRate == 0.2)
            #expect(profile.faults.errorRate == 0)
            #expect(profile.interTokenMs == SimulationProfile.builtIn[0].interTokenMs)
            let roundTrip = try JSONDecoder().decode(SimulationProfile.self, from: JSONEncoder().encode(profile))
            #expect(roundTrip == profile)
        }
    }
}
