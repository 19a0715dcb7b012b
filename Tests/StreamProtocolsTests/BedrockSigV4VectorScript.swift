// The generator of the Bedrock-style SigV4 vector in SigV4Tests.bedrockStylePostMatchesBotocore,
// kept here as a comment so the test target holds no non-Swift file. Run it with botocore:
//     python3 -m venv /tmp/v && /tmp/v/bin/pip install botocore && /tmp/v/bin/python gen_bedrock_sigv4.py
// (extract the text between the markers into gen_bedrock_sigv4.py). Output with botocore 1.44.8:
//   token: None
//     X-Amz-Date: 20240501T123456Z
//     Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-west-2/bedrock/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date;x-request-id, Signature=2641b5b27d7f86f0c265e13aef90378c9883c0726a0bbbca669aeb2a4c347e68
//   token: FQoGZXIvYXdzEXAMPLETOKEN/+==
//     X-Amz-Date: 20240501T123456Z
//     X-Amz-Security-Token: FQoGZXIvYXdzEXAMPLETOKEN/+==
//     Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-west-2/bedrock/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date;x-amz-security-token;x-request-id, Signature=8c9fb9990617d551e65f7fa2a4168a0f2278d514d4c19d90834968df65b4bd40

/* ---- gen_bedrock_sigv4.py ----
#!/usr/bin/env python3
"""Generates the Bedrock-style SigV4 vector used by SigV4Tests.bedrockStylePostMatchesBotocore.

Signs a ConverseStream POST with botocore's own SigV4Auth (the signer of the AWS CLI and boto3),
at a fixed time, and prints the headers it adds. Run with botocore installed:
    python3 -m venv /tmp/v && /tmp/v/bin/pip install botocore && /tmp/v/bin/python gen_bedrock_sigv4.py
Output with botocore 1.44.8 is pasted into SigV4Tests.swift.
"""
import datetime
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

URL = ("https://bedrock-runtime.us-west-2.amazonaws.com/model/"
       "anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream")
BODY = (b'{"inferenceConfig":{"maxTokens":1024,"temperature":0.7},'
        b'"messages":[{"content":[{"text":"Hello"}],"role":"user"}]}')
NOW = datetime.datetime(2024, 5, 1, 12, 34, 56, tzinfo=datetime.timezone.utc)


class FixedDatetime(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return NOW.replace(tzinfo=None)

    @classmethod
    def now(cls, tz=None):
        return NOW if tz else NOW.replace(tzinfo=None)


for token in (None, "FQoGZXIvYXdzEXAMPLETOKEN/+=="):
    creds = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token)
    req = AWSRequest(method="POST", url=URL, data=BODY, headers={
        "Content-Type": "application/json",
        "Accept": "application/vnd.amazon.eventstream",
        "X-Request-Id": "req-42",
    })
    with mock.patch.object(botocore.auth.datetime, "datetime", FixedDatetime):
        botocore.auth.SigV4Auth(creds, "bedrock", "us-west-2").add_auth(req)
    print("token:", token)
    for name in ("X-Amz-Date", "X-Amz-Security-Token", "Authorization"):
        if name in req.headers:
            print(f"  {name}: {req.headers[name]}")
---- end ---- */
