#!/usr/bin/env python3
"""A Bedrock ConverseStream endpoint for tests, checked with AWS's own libraries.

It answers `POST /model/{modelId}/converse-stream` (modelId URL-encoded) like
bedrock-runtime does, so that bench's Bedrock path (SigV4 signing, request body, event-stream
decoding) is tested against AWS's code instead of against the project's own encoder:

* The SigV4 signature is checked with botocore's own signer: the request is rebuilt from the
  method, the raw path, the headers it names in `SignedHeaders` and the body, signed again with
  `botocore.auth.SigV4Auth` (`botocore.credentials.Credentials`, service `bedrock`, the region
  of the Authorization header's scope, the request's own `X-Amz-Date`), and the two
  `Authorization` headers must be equal. A mismatch answers 403 `InvalidSignatureException`
  with AWS's message; an unknown access key 403 `UnrecognizedClientException`.
* The body must be a valid ConverseStream request: botocore's parameter validator checks it
  against the `bedrock-runtime` service model shipped in botocore (messages, inferenceConfig,
  types and ranges), and `inferenceConfig.maxTokens` must be present. Else 400
  `ValidationException`.
* The answer is `application/vnd.amazon.eventstream` (chunked): messageStart, contentBlockDelta
  events (one to three words each, so deltas != tokens), contentBlockStop, messageStop
  (`end_turn`, or `max_tokens` when maxTokens is below the answer's length), metadata (usage,
  metrics), with small deterministic delays between events.

How the event-stream messages are encoded (awscrt):
  awscrt (PyPI `awscrt`, aws-c-event-stream inside) has no standalone event-stream encoder in
  its Python API: `awscrt.eventstream` only has the `Header` type, and the one encoder,
  aws-c-event-stream's `aws_event_stream_message_init`, is reachable only through the RPC
  client (`awscrt.eventstream.rpc.ClientConnection.send_protocol_message`, native
  `_awscrt.event_stream_rpc_client_connection_send_protocol_message`) over a live connection;
  the C symbols are not exported from `_awscrt.abi3.so`, so ctypes cannot reach them either.
  That path always appends its own int32 `:message-type`, `:message-flags` and `:stream-id`
  headers, which collide with Bedrock's string `:message-type` (botocore rejects a duplicate
  header), so awscrt cannot produce a Bedrock message byte for byte.
  So the frames are written by the small encoder below (`encode_message`, CRC-32 from
  `awscrt.checksums.crc32`), and checked against AWS's code twice:
    1. awscrt oracle: each distinct message is also sent through awscrt's RPC client to a
       loopback socket of this process, with the three RPC headers it adds; the encoder below,
       given the same headers plus those three, must produce exactly awscrt's bytes. (Done
       once per distinct message, cached; the server refuses to start if awscrt is unusable.)
    2. botocore round trip: every response's frames are decoded by
       `botocore.eventstream.EventStreamBuffer` (prelude and message CRCs, header types) and
       parsed by `botocore.eventstream.EventStream` with bedrock-runtime's `ConverseStream`
       output shape, as boto3 would read them, and must give back exactly the events meant;
       the exception fault must raise botocore's `EventStreamError` with its code.
  A message that fails either check is never sent: the request gets a 500 instead.

Usage (prints `PORT <n>` on its first stdout line, then serves until killed or stdin closes):

    python3 Tests/Servers/bedrock_converse_stream_server.py \\
        --access-key-id AKIDEXAMPLE --secret-access-key SECRET [--session-token T] \\
        [--tokens 24] [--delay-ms 5-20] [--fault none|exception|cut] [--log served.jsonl]

Credentials default to AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN.
`--log` appends one JSON line per request (what was checked and sent), for tests to compare.
"""

import argparse
import datetime
import hashlib
import http.server
import json
import os
import re
import socket
import struct
import sys
import threading
import time
import urllib.parse
import uuid

import awscrt.checksums
import awscrt.eventstream
import awscrt.eventstream.rpc as rpc
import botocore.auth
import botocore.awsrequest
import botocore.credentials
import botocore.eventstream
import botocore.exceptions
import botocore.parsers
import botocore.session
import botocore.validate

# ---------------------------------------------------------------------------------------------
# Event-stream encoding

STRING, INT32 = 7, 4  # header value types of the event-stream format


