import Foundation
import Testing

@testable import StreamProtocols

@Suite struct SigV4Tests {
    let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    func header(_ headers: [(String, String)], _ name: String) -> [String] {
        headers.filter { $0.0.lowercased() == name }.map(\.1)
    }

    @Test(arguments: sigV4SuiteVectors.map(\.name))
    func awsTestSuite(_ name: String) {
        let v = sigV4SuiteVectors.first { $0.name == name }!
        let creds = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: v.sessionToken)
        let signer = SigV4Signer(credentials: creds, region: "us-east-1", service: "service")
        let signed = signer.sign(method: v.method, url: v.url, headers: v.headers, body: Array(v.body.utf8), date: suiteDate)
        #expect(
            header(signed, "authorization") == [
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                    + "SignedHeaders=\(v.signedHeaders), Signature=\(v.signature)"
            ])
        #expect(header(signed, "x-amz-date") == ["20150830T123600Z"])
        #expect(header(signed, "x-amz-security-token") == (v.sessionToken.map { [$0] } ?? []))
    }

    @Test func canonicalRequestHashesMatchTheSuite() {
        let creds = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        let signer = SigV4Signer(credentials: creds, region: "us-east-1", service: "service")
        let vanilla = signer.signature(
            method: "GET", url: "https://example.amazonaws.com/", headers: [], body: [], date: suiteDate)
        #expect(vanilla.canonicalRequest == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(vanilla.stringToSign.hasSuffix("\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"))
        let form = signer.signature(
            method: "POST", url: "https://example.amazonaws.com/",
            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array("Param1=value1".utf8), date: suiteDate)
        #expect(form.stringToSign == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281")
    }

    /// Expected values from botocore 1.44.8's SigV4Auth (gen_bedrock_sigv4.py beside this file).
    @Test(arguments: [
        (nil, "accept;content-type;host;x-amz-date;x-request-id", "2641b5b27d7f86f0c265e13aef90378c9883c0726a0bbbca669aeb2a4c347e68"),
        ("FQoGZXIvYXdzEXAMPLETOKEN/+==", "accept;content-type;host;x-amz-date;x-amz-security-token;x-request-id",
         "8c9fb9990617d551e65f7fa2a4168a0f2278d514d4c19d90834968df65b4bd40"),
    ] as [(String?, String, String)])
    func bedrockStylePostMatchesBotocore(token: String?, signedHeaders: String, signature: String) {
        let creds = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: token)
        let signer = SigV4Signer(credentials: creds, region: "us-west-2", service: "bedrock")
        let body = #"{"inferenceConfig":{"maxTokens":1024,"temperature":0.7},"messages":[{"content":[{"text":"Hello"}],"role":"user"}]}"#
        let signed = signer.sign(
            method: "POST",
            url: "https://bedrock-runtime.us-west-2.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream",
            headers: [("Content-Type", "application/json"), ("Accept", "application/vnd.amazon.eventstream"), ("X-Request-Id", "req-42")],
            body: Array(body.utf8), date: Date(timeIntervalSince1970: 1_714_566_896))  // 2024-05-01T12:34:56Z
        #expect(header(signed, "x-amz-date") == ["20240501T123456Z"])
        #expect(
            header(signed, "authorization") == [
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-west-2/bedrock/aws4_request, SignedHeaders=\(signedHeaders), Signature=\(signature)"
            ])
        // The input headers are kept, in order, before the added ones.
        #expect(signed.prefix(3).map(\.0) == ["Content-Type", "Accept", "X-Request-Id"])
    }

    @Test func amzDateFormatting() {
        #expect(SigV4Signer.amzDate(Date(timeIntervalSince1970: 0)) == "19700101T000000Z")
        #expect(SigV4Signer.amzDate(Date(timeIntervalSince1970: 951_825_600.9)) == "20000229T120000Z")
        #expect(SigV4Signer.amzDate(Date(timeIntervalSince1970: 4_102_444_799)) == "20991231T235959Z")
    }

    @Test func contentSHA256HeaderIsOptional() {
        let creds = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")
        let signed = SigV4Signer(credentials: creds, region: "us-east-1", service: "s3", addContentSHA256Header: true)
            .sign(method: "GET", url: "https://example.amazonaws.com/", headers: [], body: [], date: suiteDate)
        #expect(header(signed, "x-amz-content-sha256") == ["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"])
        #expect(header(signed, "authorization").first?.contains("host;x-amz-content-sha256;x-amz-date") == true)
    }

    @Test func credentialsNeverPrintSecrets() {
        let creds = AWSCredentials(accessKeyID: "AKIA" + "FAKEKEYID1234567", secretAccessKey: "SECRET-sekrit-42", sessionToken: "TOKEN-tok-42")
        let signer = SigV4Signer(credentials: creds, region: "us-east-1", service: "bedrock")
        for text in [
            "\(creds)", String(reflecting: creds), "\(signer)", String(reflecting: signer), dumped(creds), dumped(signer),
        ] {
            #expect(!text.contains("SECRET-sekrit-42"))
            #expect(!text.contains("TOKEN-tok-42"))
            #expect(!text.contains("FAKEKEYID1234567"))
        }
        #expect("\(creds)".hasPrefix("AWSCredentials(AKIA…redacted"))
    }

    @Test func credentialsFromEnvironment() {
        #expect(AWSCredentials.fromEnvironment([:]) == nil)
        #expect(AWSCredentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "a"]) == nil)
        let c = AWSCredentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b", "AWS_SESSION_TOKEN": ""])
        #expect(c?.accessKeyID == "a")
        #expect(c?.secretAccessKey == "b")
        #expect(c?.sessionToken == nil)
        #expect(
            AWSCredentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b", "AWS_SESSION_TOKEN": "t"])?
                .sessionToken == "t")
    }
}

func dumped<T>(_ value: T) -> String {
    var s = ""
    dump(value, to: &s)
    return s
}
