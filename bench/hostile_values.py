"""What `bench.hostile` sends: the curated hostile values, and the requests that carry them, one at a
time, in an otherwise valid request of a signed-in payer to every operation of the OpenAPI document:
in every body field, query parameter, path parameter and named header (Authorization, Content-Type,
Wechatpay-*), whole-body shapes, and unsigned senders of `POST /notify/wechat_pay`."""

from __future__ import annotations

import copy
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, urlencode

ID_NUMBER = "420102199003150221"


def _digits(text: str, zero: str) -> str:
    return text.translate(str.maketrans("0123456789", "".join(chr(ord(zero) + i) for i in range(10))))


STRINGS: dict[str, str] = {
    "NUL byte": "a\x00b",
    "lone surrogate": "\ud800",
    "lone low surrogate": "x\udfff",
    "RTL override": "\u202e1202ah\u202c",
    "zero-width": "\u200b\ufeff\u200d",
    "1 MB string": "x" * 1_000_000,
    "100 KB CJK": "张" * 34_000,
    "just too long": "张" * 65,
    "Arabic-Indic id": _digits(ID_NUMBER, "٠"),
    "Devanagari id": _digits(ID_NUMBER, "०"),
    "full-width id": _digits(ID_NUMBER, "０"),
    "Arabic-Indic month": _digits("202601", "٠"),
    "Devanagari month": _digits("202601", "०"),
    "full-width month": _digits("202601", "０"),
    "Arabic-Indic date": _digits("2026-01-01", "٠"),
    "CJK Ext A name": "㐀䶵明",
    "CJK Ext B name": "𠀀𪚥华",
    "SQL": "' OR '1'='1'; DROP TABLE users;--",
    "SQL LIKE": "%_\\%' ESCAPE '\\",
    "HTML": "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "empty": "",
    "whitespace": " \t\u3000\u00a0",
    "newlines": "a\r\nb\nc",
    "control chars": "\x01\x08\x1b[31m\x7f",
    "percent escapes": "%00%ff%2e%2e%2f",
    "path traversal": "../../../etc/passwd",
    "format string": "%s%n{0}{__class__}${jndi:ldap://x}",
    "emoji ZWJ": "👨‍👩‍👧‍👦",
    "combining marks": "e" + "\u0301" * 200,
    "huge digits": "9" * 40,
    "negative": "-1",
    "float text": "1e309",
}

NON_STRINGS: dict[str, Any] = {
    "10**30": 10**30, "-10**30": -(10**30), "2**63": 2**63, "-1": -1, "0": 0, "1.5": 1.5,
    "NaN": float("nan"), "Infinity": float("inf"), "true": True, "false": False, "null": None,
    "empty list": [], "operator object": {"$gt": ""}, "list of huge": [10**30],
}

VALUES: dict[str, Any] = {**STRINGS, **NON_STRINGS}  # for JSON fields: every field gets every type
TEXTS: dict[str, str] = {**STRINGS, **{k: json.dumps(v) for k, v in NON_STRINGS.items()}}  # for URLs and headers

_SURROGATE = re.compile("[\ud800-\udfff]")


def encode_json(value: Any) -> bytes:
    """JSON as UTF-8, with lone surrogates written as the `\\ud800` escapes a JSON parser must meet."""
    text = json.dumps(value, ensure_ascii=False)  # NaN and Infinity as the literals Python writes
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode()


def url_part(text: str) -> str:
    """Percent-encoded; a lone surrogate becomes the bytes UTF-8 forbids (%ED%A0%80)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def header_value(text: str) -> bytes:
    """Raw header bytes (NUL and non-ASCII included); CR and LF dropped, they would end the header."""
    return text.encode("utf-8", "surrogatepass").replace(b"\r", b"").replace(b"\n", b"")


def _header_values() -> dict[str, bytes]:
    values = {label: header_value(text) for label, text in TEXTS.items()}
    return values | {"latin-1 byte": b"caf\xe9", "invalid UTF-8": b"\xff\xfe\x80", "overlong NUL": b"a\xc0\x80b"}


def body_shapes(base: dict[str, Any] | None) -> Iterator[tuple[str, str | None, bytes]]:
    """(what, content type, body): whole-body hostility around an operation's valid body."""
    obj = base or {}
    valid = encode_json(obj)
    yield "not JSON", "application/json", b"{not json"
    yield "invalid UTF-8", "application/json", b'{"name": "\xff\xfe\xed\xa0\x80"}'
    yield "JSON array", "application/json", encode_json([obj])
    yield "JSON string", "application/json", b'"x"'
    yield "JSON null", "application/json", b"null"
    yield "5000-digit number", "application/json", b'{"n": 1' + b"0" * 5000 + b"}"
    yield "NaN literal", "application/json", b'{"n": NaN, "m": -Infinity}'
    yield "deep array", "application/json", b"[" * 100_000 + b"]" * 100_000
    yield "deep object", "application/json", b'{"a":' * 50_000 + b"1" + b"}" * 50_000
    yield "unknown keys", "application/json", encode_json({**obj, "unknown_key": 1, "__proto__": {"admin": True}})
    if obj:
        yield "duplicated keys", "application/json", valid[:-1] + b", " + encode_json({k: None for k in obj})[1:]
    yield "empty body", "application/json", b""
    yield "no content type", None, valid
    yield "form-encoded", "application/x-www-form-urlencoded", urlencode(obj).encode()
    yield "text/plain", "text/plain", valid
    yield "multipart", "multipart/form-data; boundary=x", \
        b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--'
    yield "UTF-16 JSON", "application/json; charset=utf-16", valid.decode().encode("utf-16")
    yield "BOM", "application/json", b"\xef\xbb\xbf" + valid
    yield "trailing NUL", "application/json", valid + b"\x00"
    yield "990 KB padding", "application/json", encode_json({**obj, "pad": "x" * 990_000})
    yield "2 MB body", "application/json", encode_json({**obj, "pad": "x" * 2_000_000})


