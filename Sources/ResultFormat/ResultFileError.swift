import JSON
/// Everything that can be wrong with a result file or a results folder, with enough context
/// (file, field, reason) for a user to fix it without reading code.
public struct ResultFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        /// Could not be read from disk, or failed to decompress.
        case unreadable(String)
        /// Not valid JSON.
        case syntax(JSONSyntaxError)
        /// Valid JSON, but not a result file (no `schema` marker).
        case notAResultFile
        /// A major schema version this reader does not know.
        case unsupportedVersion(String)
        /// A required field is absent.
        case missingField(String)
        /// A field has the wrong type or an impossible value.
        case invalidField(String, String)
        /// Two files in one run folder claim the same provider slug.
        case duplicateSlug(slug: String, other: String)
        /// A run folder holds no result files.
        case emptyRun(String)
    }

    /// The file (or folder) at fault, as given by the caller.
    public var path: String
    public var problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    /// The field at fault, if the problem concerns one.
    public var field: String? {
        switch problem {
        case .missingField(let f), .invalidField(let f, _): return f
        case .syntax(let e): return e.path.isEmpty ? nil : e.path
        default: return nil
        }
    }

    /// What is wrong, without the path (for messages that name the path themselves).
    public var reason: String {
        switch problem {
        case .unreadable(let why): return "cannot read: \(why)"
        case .syntax(let e): return "malformed JSON at \(e)"
        case .notAResultFile:
            return "not a result file (no \"schema\": \"\(ResultFile.schemaName)\" at the top level)"
        case .unsupportedVersion(let v):
            return "schema_version \(v) is not supported; this sitegen reads major versions \(ResultFile.readableMajorVersions.lowerBound) to \(ResultFile.readableMajorVersions.upperBound) (upgrade the tool to read newer files)"
        case .missingField(let f): return "missing field '\(f)'"
        case .invalidField(let f, let why): return "field '\(f)': \(why)"
        case .duplicateSlug(let slug, let other):
            return "provider slug '\(slug)' is also used by \(other) in the same run"
        case .emptyRun: return "run folder holds no result files (*.json or *.json.gz)"
        }
    }

    /// The place at fault: the file, or for an empty run its folder.
    public var place: String {
        if case .emptyRun(let folder) = problem { return folder }
        return path
    }

    public var description: String { "\(place): \(reason)" }
}