def encode_message(headers, payload):
    """One event-stream frame. headers: [(name, type, value)] in wire order (STRING or INT32)."""
    block = bytearray()
    for name, kind, value in headers:
        raw_name = name.encode("utf-8")
        block += struct.pack(">B", len(raw_name)) + raw_name + struct.pack(">B", kind)
        if kind == STRING:
            raw = value.encode("utf-8")
            block += struct.pack(">H", len(raw)) + raw
        elif kind == INT32:
            block += struct.pack(">i", value)
        else:
            raise ValueError(f"header type {kind} not supported")
    total = 12 + len(block) + len(payload) + 4
    prelude = struct.pack(">II", total, len(block))
    prelude += struct.pack(">I", awscrt.checksums.crc32(prelude))
    body = prelude + bytes(block) + payload
    return body + struct.pack(">I", awscrt.checksums.crc32(body))


class AwscrtOracle:
    """awscrt's own encoder, reached through its event-stream RPC client on a loopback socket.

    `frame(headers, payload)` opens an awscrt RPC client connection to a listening socket of
    this process, sends the message as the connection's CONNECT message (awscrt allows one
    CONNECT before the server's CONNECT_ACK, and nothing else, so each message gets a fresh
    connection) and returns the bytes aws-c-event-stream wrote, read from the accepted socket.
    awscrt appends `:message-type` = 4 (CONNECT), `:message-flags` = 0 and `:stream-id` = 0
    (int32) after the given headers.
    """

    RPC_HEADERS = [(":message-type", INT32, int(rpc.MessageType.CONNECT)), (":message-flags", INT32, 0), (":stream-id", INT32, 0)]

    def __init__(self):
        self._lock = threading.Lock()
        self._checked = set()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(4)
        self._listener.settimeout(10)

    def frame(self, headers, payload):
        crt_headers = []
        for name, kind, value in headers:
            if kind == STRING:
                crt_headers.append(awscrt.eventstream.Header.from_string(name, value))
            else:
                crt_headers.append(awscrt.eventstream.Header.from_int32(name, value))
        connected = {}

        class Handler(rpc.ClientConnectionHandler):
            def on_connection_setup(self, connection, error, **kwargs):
                connected["connection"], connected["error"] = connection, error

            def on_connection_shutdown(self, reason, **kwargs):
                pass

            def on_protocol_message(self, headers, payload, message_type, flags, **kwargs):
                pass

        with self._lock:
            future = rpc.ClientConnection.connect(
                handler=Handler(), host_name="127.0.0.1", port=self._listener.getsockname()[1])
            sock, _ = self._listener.accept()
            try:
                sock.settimeout(10)
                future.result(timeout=10)
                connection = connected.get("connection")
                if connection is None:
                    raise RuntimeError(f"awscrt could not connect: {connected.get('error')}")
                try:
                    connection.send_protocol_message(
                        headers=crt_headers, payload=payload, message_type=rpc.MessageType.CONNECT).result(timeout=10)
                    prelude = self._read(sock, 12)
                    (total,) = struct.unpack(">I", prelude[:4])
                    return prelude + self._read(sock, total - 12)
                finally:
                    connection.close()
            finally:
                sock.close()

    @staticmethod
    def _read(sock, n):
        out = b""
        while len(out) < n:
            data = sock.recv(n - len(out))
            if not data:
                raise RuntimeError("awscrt closed its connection")
            out += data
        return out

    def check(self, headers, payload):
        """Raises unless encode_message(headers + RPC headers) is byte for byte awscrt's frame."""
        mine = encode_message(list(headers) + self.RPC_HEADERS, payload)
        key = hashlib.sha256(mine).digest()
        if key in self._checked:
            return
        theirs = self.frame(headers, payload)
        if mine != theirs:
            raise RuntimeError(f"encoder differs from awscrt's: {mine.hex()} != {theirs.hex()}")
        self._checked.add(key)


# ---------------------------------------------------------------------------------------------
# botocore: service model, validation, decoding

SESSION = botocore.session.get_session()
SERVICE = SESSION.get_service_model("bedrock-runtime")
OPERATION = SERVICE.operation_model("ConverseStream")
STREAM_SHAPE = OPERATION.output_shape.members["stream"]


