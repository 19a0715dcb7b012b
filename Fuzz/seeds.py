#!/usr/bin/env python3
"""Writes the hand-made seed inputs of Fuzz/Corpus/ (see docs/fuzzing.md).

Run from anywhere: `python3 Fuzz/seeds.py`. It rewrites only the files named `seed-*`; inputs
libFuzzer found (named by their SHA-1) and regression inputs (`regression-*`) are left alone.
Seeds come from the repository's own fixtures and examples where it has them, else they are
built here the way the bench's writers build them (chunk text, event-stream frames).
"""
import gzip
import json
import os
import struct
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Fuzz", "Corpus")


def write(target, name, data):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(folder, "seed-" + name), "wb") as f:
        f.write(data)


def read(*path):
    with open(os.path.join(ROOT, *path), "rb") as f:
        return f.read()


# --- chunk text (result format 2) -------------------------------------------------------------
DIGITS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def chunk_text(deltas):
    out = bytearray()
    for d in deltas:
        if 0 <= d < 1 << 18:
            out += bytes([DIGITS[d >> 12], DIGITS[d >> 6 & 63], DIGITS[d & 63]])
        else:
            v = d & (1 << 64) - 1
            out += b"~" + bytes(DIGITS[v >> s & 63] for s in range(60, -1, -6))
    return bytes(out)


# --- results: a small format-1 fixture, and the same in format 2 and gzip ---------------------
fixture = read("Tests", "ResultFormatTests", "Fixtures", "valid.json")
write("result-file", "fixture-1.0.json", fixture)


def format2(doc_bytes):
    doc = json.loads(doc_bytes)
    doc["schema_version"] = "2.1"
    for r in doc["requests"]:
        r["chunks"] = chunk_text(r["chunks"]).decode()
    doc["requests"][0]["server_timings"] = {"prompt_tokens": 12, "prompt_ms": 3.5, "decode_tokens": 4, "decode_ms": 60.25}
    return json.dumps(doc, indent=1, ensure_ascii=False).encode()


v2 = format2(fixture)
write("result-file", "fixture-2.1.json", v2)
write("result-file", "fixture-2.1.json.gz", gzip.compress(v2, mtime=0))

# A real simulated run, cut to its first four requests (the whole file is 600 KiB).
sim = json.loads(gzip.decompress(read("examples", "simulated-results", "2026-11-30T06-50-06Z", "sim-flaky.json.gz")))
sim["requests"] = sim["requests"][:4]
sim["workload"]["request_count"] = 4
sim_text = json.dumps(sim, ensure_ascii=False).encode()
write("result-file", "sim-flaky-4.json", sim_text)
write("result-file", "sim-flaky-4-2.1.json.gz", gzip.compress(format2(sim_text), mtime=0))

# --- JSON reader: the result files above, stream events, and the corners of the grammar -------
write("json", "fixture.json", fixture)
write("json", "event-openai.json", '{"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":" \\"w\\u00f6rld\\" \\ud83c\\udf0d\\n"},"finish_reason":null}],"usage":{"prompt_tokens":9,"completion_tokens":2}}')
write("json", "event-anthropic.json", '{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}')
write("json", "numbers.json", '[0,-0,1,-1,9223372036854775807,-9223372036854775808,9223372036854775808,1.5,-2.5e-3,1E+2,0.1e1,123456789012345678901234567890,[1,2,3],[1,2.0]]')
write("json", "strings.json", '{"":"", "a\\u0000b":"\\b\\f\\n\\r\\t\\/\\\\\\"", "\\ud83d\\ude00":"\u00e9\u4e2d\U0001F600", "k":[true,false,null,{}]}')
write("json", "nested.json", "[" * 40 + "{}" + "]" * 40)

# --- chunk text target: 8 bytes `sent`, 1 byte of output room, then the text ------------------
def chunk_seed(sent, room, text):
    return struct.pack("<qB", sent, room) + text


