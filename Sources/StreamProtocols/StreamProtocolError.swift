/// A wire-protocol failure. The message is short and never contains headers, keys or credentials;
/// it may name a position in the stream, never the payload's content beyond a field name.
public struct StreamProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// An event that is not what its API allows (bad JSON, wrong shape).
        case malformedEvent
        /// An AWS event-stream prelude or message CRC32 does not match.
        case badCRC
        /// The body ended inside a binary frame.
        case truncatedFrame
        /// A frame, event-stream line or event, or a whole response larger than the protocol or
        /// the client's limit allows (`StreamDecoder.maxEventBytes`, `maxResponseBytes`).
        case frameTooLarge
        /// A request could not be built (bad URL, missing credentials, bad parameter).
        case invalidRequest
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