class _RawStream:
    def __init__(self, frames):
        self._frames = frames

    def stream(self):
        yield from self._frames

    def close(self):
        pass


def decode_with_botocore(frames):
    """The events boto3 would hand its caller, and the exception it would raise (or None)."""
    for frame in frames:  # each frame alone: its prelude, CRCs and headers
        buffer = botocore.eventstream.EventStreamBuffer()
        buffer.add_data(frame)
        messages = list(buffer)
        if len(messages) != 1:
            raise RuntimeError(f"botocore decoded {len(messages)} messages from one frame")
    events, error = [], None
    stream = botocore.eventstream.EventStream(
        _RawStream(frames), STREAM_SHAPE, botocore.parsers.EventStreamJSONParser(), "ConverseStream")
    try:
        for event in stream:
            events.append(event)
    except botocore.exceptions.EventStreamError as e:
        error = e
    return events, error


# ---------------------------------------------------------------------------------------------
# The answer

WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima")


def plan_answer(max_tokens, tokens):
    """(deltas, output tokens, stop reason): one word per token, 1–3 words per delta, fixed."""
    n = min(max_tokens, tokens)
    deltas, i, k = [], 0, 0
    while i < n:
        size = min((1, 2, 1, 3)[k % 4], n - i)
        deltas.append("".join(WORDS[(i + j) % len(WORDS)] + " " for j in range(size)))
        i += size
        k += 1
    return deltas, n, ("max_tokens" if max_tokens <= tokens else "end_turn")


def event(event_type, body):
    headers = [(":event-type", STRING, event_type), (":content-type", STRING, "application/json"), (":message-type", STRING, "event")]
    return headers, json.dumps(body, separators=(",", ":")).encode()


def exception(exception_type, message):
    headers = [(":exception-type", STRING, exception_type), (":content-type", STRING, "application/json"),
               (":message-type", STRING, "exception")]
    return headers, json.dumps({"message": message}).encode()


def delays_ms(count, low, high):
    """Fixed pseudo-random delays in [low, high] ms (no clock, no seed: the same every run)."""
    return [low + (i * 7 + 3) % (high - low + 1) for i in range(count)]


# ---------------------------------------------------------------------------------------------
# SigV4

AUTH_RE = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<day>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request, "
    r"SignedHeaders=(?P<signed>[a-z0-9;\-]+), Signature=(?P<sig>[0-9a-f]{64})$")
SIGNER_CLOCK = threading.Lock()  # botocore reads the time inside add_auth: patched under this lock


def botocore_authorization(method, url, headers, body, amz_date, region, credentials):
    """The Authorization header botocore's SigV4Auth gives this request at this X-Amz-Date."""
    request = botocore.awsrequest.AWSRequest(method=method, url=url, headers=headers, data=body)
    when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
    signer = botocore.auth.SigV4Auth(credentials, "bedrock", region)
    with SIGNER_CLOCK:
        saved = botocore.auth.get_current_datetime
        botocore.auth.get_current_datetime = lambda *a, **k: when
        try:
            signer.add_auth(request)
        finally:
            botocore.auth.get_current_datetime = saved
    return request.headers["Authorization"]


