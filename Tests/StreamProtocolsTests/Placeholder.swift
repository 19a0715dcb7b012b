import Testing
@testable import StreamProtocols
