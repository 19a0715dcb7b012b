import Bench
import Foundation
import Simulator

/// `bench simulate`: serves the built-in simulator until Ctrl-C.
public enum SimulatorService {
    /// - Parameters:
    ///   - profile: serve only this named profile (all built-in profiles when `nil`).
    ///   - logPath: JSON-lines log of every served request (its receive and first-chunk times).
    ///   - profileFile: a JSON file with one profile object or a list of them (fields as in
    ///     `SimulationProfile`), served instead of the built-in ones.
    public static func serve(
        host: String, port: Int, profile: String?, profileFile: String? = nil, seed: UInt64, logPath: String?, console: Console
    ) async throws {
        var profiles = SimulationProfile.builtIn
        if let file = profileFile {
            profiles = try loadProfiles(file)
        }
        if let name = profile {
            guard let p = profiles.first(where: { $0.name == name }) else {
                throw BenchError.simulator("unknown profile '\(name)' (one of \(profiles.map(\.name).joined(separator: ", ")))")
            }
            profiles = [p]
        }
        ResourceLimits.raiseOpenFileLimit()
        let config = SimulatorConfiguration(host: host, port: port, seed: seed, profiles: profiles, logPath: logPath)
        let names = profiles.map(\.name)
        let task = Task {
            try await SimulatedEndpoint.run(config) { sim in
                console.note("simulator listening on \(sim.baseURL) (default profile \(names[0]))")
                for n in names { console.note("  profile \(n): \(sim.baseURL(profile: n))") }
                console.note("Ctrl-C to stop")
            }
        }
        let trap = SignalTrap { _ in task.cancel() }
        defer { trap.cancel() }
        do { try await task.value } catch is CancellationError {}
    }
}

extension SimulatorService {
    static func loadProfiles(_ path: String) throws -> [SimulationProfile] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchError.io(path: path, message: "cannot read the profile file")
        }
        do {
            if let list = try? JSONDecoder().decode([SimulationProfile].self, from: data) { return list }
            return [try JSONDecoder().decode(SimulationProfile.self, from: data)]
        } catch {
            throw BenchError.io(path: path, message: "not a simulator profile (or list of them): \(error)")
        }
    }
}