write("chunk-text", "short", chunk_seed(150, 8, chunk_text([200000, 20000, 20000, 20000])))
write("chunk-text", "escaped", chunk_seed(0, 3, chunk_text([1, 1 << 18, 262143, 5_000_000_000])))
write("chunk-text", "many", chunk_seed(1_000_000, 20, chunk_text([17_000 + 37 * i for i in range(30)])))
write("chunk-text", "near-overflow", chunk_seed((1 << 63) - (1 << 20), 4, chunk_text([1 << 19, (1 << 19) - 1])))

# --- SSE: first byte picks the API (n % 3: OpenAI chat, completions, Anthropic) and the cuts ---
openai = """data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":" \\"w\u00f6rld\\" \\ud83c\\udf0d\\n"},"logprobs":null,"finish_reason":null}],"usage":null}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}

data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1717000000,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}

data: [DONE]

"""
llama = """data: {"choices":[{"finish_reason":null,"index":0,"delta":{"reasoning_content":"Let me think"}}],"object":"chat.completion.chunk"}

data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":[{"type":"text","text":"Hi"},{"type":"thinking","thinking":[{"type":"text","text":"hm"}]}]}}]}

data: {"choices":[{"finish_reason":"length","index":0,"delta":{}}],"usage":{"completion_tokens":2,"prompt_tokens":5},"timings":{"prompt_n":5,"prompt_ms":1.5,"predicted_n":2,"predicted_ms":40.0}}

event: error
data: {"error":{"message":"boom","type":"server_error"}}

data: [DONE]

"""
completions = """data: {"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[{"index":0,"text":"Once","logprobs":null,"finish_reason":null}]}

data: {"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[{"index":0,"text":" upon","logprobs":null,"finish_reason":"length"}],"usage":null}

data: [DONE]

"""
anthropic = """event: message_start
data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"usage":{"input_tokens":25,"output_tokens":1}}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me see."}}

event: ping
data: {"type": "ping"}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hello"}}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

event: message_stop
data: {"type":"message_stop"}

"""
fields = "\ufeff: comment line\r\nevent: add\r\ndata: first line\r\ndata:second line\r\nid: 7\r\n\r\nretry: 2500\rdata:  two spaces kept\r\rdata\n\nevent:ping\nfoo: bar\ndata: x\n\nid: a\x00b\ndata: y\n\n"
write("sse", "openai-chat", b"\x00" + openai.encode())
write("sse", "openai-chat-cut", b"\x13" + openai.encode())
write("sse", "llama-server", b"\x03" + llama.encode())
write("sse", "openai-completions", b"\x01" + completions.encode())
write("sse", "anthropic", b"\x02" + anthropic.encode())
write("sse", "anthropic-cut", b"\x11" + anthropic.replace("\n", "\r\n").encode())
write("sse", "fields", b"\x05" + fields.encode())


# --- HTTP/1 responses: first byte picks the cuts ----------------------------------------------
def chunked(*pieces, ext=""):
    out = ""
    for p in pieces:
        out += "%x%s\r\n%s\r\n" % (len(p.encode()), ext, p)
    return out


sse_body = "data: {\"x\":\"hello world\"}\n\n"
write("http1", "chunked-sse", b"\x07" + ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
      + chunked(sse_body) + chunked("abcde", ext=';name="v;x"') + "A\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n").encode())
