// AWS Signature Version 4 test-suite vectors ("aws-sig-v4-test-suite", published by AWS in the
// General Reference; credentials AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY,
// region us-east-1, service "service", time 2015-08-30T12:36:00Z).
//
// Taken from AWS's own SDK copy of the suite: aws/aws-sdk-js-v3,
// packages/signature-v4/src/suite.fixture.ts (request shapes and expected Authorization), and
// for the session-token case from awslabs/aws-c-auth,
// tests/aws-signing-test-suite/v4/get-vanilla-with-session-token/{context.json,header-signed-request.txt},
// and the path-normalisation cases from the same directory (get-slashes-normalized,
// get-slash-dot-slash-normalized, get-relative-relative-normalized, get-space-normalized).
// The canonical-request hashes of get-vanilla and post-x-www-form-urlencoded are the 4th line of
// the suite's .sts files.

struct SigV4Vector {
    var name: String
    var method: String
    var url: String
    var headers: [(String, String)]
    var body: String = ""
    var sessionToken: String? = nil
    var signedHeaders: String
    var signature: String
}

let sigV4SuiteVectors: [SigV4Vector] = [
    SigV4Vector(
        name: "get-vanilla", method: "GET", url: "https://example.amazonaws.com/",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
    SigV4Vector(
        name: "get-vanilla-query-order-key-case", method: "GET",
        url: "https://example.amazonaws.com/?Param2=value2&Param1=value1",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
    SigV4Vector(
        name: "get-vanilla-empty-query-key", method: "GET", url: "https://example.amazonaws.com/?Param1=value1",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),
    SigV4Vector(
        name: "get-vanilla-query-unreserved", method: "GET",
        url: "https://example.amazonaws.com/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
            + "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
    SigV4Vector(
        name: "get-vanilla-utf8-query", method: "GET", url: "https://example.amazonaws.com/?ሴ=bar",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
    SigV4Vector(
        name: "get-unreserved", method: "GET",
        url: "https://example.amazonaws.com/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
    SigV4Vector(
        name: "get-utf8", method: "GET", url: "https://example.amazonaws.com/ሴ",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
    SigV4Vector(
        name: "get-header-key-duplicate", method: "GET", url: "https://example.amazonaws.com/",
        headers: [
            ("Host", "example.amazonaws.com"), ("My-Header1", "value2"), ("My-Header1", "value2"),
            ("My-Header1", "value1"), ("X-Amz-Date", "20150830T123600Z"),
        ],
        signedHeaders: "host;my-header1;x-amz-date",
        signature: "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
    SigV4Vector(
        name: "get-header-value-order", method: "GET", url: "https://example.amazonaws.com/",
        headers: [
            ("Host", "example.amazonaws.com"), ("My-Header1", "value4"), ("My-Header1", "value1"),
            ("My-Header1", "value3"), ("My-Header1", "value2"), ("X-Amz-Date", "20150830T123600Z"),
        ],
        signedHeaders: "host;my-header1;x-amz-date",
        signature: "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
    SigV4Vector(
        name: "get-header-value-trim", method: "GET", url: "https://example.amazonaws.com/",
        headers: [
            ("Host", "example.amazonaws.com"), ("My-Header1", " value1"), ("My-Header2", " \"a   b   c\""),
            ("X-Amz-Date", "20150830T123600Z"),
        ],
        signedHeaders: "host;my-header1;my-header2;x-amz-date",
        signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
    SigV4Vector(
        name: "post-vanilla", method: "POST", url: "https://example.amazonaws.com/",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
    SigV4Vector(
        name: "post-header-key-case", method: "POST", url: "https://example.amazonaws.com/",
        headers: [("HOST", "example.amazonaws.com"), ("x-AMZ-date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
    SigV4Vector(
        name: "post-header-key-sort", method: "POST", url: "https://example.amazonaws.com/",
        headers: [("Host", "example.amazonaws.com"), ("My-Header1", "value1"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;my-header1;x-amz-date",
        signature: "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
    SigV4Vector(
        name: "post-header-value-case", method: "POST", url: "https://example.amazonaws.com/",
        headers: [("Host", "example.amazonaws.com"), ("My-Header1", "VALUE1"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;my-header1;x-amz-date",
        signature: "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
    SigV4Vector(
        name: "post-vanilla-query", method: "POST", url: "https://example.amazonaws.com/?Param1=value1",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
    SigV4Vector(
        name: "post-x-www-form-urlencoded", method: "POST", url: "https://example.amazonaws.com/",
        headers: [
            ("Content-Type", "application/x-www-form-urlencoded"), ("Host", "example.amazonaws.com"),
            ("X-Amz-Date", "20150830T123600Z"),
        ],
        body: "Param1=value1",
        signedHeaders: "content-type;host;x-amz-date",
        signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
    SigV4Vector(
        name: "post-x-www-form-urlencoded-parameters", method: "POST", url: "https://example.amazonaws.com/",
        headers: [
            ("Content-Type", "application/x-www-form-urlencoded; charset=utf8"), ("Host", "example.amazonaws.com"),
            ("X-Amz-Date", "20150830T123600Z"),
        ],
        body: "Param1=value1",
        signedHeaders: "content-type;host;x-amz-date",
        signature: "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"),
    SigV4Vector(
        name: "get-vanilla-with-session-token", method: "GET", url: "https://example.amazonaws.com/",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        sessionToken: "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267",
        signedHeaders: "host;x-amz-date;x-amz-security-token",
        signature: "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"),
    SigV4Vector(
        name: "get-slashes-normalized", method: "GET", url: "https://example.amazonaws.com//example//",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"),
    SigV4Vector(
        name: "get-slash-dot-slash-normalized", method: "GET", url: "https://example.amazonaws.com/./",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
    SigV4Vector(
        name: "get-relative-relative-normalized", method: "GET", url: "https://example.amazonaws.com/example1/example2/../..",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
    SigV4Vector(
        name: "get-space-normalized", method: "GET", url: "https://example.amazonaws.com/example space/",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"),
    SigV4Vector(
        name: "get-slashes-normalized", method: "GET", url: "https://example.amazonaws.com//example//",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"),
    SigV4Vector(
        name: "get-slash-dot-slash-normalized", method: "GET", url: "https://example.amazonaws.com/./",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
    SigV4Vector(
        name: "get-relative-relative-normalized", method: "GET", url: "https://example.amazonaws.com/example1/example2/../..",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
    SigV4Vector(
        name: "get-space-normalized", method: "GET", url: "https://example.amazonaws.com/example space/",
        headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
        signedHeaders: "host;x-amz-date",
        signature: "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"),
]