# ---------------------------------------------------------------------------------------------
# HTTP

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "BedrockTestServer"
    sys_version = ""

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # timing: no Nagle

    def log_message(self, format, *args):
        pass

    def do_POST(self):
        options = self.server.options
        record = {"path": self.path, "request_id": self.headers.get("X-Request-Id")}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        match = re.fullmatch(r"/model/([^/?]+)/converse-stream", self.path)
        if not match:
            return self.error(404, "UnknownOperationException", "Unknown operation", record)
        model_id = urllib.parse.unquote(match.group(1))
        record["model_id"] = model_id

        # SigV4, checked by botocore.
        auth = AUTH_RE.match(self.headers.get("Authorization") or "")
        amz_date = self.headers.get("X-Amz-Date") or ""
        if not auth or not re.fullmatch(r"\d{8}T\d{6}Z", amz_date) or auth["day"] != amz_date[:8]:
            return self.error(403, "IncompleteSignatureException", "Authorization header or X-Amz-Date is missing or malformed", record)
        record["region"] = auth["region"]
        if auth["key"] != options.access_key_id:
            return self.error(403, "UnrecognizedClientException", "The security token included in the request is invalid.", record)
        if auth["service"] != "bedrock":
            return self.error(403, "InvalidSignatureException", f"Credential should be scoped to correct service: 'bedrock'.", record)
        signed = auth["signed"].split(";")
        record["signed_headers"] = signed
        if "host" not in signed or "x-amz-date" not in signed:
            return self.error(403, "InvalidSignatureException", "'Host' and 'X-Amz-Date' must be signed.", record)
        # As AWS does: only the headers the client says it signed go into the canonical request.
        names = {n.lower(): n for n in self.headers.keys()}
        missing = [n for n in signed if n not in names]
        if missing:
            return self.error(403, "InvalidSignatureException", f"Signed header(s) not sent: {missing}", record)
        headers = {names[n]: ",".join(self.headers.get_all(names[n])) for n in signed}
        headers.pop(names.get("authorization", "Authorization"), None)
        url = "http://" + self.headers["Host"] + self.path
        credentials = botocore.credentials.Credentials(options.access_key_id, options.secret_access_key, options.session_token)
        expected = botocore_authorization("POST", url, headers, body, amz_date, auth["region"], credentials)
        record["signature_ok"] = expected == self.headers["Authorization"]
        if not record["signature_ok"]:
            return self.error(
                403, "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key "
                "and signing method. Consult the service documentation for details.", record)

        # The body, against the ConverseStream input shape.
        try:
            params = json.loads(body)
            if not isinstance(params, dict):
                raise ValueError("the body is not a JSON object")
            max_tokens = params.get("inferenceConfig", {}).get("maxTokens")
            if not isinstance(max_tokens, int) or isinstance(max_tokens, bool):
                raise ValueError("inferenceConfig.maxTokens is missing")
            if not params.get("messages"):
                raise ValueError("messages is missing")
            botocore.validate.validate_parameters(dict(params, modelId=model_id), OPERATION.input_shape)
        except (ValueError, botocore.exceptions.ParamValidationError) as e:
            return self.error(400, "ValidationException", str(e).replace("\n", " "), record)
        record["max_tokens"] = max_tokens

        # The answer, checked by awscrt and botocore before anything is sent.
        deltas, output_tokens, stop_reason = plan_answer(max_tokens, options.tokens)
        input_tokens = sum(len(part.get("text", "").split()) for m in params["messages"] for part in m.get("content", []))
        messages = [event("messageStart", {"p": "abcd", "role": "assistant"})]
        messages += [event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": t}, "p": "abcdefgh"}) for t in deltas]
        messages += [event("contentBlockStop", {"contentBlockIndex": 0, "p": "abc"}),
                     event("messageStop", {"p": "ab", "stopReason": stop_reason})]
        pauses = delays_ms(len(messages) + 1, options.delay_low, options.delay_high)
        usage = {"inputTokens": input_tokens, "outputTokens": output_tokens, "totalTokens": input_tokens + output_tokens}
        # latencyMs: the planned time of the whole answer (every message is built and checked before
        # the first is sent).
        messages.append(event("metadata", {"metrics": {"latencyMs": sum(pauses)}, "p": "abcdef", "usage": usage}))
        fault_at = 1 + len(deltas) // 2  # after messageStart and half the deltas
        if options.fault == "exception":
            messages = messages[:fault_at] + [exception(
                "throttlingException", "Too many requests, please wait before trying again.")]
        try:
            frames = [self.checked_frame(h, p) for h, p in messages]
            self.check_decoded(frames, messages, options.fault == "exception")
        except Exception as e:  # never send what AWS's code disagrees with
            return self.error(500, "InternalServerException", f"the test server's own check failed: {e}", record)

        cut = options.fault == "cut"
        sent_deltas = sum(1 for h, _ in messages[:fault_at if cut else len(messages)] if h[0] == (":event-type", STRING, "contentBlockDelta"))
        record.update(deltas=len(deltas), output_tokens=output_tokens, input_tokens=input_tokens, stop_reason=stop_reason,
                      fault=options.fault, sent_deltas=sent_deltas, latency_ms=sum(pauses))
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.amazon.eventstream")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        self.end_headers()
        logged = False
        try:
            for i, frame in enumerate(frames):
                time.sleep(pauses[i] / 1000)
                last = i == len(frames) - 1 or (cut and i == fault_at)
                if last:  # logged before the client can see the end, so a test never reads the log early
                    self.server.log(record)
                    logged = True
                if cut and i == fault_at:
                    self.chunk(frame[: len(frame) // 2])  # half a frame, then the connection drops
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.chunk(frame)
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except OSError as e:
            record["write_error"] = str(e)
        finally:
            if not logged:
                self.server.log(record)

    def checked_frame(self, headers, payload):
        self.server.oracle.check(headers, payload)
        return encode_message(headers, payload)

    @staticmethod
    def check_decoded(frames, messages, expect_exception):
        """botocore must read the frames back as exactly the events of `messages` (whose payloads
        lose the `p` padding field, which the service model does not declare, as boto3 drops it)."""
        events, error = decode_with_botocore(frames)
        meant = []
        for headers, payload in messages:
            if dict((n, v) for n, _, v in headers)[":message-type"] == "event":
                body = json.loads(payload)
                body.pop("p", None)
                meant.append({dict((n, v) for n, _, v in headers)[":event-type"]: body})
        if events != meant:
            raise RuntimeError(f"botocore read {events!r}, not {meant!r}")
        if expect_exception:
            if error is None or error.response.get("Error", {}).get("Code") != "throttlingException":
                raise RuntimeError(f"botocore did not raise the throttlingException: {error!r}")
        elif error is not None:
            raise RuntimeError(f"botocore raised {error!r}")

    def chunk(self, data):
        self.wfile.write(b"%x\r\n" % len(data) + data + b"\r\n")
        self.wfile.flush()

    def error(self, status, error_type, message, record):
        record.update(status=status, error_type=error_type)
        self.server.log(record)
        body = json.dumps({"message": message}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("x-amzn-ErrorType", error_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, options):
        super().__init__(("127.0.0.1", 0), Handler)
        self.options = options
        self.oracle = AwscrtOracle()
        self._log_lock = threading.Lock()

    def log(self, record):
        if not self.options.log:
            return
        with self._log_lock, open(self.options.log, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, sort_keys=True) + "\n")


def main():
    parser = argparse.ArgumentParser(description="Bedrock ConverseStream test server checked with botocore and awscrt.")
    parser.add_argument("--access-key-id", default=os.environ.get("AWS_ACCESS_KEY_ID"))
    parser.add_argument("--secret-access-key", default=os.environ.get("AWS_SECRET_ACCESS_KEY"))
    parser.add_argument("--session-token", default=os.environ.get("AWS_SESSION_TOKEN") or None)
    parser.add_argument("--tokens", type=int, default=24, help="answer length in tokens (capped by maxTokens)")
    parser.add_argument("--delay-ms", default="5-20", help="pause before each event, LOW-HIGH ms")
    parser.add_argument("--fault", choices=["none", "exception", "cut"], default="none")
    parser.add_argument("--log", help="append one JSON line per request to this file")
    options = parser.parse_args()
    if not options.access_key_id or not options.secret_access_key:
        parser.error("credentials needed: --access-key-id/--secret-access-key or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY")
    low, _, high = options.delay_ms.partition("-")
    options.delay_low, options.delay_high = int(low), int(high or low)

    server = Server(options)
    self_test(server.oracle)
    print(f"PORT {server.server_address[1]}", flush=True)

    def watch_stdin():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except (OSError, ValueError):
            pass
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    server.serve_forever()


def self_test(oracle):
    """At start: a whole answer and the exception through both checks, so a broken install fails early."""
    deltas, n, reason = plan_answer(30, 24)
    messages = [event("messageStart", {"role": "assistant"})] + [
        event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": t}}) for t in deltas] + [
        event("messageStop", {"stopReason": reason}),
        event("metadata", {"usage": {"inputTokens": 3, "outputTokens": n, "totalTokens": n + 3}, "metrics": {"latencyMs": 1}})]
    for h, p in messages + [exception("throttlingException", "slow down ✋")]:
        oracle.check(h, p)
    Handler.check_decoded([encode_message(h, p) for h, p in messages], messages, False)
    exc = [event("messageStart", {"role": "assistant"}), exception("throttlingException", "slow down")]
    Handler.check_decoded([encode_message(h, p) for h, p in exc], exc, True)


if __name__ == "__main__":
    main()