write("http1", "content-length", b"\x02" + b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 12\r\nContent-Length: 16\r\nConnection: close\r\n\r\n{\"error\":\"slow\"}")
write("http1", "interim-then-final", b"\x05" + b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
write("http1", "until-close", b"\x01" + b"HTTP/1.0 200 OK\nContent-Type: text/plain\n\nbody until the connection closes")
write("http1", "bare-lf", b"\x00" + b"HTTP/1.1 200 OK\nTransfer-Encoding: gzip, chunked\n\nB\nhello world\n0\n\n")
write("http1", "no-content", b"\x03" + b"HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n")
write("http1", "keep-alive-1.0", b"\x04" + b"HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n")


# --- AWS event-stream: first byte picks the cuts; odd = the harness fixes the CRCs -------------
def header(name, type_, value):
    n = name.encode()
    out = bytes([len(n)]) + n + bytes([type_])
    if type_ in (0, 1):
        return out
    if type_ == 2:
        return out + struct.pack(">b", value)
    if type_ == 3:
        return out + struct.pack(">h", value)
    if type_ == 4:
        return out + struct.pack(">i", value)
    if type_ in (5, 8):
        return out + struct.pack(">q", value)
    if type_ in (6, 7):
        v = value.encode() if isinstance(value, str) else value
        return out + struct.pack(">H", len(v)) + v
    if type_ == 9:
        return out + value


def frame(headers, payload):
    h = b"".join(header(*x) for x in sorted(headers))
    total = 12 + len(h) + len(payload) + 4
    prelude = struct.pack(">II", total, len(h))
    prelude += struct.pack(">I", zlib.crc32(prelude))
    body = prelude + h + payload
    return body + struct.pack(">I", zlib.crc32(body))


def event(kind, payload):
    return frame([(":message-type", 7, "event"), (":event-type", 7, kind), (":content-type", 7, "application/json")], payload.encode())


bedrock = (event("messageStart", '{"p":"abcdefghijk","role":"assistant"}')
           + event("contentBlockDelta", '{"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"Hmm."}},"p":"abc"}')
           + event("contentBlockDelta", '{"contentBlockIndex":1,"delta":{"text":"Hello"},"p":"abcdefgh"}')
           + event("contentBlockStop", '{"contentBlockIndex":1,"p":"abcd"}')
           + event("messageStop", '{"p":"abcdef","stopReason":"end_turn"}')
           + event("metadata", '{"metrics":{"latencyMs":412},"p":"abcdefghijklm","usage":{"inputTokens":12,"outputTokens":7,"totalTokens":19}}'))
exception = frame([(":message-type", 7, "exception"), (":exception-type", 7, "throttlingException"), (":content-type", 7, "application/json")],
                  b'{"message":"Too many requests, please wait before trying again."}')
error = frame([(":message-type", 7, "error"), (":error-code", 7, "InternalFailure"), (":error-message", 7, "boom")], b"")
all_types = frame([("t", 0, None), ("f", 1, None), ("b", 2, -3), ("s", 3, -1234), ("i", 4, 70000), ("l", 5, -9000000000),
                   ("bytes", 6, b"\x00\x01\xff"), ("str", 7, "\u00fcn\u00ef"), ("ts", 8, 1700000000123), ("id", 9, bytes(range(16)))], b"")
write("event-stream", "bedrock", b"\x00" + bedrock)
write("event-stream", "bedrock-cut", b"\x02" + bedrock)
write("event-stream", "bedrock-fixed-crc", b"\x01" + bedrock)
write("event-stream", "errors", b"\x04" + event("contentBlockDelta", '{"delta":{"text":"a"}}') + exception + error)
write("event-stream", "all-header-types", b"\x03" + all_types)
write("event-stream", "empty-message", b"\x00" + bytes([0, 0, 0, 16, 0, 0, 0, 0, 5, 194, 72, 235, 125, 152, 200, 255]))

# --- config: the examples ---------------------------------------------------------------------
for name in ["bench.yaml", "local-openai.yaml", "local-llama.yaml"]:
    write("config", name, read("examples", name))
write("config", "arrivals.yaml", """transport: epoll
parallel_providers: true
results: out
workload:
  arrival: {kind: explicit, offsets_s: [0, 0.5, 1.25]}
  seed: 7
  prompts: {kind: jsonl, path: prompts.jsonl}
  max_concurrency: 4
providers:
  - name: A
    base_url: http://127.0.0.1:8000/v1
    model: m
    request_id_header: none
    headers: {X-Trace: "1"}
    body: {stream_options: {include_usage: true}, stop: ["\\n", null], n: 1, top_k: 2.5}
  - name: Bedrock
    api: bedrock-converse-stream
    base_url: ""
    model: anthropic.claude
    aws_region: us-east-1
""")
write("config", "ramp.yaml", """workload:
  arrival:
    kind: exponential_ramp
    from_rate: 1
    to_rate: 64
    duration_s: 30
  prompts: builtin
providers: [{name: a, api: anthropic-messages, base_url: 'https://x', model: m, api_key_env: KEY, source: simulated, note: n}]
""")
print("seeds written under", CORPUS)
