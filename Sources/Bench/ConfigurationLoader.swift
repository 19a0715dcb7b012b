import JSON
import Foundation
import ResultFormat
import Yams

/// Reads a YAML config (format in `docs/bench.md`). Unknown keys are errors, so a typo does not
/// silently fall back to a default.
public enum ConfigurationLoader {
    public static func load(path: String) throws(ConfigurationError) -> BenchConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, field: "", message: "cannot read the file")
        }
        return try parse(yaml: String(decoding: data, as: UTF8.self), file: path)
    }

    public static func parse(yaml: String, file: String? = nil) throws(ConfigurationError) -> BenchConfiguration {
        do throws(ConfigurationError) {
            let node: Node?
            do { node = try Yams.compose(yaml: yaml) } catch {
                throw ConfigurationError(field: "", message: "not valid YAML: \(error)")
            }
            guard let node else { throw ConfigurationError(field: "", message: "the file is empty") }
            let root = try Fields(node, "")
            try root.allow(["providers", "workload", "results", "parallel_providers", "transport"])
            var config = BenchConfiguration(providers: [])
            if let r = try root.string("results") { config.resultsDirectory = r }
            if let p = try root.bool("parallel_providers") { config.parallelProviders = p }
            if let t = try root.string("transport") {
                guard let kind = TransportKind(rawValue: t) else {
                    throw ConfigurationError(
                        field: "transport",
                        message: "expected one of \(TransportKind.allCases.map(\.rawValue).joined(separator: ", ")), found '\(t)'")
                }
                config.transport = kind
            }
            if let w = root.node("workload") { config.workload = try workload(try Fields(w, "workload")) }
            guard let list = root.node("providers") else {
                throw ConfigurationError(field: "providers", message: "missing (a list of providers)")
            }
            guard case .sequence(let seq) = list else { throw ConfigurationError(field: "providers", message: "must be a list") }
            for (i, item) in seq.enumerated() { config.providers.append(try provider(try Fields(item, "providers[\(i)]"))) }
            try config.validate()
            return config
        } catch {
            var e = error
            e.file = file
            throw e
        }
    }

    static func provider(_ f: Fields) throws(ConfigurationError) -> ProviderConfiguration {
        try f.allow(["name", "api", "base_url", "model", "api_key_env", "headers", "body", "aws_region", "source", "note", "request_id_header", "ca_file"])
        var p = ProviderConfiguration(
            name: try f.required("name"), api: try f.string("api") ?? "openai-chat",
            baseURL: try f.required("base_url"), model: try f.required("model"), apiKeyEnv: try f.string("api_key_env"),
            awsRegion: try f.string("aws_region"), note: try f.string("note"))
        if let s = try f.string("source") {
            guard let src = DataSource(rawValue: s) else {
                throw ConfigurationError(field: f.path("source"), message: "expected measured or simulated, found '\(s)'")
            }
            p.source = src
        }
        if let h = f.node("headers") {
            let hf = try Fields(h, f.path("headers"))
            for key in hf.keys {
                let lower = key.lowercased()
                if lower == "authorization" || lower == "x-api-key" {
                    throw ConfigurationError(
                        field: hf.path(key), message: "put keys in the environment and name the variable in api_key_env")
                }
                p.headers[key] = try hf.required(key)
            }
        }
        if f.keys.contains("request_id_header") {
            // null, "" or none: send no request-id header (some servers refuse one they do not expect).
            let name = try f.string("request_id_header") ?? ""
            if name.isEmpty || name == "none" {
                p.requestIDHeader = nil
            } else {
                let token = name.utf8.allSatisfy { c in
                    (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || "!#$%&'*+-.^_`|~".utf8.contains(c)
                }
                guard token else {
                    throw ConfigurationError(field: f.path("request_id_header"), message: "'\(name)' is not an HTTP header name")
                }
                p.requestIDHeader = name
            }
        }
        if let ca = try f.string("ca_file") {
            if let problem = TLSTrust.problem(withCAFile: ca) { throw ConfigurationError(field: f.path("ca_file"), message: problem) }
            p.caFile = ca
        }
        if let b = f.node("body") {
            let bf = try Fields(b, f.path("body"))
            // The raw node: `node(_:)` reads a null as absent, and `stop: null` (the request then
            // leaves that field out) made the force unwrap here trap (found by the config fuzz target).
            for key in bf.keys { if let node = bf.map[key] { p.body[key] = try json(node, bf.path(key)) } }
        }
        return p
    }

    static func workload(_ f: Fields) throws(ConfigurationError) -> WorkloadConfiguration {
        try f.allow([
            "arrival", "seed", "prompts", "temperature", "top_p", "max_tokens", "timeout_s", "stall_timeout_s",
            "skip_idle_min_s", "max_concurrency",
        ])
        var w = WorkloadConfiguration()
        if let a = f.node("arrival") { w.arrival = try arrival(try Fields(a, f.path("arrival"))) }
        if let s = try f.int("seed") {
            guard s >= 0 else { throw ConfigurationError(field: f.path("seed"), message: "must be >= 0") }
            w.seed = UInt64(s)
        }
        if let p = f.node("prompts") { w.prompts = try prompts(p, f.path("prompts")) }
        if let x = try f.double("temperature") { w.temperature = x }
        if let x = try f.double("top_p") { w.topP = x }
        if let x = try f.int("max_tokens") { w.maxTokens = x }
        if let x = try f.double("timeout_s") { w.timeoutSeconds = x }
        if let x = try f.double("stall_timeout_s") { w.stallTimeoutSeconds = x }
        if let x = try f.double("skip_idle_min_s") { w.skipIdleMinSeconds = x }
        if let x = try f.int("max_concurrency") { w.maxConcurrency = x }
        return w
    }

    static func arrival(_ f: Fields) throws(ConfigurationError) -> ArrivalSchedule {
        let kind = try f.string("kind") ?? "constant"
        switch kind {
        case "constant", "poisson":
            try f.allow(["kind", "rate", "duration_s"])
            let rate = try f.double("rate") ?? 10
            let duration = try f.double("duration_s") ?? 120
            return kind == "constant" ? .constant(rate: rate, duration: duration) : .poisson(rate: rate, duration: duration)
        case "linear_ramp", "exponential_ramp":
            try f.allow(["kind", "from_rate", "to_rate", "duration_s"])
            let a: Double = try f.required("from_rate")
            let b: Double = try f.required("to_rate")
            let d: Double = try f.required("duration_s")
            return kind == "linear_ramp" ? .linearRamp(from: a, to: b, duration: d) : .exponentialRamp(from: a, to: b, duration: d)
        case "explicit":
            try f.allow(["kind", "offsets_s"])
            guard let n = f.node("offsets_s"), case .sequence(let seq) = n else {
                throw ConfigurationError(field: f.path("offsets_s"), message: "must be a list of seconds")
            }
            var offsets: [Double] = []
            for (i, item) in seq.enumerated() {
                guard let x = item.float else { throw ConfigurationError(field: f.path("offsets_s") + "[\(i)]", message: "not a number") }
                offsets.append(x)
            }
            return .explicit(offsets: offsets)
        default:
            throw ConfigurationError(
                field: f.path("kind"),
                message: "unknown arrival kind '\(kind)' (constant, linear_ramp, exponential_ramp, poisson, explicit)")
        }
    }

    static func prompts(_ node: Node, _ path: String) throws(ConfigurationError) -> PromptSource {
        if let s = node.string, case .scalar = node {
            guard s == "builtin" else { throw ConfigurationError(field: path, message: "'builtin' or {kind, path}") }
            return .builtIn
        }
        let f = try Fields(node, path)
        try f.allow(["kind", "path"])
        let kind = try f.string("kind") ?? "builtin"
        switch kind {
        case "builtin": return .builtIn
        case "jsonl": return .jsonl(path: try f.required("path"))
        case "sharegpt", "arena", "conversations": return .conversations(path: try f.required("path"))
        default: throw ConfigurationError(field: f.path("kind"), message: "unknown prompt kind '\(kind)' (builtin, jsonl, sharegpt)")
        }
    }

    /// Converts a YAML value to JSON for extra body fields.
    static func json(_ node: Node, _ path: String) throws(ConfigurationError) -> JSONValue {
        switch node {
        case .scalar(let s):
            if s.style == .plain {
                if node.null != nil { return .null }
                if let b = node.bool { return .bool(b) }
                if let i = node.int { return .int(Int64(i)) }
                if let d = node.float, d.isFinite { return .double(d) }
            }
            return .string(s.string)
        case .sequence(let seq):
            var items: [JSONValue] = []
            for (i, item) in seq.enumerated() { items.append(try json(item, path + "[\(i)]")) }
            return .array(items)
        case .mapping(let map):
            var members: [String: JSONValue] = [:]
            for (k, v) in map {
                guard let key = k.string else { throw ConfigurationError(field: path, message: "keys must be strings") }
                members[key] = try json(v, path + "." + key)
            }
            return .object(members)
        case .alias:
            throw ConfigurationError(field: path, message: "YAML aliases are not supported here")
        }
    }
}