def _wechat_headers(**override: bytes) -> dict[str, bytes]:
    headers = {
        "Wechatpay-Timestamp": str(int(time.time())).encode(), "Wechatpay-Nonce": b"5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
        "Wechatpay-Serial": b"PUB_KEY_ID_0114232134912410000000000000",
        "Wechatpay-Signature": b"Z2FyYmFnZQ==" * 30, "Wechatpay-Signature-Type": b"WECHATPAY2-SHA256-RSA2048",
    }
    return {**headers, **override}


def _notification(size: int) -> bytes:
    body: dict[str, Any] = {"id": "EV-2018022511223320873", "create_time": "2026-11-30T10:00:00+08:00", "event_type":
            "TRANSACTION.SUCCESS", "resource_type": "encrypt-resource", "summary": "支付成功",
            "resource": {"algorithm": "AEAD_AES_256_GCM", "original_type": "transaction", "ciphertext": "",
                         "associated_data": "transaction", "nonce": "fdasflkja484w"}}
    pad = size - len(encode_json(body))
    body["resource"]["ciphertext"] = "A" * max(pad, 0)
    return encode_json(body)


def notify_probes() -> Iterator[tuple[str, dict[str, bytes], bytes]]:
    """(what, headers, body): unsigned senders of WeChat Pay notifications."""
    sizes = {"1 KB": 1024, "60 KB": 60 * 1024, "1 MB": 1024 * 1024}
    for label, size in sizes.items():
        yield f"unsigned {label}, no Wechatpay headers", {}, _notification(size)
        yield f"unsigned {label}, plausible Wechatpay headers", _wechat_headers(), _notification(size)
    yield "NUL byte in body", _wechat_headers(), _notification(1024).replace(b"EV-", b"EV\x00-")
    yield "not JSON", _wechat_headers(), b"\x00\xff garbage"
    yield "empty body", _wechat_headers(), b""
    yield "JSON array", _wechat_headers(), b"[]"
    yield "deep array", _wechat_headers(), b"[" * 100_000 + b"]" * 100_000
    for name in ("Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Serial", "Wechatpay-Signature",
                 "Wechatpay-Signature-Type"):
        for label, value in _header_values().items():
            yield f"{name}: {label}", _wechat_headers(**{name: value}), _notification(1024)


DESTRUCTIVE = {"POST /api/v1/declarations/{declaration_id}/void", "DELETE /api/v1/saved-payers/{payer_id}",
               "POST /api/v1/batch-debit-settings/{setting_id}/void", "POST /api/v1/agreements/{agreement_id}/revoke"}


@dataclass
class Payer:
    """A signed-in, real-name-bound payer of a region and the ids of objects that are theirs."""

    region: str
    user: str
    token: str
    person: dict[str, str]
    other: dict[str, str]
    options: dict[str, Any]  # of a valid declaration
    batch_debit: dict[str, Any]  # of a valid batch-debit setting, where the region has them
    ids: dict[str, Any]
    spare: dict[str, int]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    query: tuple[str, ...]
    body: dict[str, Any] | None

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Req:
    label: str
    method: str
    target: str  # path and query, percent-encoded
    payer: Payer
    what: str = ""
    headers: tuple[tuple[str, bytes], ...] = ()  # an Authorization here replaces the payer's
    body: bytes | None = None


def operations(doc: dict[str, Any]) -> list[Operation]:
    ops = []
    for path, items in doc["paths"].items():
        for method, spec in items.items():
            query = tuple(p["name"] for p in spec.get("parameters", []) if p["in"] == "query")
            body = spec.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            ops.append(Operation(method.upper(), path, query, body))
    return ops


