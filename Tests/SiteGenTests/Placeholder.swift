import Testing
@testable import SiteGen