/// A YAML mapping with typed, path-naming accessors.
struct Fields {
    let map: [String: Node]
    let keys: [String]
    let prefix: String

    init(_ node: Node, _ prefix: String) throws(ConfigurationError) {
        guard case .mapping(let m) = node else {
            throw ConfigurationError(field: prefix, message: "must be a mapping of key: value")
        }
        var map: [String: Node] = [:]
        var keys: [String] = []
        for (k, v) in m {
            guard let key = k.string else { throw ConfigurationError(field: prefix, message: "keys must be strings") }
            map[key] = v
            keys.append(key)
        }
        self.map = map
        self.keys = keys
        self.prefix = prefix
    }

    func path(_ key: String) -> String { prefix.isEmpty ? key : prefix + "." + key }

    func allow(_ allowed: Set<String>) throws(ConfigurationError) {
        for k in keys where !allowed.contains(k) {
            throw ConfigurationError(field: path(k), message: "unknown key (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func node(_ key: String) -> Node? {
        guard let n = map[key] else { return nil }
        if case .scalar = n, n.null != nil, n.scalar?.style == .plain { return nil }
        return n
    }

    func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let n = node(key) else { return nil }
        guard case .scalar(let s) = n else { throw ConfigurationError(field: path(key), message: "must be a string") }
        return s.string
    }

    func double(_ key: String) throws(ConfigurationError) -> Double? {
        guard let n = node(key) else { return nil }
        guard let x = n.float ?? n.int.map(Double.init) else { throw ConfigurationError(field: path(key), message: "must be a number") }
        return x
    }

    func int(_ key: String) throws(ConfigurationError) -> Int? {
        guard let n = node(key) else { return nil }
        guard let x = n.int else { throw ConfigurationError(field: path(key), message: "must be an integer") }
        return x
    }

    func bool(_ key: String) throws(ConfigurationError) -> Bool? {
        guard let n = node(key) else { return nil }
        guard let x = n.bool else { throw ConfigurationError(field: path(key), message: "must be true or false") }
        return x
    }

    func required(_ key: String) throws(ConfigurationError) -> String {
        guard let s = try string(key) else { throw ConfigurationError(field: path(key), message: "missing") }
        return s
    }

    func required(_ key: String) throws(ConfigurationError) -> Double {
        guard let s = try double(key) else { throw ConfigurationError(field: path(key), message: "missing") }
        return s
    }
}
