#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few C math functions the statistics need, in one place, so the module does not depend on
/// Foundation and no other file imports the C library.
enum CMath {
    static func log(_ x: Double) -> Double { cLog(x) }
    static func exp(_ x: Double) -> Double { cExp(x) }
    static func pow(_ x: Double, _ y: Double) -> Double { cPow(x, y) }
    static func erfc(_ x: Double) -> Double { cErfc(x) }
    static func lgamma(_ x: Double) -> Double { cLgamma(x) }
}

private func cLog(_ x: Double) -> Double { log(x) }
private func cExp(_ x: Double) -> Double { exp(x) }
private func cPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
private func cErfc(_ x: Double) -> Double { erfc(x) }
private func cLgamma(_ x: Double) -> Double { lgamma(x) }
