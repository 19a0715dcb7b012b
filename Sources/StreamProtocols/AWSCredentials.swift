/// AWS credentials for SigV4 signing. Printing them never shows the secret or the token.
public struct AWSCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional `AWS_SESSION_TOKEN`;
    /// nil unless both required variables are set and non-empty.
    public static func fromEnvironment(_ env: [String: String]) -> AWSCredentials? {
        guard let id = env["AWS_ACCESS_KEY_ID"], !id.isEmpty,
            let secret = env["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
        else { return nil }
        let token = env["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token)
    }

    /// e.g. `AWSCredentials(AKIA…redacted)`; the key ID's first four characters only.
    public var description: String {
        "AWSCredentials(\(accessKeyID.prefix(4))…redacted\(sessionToken == nil ? "" : ", with session token"))"
    }

    public var debugDescription: String { description }

    /// `dump()` and mirrors see only the redacted form.
    public var customMirror: Mirror { Mirror(self, children: ["redacted": description]) }
}
