import Foundation

/// Loads a committed golden vector file (made by scripts/golden/make_golden.py).
enum Golden {
    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Golden") else {
            throw GoldenError.missing(name)
        }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    enum GoldenError: Error { case missing(String) }
}

/// `a` and `b` agree to `tolerance` relative to the larger magnitude (absolute near zero).
func agrees(_ a: Double, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    if a == b { return true }
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-300)
}