def resolve(schema: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    while True:
        if "$ref" in schema:
            schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        elif len(schema.get("allOf", ())) == 1:
            schema = schema["allOf"][0]
        else:
            return schema


def fields_of(schema: dict[str, Any], doc: dict[str, Any], prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every field of a body schema, nested ones and the first item of arrays included."""
    for name, sub in resolve(schema, doc).get("properties", {}).items():
        sub = resolve(sub, doc)
        yield (*prefix, name)
        if "properties" in sub:
            yield from fields_of(sub, doc, (*prefix, name))
        if sub.get("type") == "array":
            yield (*prefix, name, 0)


def put(body: dict[str, Any], where: tuple[Any, ...], value: Any, payer: Payer) -> dict[str, Any]:
    out = copy.deepcopy(body)
    node: Any = out
    for key in where[:-1]:
        if isinstance(node, dict) and not isinstance(node.get(key), dict | list):
            node[key] = dict(payer.other)  # the only nested object is a payer
        node = node[key]
    node[where[-1]] = value
    return out


def valid_body(op: Operation, payer: Payer) -> dict[str, Any] | None:
    if op.body is None:
        return None
    first = payer.ids["declaration_id"]
    return copy.deepcopy({
        "POST /api/v1/assessments": payer.options, "POST /api/v1/declarations": payer.options,
        "POST /api/v1/declarations/{declaration_id}/void": {"reason": "hostile probe"},
        "POST /api/v1/face-verifications": payer.person, "POST /api/v1/me/real-name": payer.person,
        "POST /api/v1/owed-months": {"insurance_type": payer.options["insurance_type"]},
        "POST /api/v1/payments": {"declaration_ids": [first]},
        "POST /api/v1/saved-payers": payer.other, "PUT /api/v1/saved-payers/{payer_id}": payer.other,
        "POST /api/v1/batch-debit-settings": payer.batch_debit,
        "POST /api/v1/sessions": {"code": "hostile-probe-code", "region": payer.region},
    }.get(op.label, {}))


def target(op: Operation, payer: Payer, **given: str) -> str:
    ids = {**payer.ids, **(payer.spare if op.label in DESTRUCTIVE else {})}
    return re.sub(r"{(\w+)}", lambda m: given.get(m.group(1), str(ids[m.group(1)])), op.path)


def probes(op: Operation, payer: Payer, doc: dict[str, Any]) -> Iterator[Req]:
    """The curated values, one at a time, in an otherwise valid request of `payer`."""
    body = valid_body(op, payer)
    json_type: tuple[tuple[str, bytes], ...] = (("Content-Type", b"application/json"),) if body is not None else ()
    base = Req(op.label, op.method, target(op, payer), payer, headers=json_type,
               body=None if body is None else encode_json(body))
    if body is not None and op.body is not None:
        for where in fields_of(op.body, doc):
            for label, value in VALUES.items():
                yield replace(base, body=encode_json(put(body, where, value, payer)),
                              what=f"body {'.'.join(map(str, where))} = {label}")
    for name in op.query:
        for label, text in TEXTS.items():
            yield replace(base, target=f"{base.target}?{name}={url_part(text)}", what=f"query {name} = {label}")
        yield replace(base, target=f"{base.target}?{name}=1&{name}=2&{name}=", what=f"query {name} duplicated")
    for name in re.findall(r"{(\w+)}", op.path):
        for label, text in TEXTS.items():
            yield replace(base, target=target(op, payer, **{name: url_part(text)}), what=f"path {name} = {label}")
    auths = {f"Bearer {k}": b"Bearer " + v for k, v in _header_values().items()}
    auths |= {"Basic": b"Basic Zm9vOmJhcg==", "no scheme": payer.token.encode(), "two tokens": b"Bearer a, Bearer b"}
    for label, value in auths.items():
        yield replace(base, headers=(*json_type, ("Authorization", value)), what=f"Authorization: {label}")
    yield replace(base, headers=(*json_type, ("Authorization", b"Bearer x"),
                                 ("Authorization", f"Bearer {payer.token}".encode())), what="Authorization twice")
    for label, value in _header_values().items() if body is not None else ():
        yield replace(base, headers=(("Content-Type", value),), what=f"Content-Type: {label}")
    for label, content_type, data in body_shapes(body):
        headers = (("Content-Type", content_type.encode()),) if content_type else ()
        yield replace(base, headers=headers, body=data, what=f"body: {label}")
    if op.label == "POST /notify/wechat_pay":
        for label, wechat, data in notify_probes():
            yield replace(base, headers=(("Content-Type", b"application/json"), *wechat.items()), body=data,
                          what=f"notify: {label}")
