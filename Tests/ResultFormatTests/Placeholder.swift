import Testing
@testable import ResultFormat
