"""The floor of every payer path (bench.paths): a bare Sanic app doing each path's I/O with raw
drivers — redis.asyncio for the session, locks and rate limit, asyncpg for the rows (the same
tables, each write in one transaction with its audit event), and for the outside calls the same
clients and signatures as the service (the WeChat Pay SDK through its adapter, the signed upstream
protocol, wx.login) against the same sandboxes process. No ORM, no validation models, no state
tables: what is left is what any implementation of the path must pay for.

    python -m bench.paths_floor   (BENCH_FLOOR_PORT, BENCH_FLOOR_WORKERS, the SHEBAO_* settings)
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any, cast

import asyncpg
from redis import asyncio as aioredis
from sanic import Request, Sanic
from sanic.response import HTTPResponse, raw
from sanic.response import json as json_response
from sanic.worker.loader import AppLoader

from app.crypto import Sealer
from app.identity.id_numbers import mask_id_number
from app.upstream import HttpUpstream
from app.upstream.interfaces import AssessmentRequest, PersonRef
from config.regions import load_region_profiles
from config.settings import load_settings
from payment_channels.interfaces import OrderRequest
from payment_channels.wechat_login.client import WeChatLoginClient

NS = "shebao:"
SHANGHAI_OFFSET = timedelta(hours=8)
RATE_SCRIPT = """
local entry = redis.call('lindex', KEYS[1], tonumber(ARGV[2]) - 1)
if entry and tonumber(entry) >= tonumber(ARGV[1]) - tonumber(ARGV[3]) then return 0 end
redis.call('lpush', KEYS[1], ARGV[1])
redis.call('ltrim', KEYS[1], 0, tonumber(ARGV[2]) - 1)
redis.call('expire', KEYS[1], ARGV[3])
return 1
"""
UNLOCK_SCRIPT = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""
EVENT = ("INSERT INTO events (entity, entity_id, action, from_state, to_state, actor, reason, data, created_at) "
         "VALUES ($1, $2, $3, $4, $5, $6, '', $7, now())")
# one job on the work queue, as procrastinate defers it (queue, task, priority, lock, queueing lock, args, when)
DEFER = ("SELECT unnest(procrastinate_defer_jobs_v1(ARRAY[ROW('work', $1, 0, NULL, NULL, $2::jsonb, NULL)"
         "::procrastinate_job_to_defer_v1]))")


def _job(task: str, **args: Any) -> tuple[str, str]:
    return f"shebao:{task}", json.dumps(args)


def _answer(data: Any, status: int = 200) -> HTTPResponse:
    return json_response(data, status=status, default=str)


def _error(status: int, code: str) -> HTTPResponse:
    return json_response({"error": {"code": code, "message": code}}, status=status)


class Floor:
    """The connections and clients, one set per worker."""

    def __init__(self) -> None:
        self.settings = load_settings()
        self.profiles = load_region_profiles()
        self.sealer = Sealer(self.settings.secret_key)
        self.menus: dict[str, bytes] = {}

    async def start(self) -> None:
        from app.bootstrap import build_channels

        s = self.settings
        self.db = await asyncpg.create_pool(s.database_url.replace("postgres://", "postgresql://", 1),
                                            min_size=1, max_size=5)
        self.redis = aioredis.from_url(s.redis_url, decode_responses=True)
        self.rate = self.redis.register_script(RATE_SCRIPT)
        self.unlock = self.redis.register_script(UNLOCK_SCRIPT)
        self.wechat = build_channels(s)["wechat_pay"]
        await self.wechat.start()
        self.upstream = HttpUpstream(s.upstream_url, s.upstream_secret, s.upstream_timeout_seconds)
        await self.upstream.start()
        self.login = WeChatLoginClient(appid=s.wechat.appid, secret=s.wechat.app_secret,
                                       base_url=s.wechat.login_base_url or f"http://{s.sandbox_host}:{s.sandbox_port}",
                                       timeout=s.wechat.timeout_seconds)
        await self.login.start()

    async def session(self, request: Request) -> tuple[int, str] | None:
        header = request.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            return None
        key = NS + "session:" + hashlib.sha256(header[7:].encode()).hexdigest()
        value = cast(str | None, await self.redis.get(key))
        if value is None:
            return None
        user_id, region, epoch = value.split(":", 2)
        if await self.redis.get(f"{NS}session_epoch:{user_id}") != epoch:
            return None
        return int(user_id), region

    async def user(self, request: Request) -> asyncpg.Record | None:
        who = await self.session(request)
        if who is None:
            return None
        row = await self.db.fetchrow("SELECT * FROM users WHERE id = $1", who[0])
        return row if row is not None and row["region"] == who[1] else None

    async def lock(self, key: str) -> str | None:
        token = secrets.token_hex(8)
        return token if await self.redis.set(f"{NS}lock:{key}", token, nx=True, px=30_000) else None

    async def release(self, key: str, token: str) -> None:
        await self.unlock(keys=[f"{NS}lock:{key}"], args=[token])


def create_floor() -> Sanic:
    app = Sanic("paths_floor")
    app.config.ACCESS_LOG = False
    floor = Floor()

    @app.before_server_start
    async def started(app: Sanic) -> None:
        await floor.start()

    @app.get("/floor/healthz")
    async def healthz(request: Request) -> HTTPResponse:
        return _answer({"ok": await floor.db.fetchval("SELECT 1") == 1})

    @app.post("/floor/sessions")
    async def sign_in(request: Request) -> HTTPResponse:
        body = json.loads(request.body)
        now = datetime.now(UTC).timestamp()
        key = f"{NS}rate:LIMITER/sign_in/{request.remote_addr or request.ip}/1000000/1/minute"
        if not await floor.rate(keys=[key], args=[now, 1_000_000, 60]):
            return _error(429, "sign_in_rate_limited")
        openid = (await floor.login.code_to_session(body["code"])).openid
        row = await floor.db.fetchrow("SELECT * FROM users WHERE openid = $1", openid)
        if row is None:
            row = await floor.db.fetchrow(
                "INSERT INTO users (openid, region, created_at) VALUES ($1, $2, now()) RETURNING *", openid,
                body["region"])
        ttl = floor.settings.session_ttl_seconds
        epoch = cast(str | None, await floor.redis.get(f"{NS}session_epoch:{row['id']}"))
        epoch = epoch or secrets.token_hex(6)
        token = secrets.token_urlsafe(32)
        async with floor.redis.pipeline(transaction=False) as pipe:
            pipe.set(f"{NS}session_epoch:{row['id']}", epoch, ex=ttl)
            pipe.set(NS + "session:" + hashlib.sha256(token.encode()).hexdigest(),
                     f"{row['id']}:{body['region']}:{epoch}", ex=ttl)
            await pipe.execute()
        return _answer({"token": token, "expires_in": ttl, "user": {"id": row["id"], "region": row["region"]}}, 201)

    @app.get("/floor/menus")
    async def menus(request: Request) -> HTTPResponse:
        who = await floor.session(request)
        if who is None:
            return _error(401, "session_invalid")
        encoded = floor.menus.get(who[1])
        if encoded is None:
            from app.menus import menus_for

            encoded = floor.menus[who[1]] = json.dumps(menus_for(floor.profiles[who[1]], ["wechat_pay"]),
                                                       default=str, ensure_ascii=False).encode()
        return raw(encoded, content_type="application/json")

    @app.post("/floor/declarations")
    async def declare(request: Request) -> HTTPResponse:
        user = await floor.user(request)
        if user is None:
            return _error(401, "session_invalid")
        body = json.loads(request.body)
        number = floor.sealer.unseal(user["id_number_sealed"])
        person = PersonRef(user["id_type"], number, user["name"])
        index = user["id_number_index"]
        lock_key = f"declare:{index}:{body['insurance_type']}"
        token = await floor.lock(lock_key)
        if token is None:
            return _error(409, "declaration_busy")
        try:
            if await floor.db.fetchval(
                    "SELECT 1 FROM declarations WHERE payer_id_index = $1 AND region = $2 AND insurance_type = $3 "
                    "AND period_start <= $5 AND period_end >= $4 AND state <> 'voided' LIMIT 1", index,
                    user["region"], body["insurance_type"], body["period_start"], body["period_end"]):
                return _error(409, "declaration_exists")
            a = await floor.upstream.assess(AssessmentRequest(
                person, user["region"], body["insurance_type"], body["payment_kind"], body["period_start"],
                body["period_end"], body.get("grade")))
            hours = floor.profiles[user["region"]].declaration_expiry_hours
            async with floor.db.acquire() as conn, conn.transaction():
                row = await conn.fetchrow(
                    "INSERT INTO declarations (declaration_no, region, relation, payer_id_type, payer_id_number_sealed,"
                    " payer_id_index, payer_id_masked, payer_name, insurance_type, payment_kind, grade, period_start,"
                    " period_end, assessment_no, agency, amount_due_fen, lines, state, active_key, paid, created_at,"
                    " updated_at, user_id, expires_at) VALUES ($1, $2, 'self_pay', $3, $4, $5, $6, $7, $8, $9, $10,"
                    " $11, $12, $13, $14, $15, $16, 'declared', $17, false, now(), now(), $18, $19) RETURNING *",
                    "SB" + secrets.token_hex(9).upper(), user["region"], person.id_type, floor.sealer.seal(number),
                    index, mask_id_number(number), person.name, a.insurance_type, a.payment_kind, a.grade,
                    a.period_start, a.period_end, a.assessment_no, a.agency, a.amount_due_fen,
                    json.dumps([{"month": ln.month, "amount_fen": ln.amount_fen, "late_fee_fen": ln.late_fee_fen}
                                for ln in a.lines]),
                    f"{index}:{a.insurance_type}:{a.period_start}:{a.period_end}", user["id"],
                    datetime.now(UTC) + timedelta(hours=hours))
                await conn.execute(EVENT, "declaration", row["id"], "declare", None, "declared", f"user:{user['id']}",
                                   json.dumps({"assessment_no": a.assessment_no, "amount_due_fen": a.amount_due_fen}))
        finally:
            await floor.release(lock_key, token)
        return _answer({"declaration": {k: row[k] for k in ("id", "declaration_no", "amount_due_fen", "state",
                                                             "period_start", "period_end", "expires_at")}}, 201)

    @app.post("/floor/payments")
    async def checkout(request: Request) -> HTTPResponse:
        user = await floor.user(request)
        if user is None:
            return _error(401, "session_invalid")
        ids = json.loads(request.body)["declaration_ids"]
        found = await floor.db.fetch(
            "SELECT * FROM declarations WHERE id = ANY($1) AND region = $2 AND (user_id = $3 OR payer_id_index = $4)"
            " ORDER BY id", ids, user["region"], user["id"], user["id_number_index"])
        if len(found) != len(ids) or any(d["state"] != "declared" or d["paid"] or d["current_payment_id"]
                                         for d in found):
            return _error(409, "declaration_not_payable")
        gate = f"payer_gate:{found[0]['payer_id_index']}"
        token = await floor.lock(gate)
        if token is None:
            return _error(409, "payment_busy")
        number = "SBP" + datetime.now(UTC).strftime("%Y%m%d%H%M%S") + secrets.token_hex(5).upper()
        amount = sum(d["amount_due_fen"] for d in found)
        description = "贵州灵活就业人员基本养老保险" + found[0]["period_start"] + "-" + found[0]["period_end"]
        actor = f"user:{user['id']}"
        try:
            async with floor.db.acquire() as conn, conn.transaction():
                if await conn.fetchval(
                        "SELECT 1 FROM payment_items i JOIN declarations d ON d.id = i.declaration_id JOIN payments p"
                        " ON p.id = i.payment_id WHERE d.payer_id_index = ANY($1) AND p.batch_debit_list_id IS NOT NULL"
                        " AND p.state IN ('created', 'awaiting_payment', 'unknown') LIMIT 1",
                        [d["payer_id_index"] for d in found]):
                    return _error(409, "batch_debit_in_progress")
                payment = await conn.fetchrow(
                    "INSERT INTO payments (out_trade_no, region, channel, amount_fen, description, state, payer_ref,"
                    " device, expires_at, created_at, updated_at, user_id) VALUES ($1, $2, 'wechat_pay', $3, $4,"
                    " 'created', $5, 'mini_program', now() + interval '30 minutes', now(), now(), $6) RETURNING *",
                    number, user["region"], amount, description, user["openid"], user["id"])
                await conn.execute(EVENT, "payment", payment["id"], "create", None, "created", actor,
                                   json.dumps({"amount_fen": amount, "declarations": ids}))
                for k, d in enumerate(found, 1):
                    held = await conn.execute(
                        "UPDATE declarations SET state = 'processing', current_payment_id = $1, updated_at = now()"
                        " WHERE id = $2 AND state = 'declared' AND current_payment_id IS NULL AND NOT paid",
                        payment["id"], d["id"])
                    if held != "UPDATE 1":
                        raise RuntimeError("holder changed")
                    await conn.execute(EVENT, "declaration", d["id"], "held", "declared", "processing", actor,
                                       json.dumps({"out_trade_no": number}))
                    await conn.execute(
                        "INSERT INTO payment_items (amount_fen, posting_no, posting_state, posting_attempts,"
                        " created_at, updated_at, declaration_id, payment_id)"
                        " VALUES ($1, $2, 'not_posted', 0, now(), now(), $3, $4)",
                        d["amount_due_fen"], f"{number}{k:02d}", d["id"], payment["id"])
        finally:
            await floor.release(gate, token)
        order_lock = f"payment:{number}"
        token = await floor.lock(order_lock)
        if token is None:
            return _error(409, "payment_busy")
        try:
            order = await floor.wechat.create_order(OrderRequest(
                out_trade_no=number, amount_fen=amount, description=description, payer_ref=user["openid"],
                notify_url=f"{floor.settings.public_base_url}/notify/wechat_pay",
                time_expire=payment["expires_at"], device="mini_program"))
            async with floor.db.acquire() as conn, conn.transaction():
                await conn.execute("UPDATE payments SET state = 'awaiting_payment', prepay_id = $1, updated_at = now()"
                                   " WHERE id = $2 AND state = 'created'", order.prepay_id, payment["id"])
                await conn.execute(EVENT, "payment", payment["id"], "transition", "created", "awaiting_payment",
                                   "channel:wechat_pay", json.dumps({"prepay_id": order.prepay_id}))
        finally:
            await floor.release(order_lock, token)
        return _answer({"payment": {"id": payment["id"], "out_trade_no": number, "amount_fen": amount,
                                    "description": description, "state": "awaiting_payment"},
                        "request_payment": order.client_params})

    @app.post("/floor/notify/wechat_pay")
    async def notify(request: Request) -> HTTPResponse:
        note = await floor.wechat.parse_notification(request.headers, request.body)
        kept = await floor.db.fetchval(
            "INSERT INTO channel_notifications (channel, verdict, flagged, headers, body, body_size, body_sha256,"
            " body_truncated, source, received_at) VALUES ('wechat_pay', 'received', false, $1, $2, $3, $4, false, $5,"
            " now()) RETURNING id",
            json.dumps({k.lower(): v for k, v in request.headers.items() if k.lower().startswith("wechatpay")}),
            request.body.decode(), len(request.body), hashlib.sha256(request.body).hexdigest(), request.ip)
        trade = note.trade
        assert trade is not None
        payment = await floor.db.fetchrow("SELECT * FROM payments WHERE out_trade_no = $1 AND channel = 'wechat_pay'",
                                          trade.out_trade_no)
        if payment is None or payment["amount_fen"] != trade.amount_fen:
            return _error(400, "rejected")
        confirmed = await floor.wechat.query_order(payment["out_trade_no"])
        verdict = "duplicate"
        async with floor.db.acquire() as conn, conn.transaction():
            moved = await conn.execute(
                "UPDATE payments SET state = 'paid', transaction_id = $1, paid_amount_fen = $2, paid_at = $3,"
                " updated_at = now() WHERE id = $4 AND state = 'awaiting_payment'",
                confirmed.transaction_id, confirmed.amount_fen, confirmed.success_time, payment["id"])
            if moved == "UPDATE 1":
                verdict = "applied"
                await conn.execute(EVENT, "payment", payment["id"], "transition", "awaiting_payment", "paid",
                                   "channel:wechat_pay", json.dumps({"provider_state": confirmed.provider_state}))
                await conn.execute("UPDATE payment_items SET posting_deadline = now() + interval '4 days',"
                                   " updated_at = now() WHERE payment_id = $1 AND posting_deadline IS NULL",
                                   payment["id"])
                for declaration_id in await conn.fetch(
                        "UPDATE declarations SET paid = true, updated_at = now() WHERE current_payment_id = $1"
                        " AND state = 'processing' AND NOT paid RETURNING id", payment["id"]):
                    await conn.execute(EVENT, "declaration", declaration_id["id"], "paid", "processing", "processing",
                                       "channel:wechat_pay", json.dumps({"out_trade_no": payment["out_trade_no"]}))
                await conn.execute(DEFER, *_job("payments.post", payment_id=payment["id"]))
        await floor.db.execute(
            "UPDATE channel_notifications SET verdict = $1, notification_id = $2, event_type = $3, resource = $4,"
            " out_trade_no = $5 WHERE id = $6", verdict, note.notification_id, note.event_type,
            json.dumps(note.resource), trade.out_trade_no, kept)
        return HTTPResponse(status=204)

    @app.get("/floor/declarations")
    async def declarations_page(request: Request) -> HTTPResponse:
        user = await floor.user(request)
        if user is None:
            return _error(401, "session_invalid")
        since = datetime.fromisoformat(request.args.get("from", "2026-01-01")) - SHANGHAI_OFFSET
        size = int(request.args.get("page_size", "20"))
        scope = ("region = $1 AND (user_id = $2 OR payer_id_index = $3) AND created_at >= $4",
                 user["region"], user["id"], user["id_number_index"], since.replace(tzinfo=UTC))
        total = await floor.db.fetchval(f"SELECT count(*) FROM declarations WHERE {scope[0]}", *scope[1:])
        rows = await floor.db.fetch(
            "SELECT d.*, p.out_trade_no, p.state AS payment_state, p.paid_at, i.amount_fen AS share_fen,"
            " i.posting_state FROM (SELECT * FROM declarations WHERE " + scope[0] + " ORDER BY created_at DESC, id DESC"
            " LIMIT $5) d LEFT JOIN payments p ON p.id = d.current_payment_id LEFT JOIN payment_items i"
            " ON i.payment_id = p.id AND i.declaration_id = d.id ORDER BY d.created_at DESC, d.id DESC",
            *scope[1:], size)
        return _answer({"declarations": [{
            "id": r["id"], "declaration_no": r["declaration_no"], "insurance_type": r["insurance_type"],
            "period_start": r["period_start"], "period_end": r["period_end"], "amount_due_fen": r["amount_due_fen"],
            "state": r["state"], "paid": r["paid"], "payer_name": r["payer_name"],
            "payer_id_masked": r["payer_id_masked"],
            "created_at": r["created_at"], "payment": r["out_trade_no"] and {
                "out_trade_no": r["out_trade_no"], "state": r["payment_state"], "paid_at": r["paid_at"],
                "amount_fen": r["share_fen"], "posting_state": r["posting_state"]}} for r in rows],
            "total": total, "page": 1, "page_size": size})

    @app.get("/floor/payments")
    async def payments_page(request: Request) -> HTTPResponse:
        user = await floor.user(request)
        if user is None:
            return _error(401, "session_invalid")
        period = (request.args.get("period_from", "202601"), request.args.get("period_to", "202612"))
        rows = await floor.db.fetch(
            "SELECT i.id, i.payment_id, i.amount_fen, i.posting_state, p.state, d.insurance_type, d.period_start,"
            " d.payer_id_index, d.payer_name, d.payer_id_masked FROM payment_items i JOIN payments p ON p.id ="
            " i.payment_id JOIN declarations d ON d.id = i.declaration_id WHERE p.user_id = $1 AND p.region = $2"
            " AND d.period_start <= $4 AND d.period_end >= $3 UNION SELECT i.id, i.payment_id, i.amount_fen,"
            " i.posting_state, p.state, d.insurance_type, d.period_start, d.payer_id_index, d.payer_name,"
            " d.payer_id_masked FROM payment_items i JOIN payments p ON p.id = i.payment_id JOIN declarations d"
            " ON d.id = i.declaration_id WHERE d.payer_id_index = $5 AND d.region = $2 AND d.period_start <= $4"
            " AND d.period_end >= $3", user["id"], user["region"], *period, user["id_number_index"])
        payment_ids = sorted({r["payment_id"] for r in rows})
        page = await floor.db.fetch("SELECT * FROM payments WHERE id = ANY($1) ORDER BY created_at DESC, id DESC"
                                    " LIMIT 20", payment_ids)
        items = await floor.db.fetch(
            "SELECT i.*, d.insurance_type, d.period_start, d.period_end, d.payer_name, d.payer_id_masked,"
            " d.declaration_no FROM payment_items i JOIN declarations d ON d.id = i.declaration_id"
            " WHERE i.payment_id = ANY($1) ORDER BY i.id", [p["id"] for p in page])
        refunds = await floor.db.fetch("SELECT * FROM refunds WHERE payment_id = ANY($1)", [p["id"] for p in page])
        person = PersonRef(user["id_type"], floor.sealer.unseal(user["id_number_sealed"]), user["name"])
        others = await floor.upstream.list_paid_records(person, user["region"], *period)
        ours = [r.posting_no for r in others if r.posting_no]
        known = {r["posting_no"] for r in await floor.db.fetch(
            "SELECT posting_no FROM payment_items WHERE posting_no = ANY($1)", ours)} if ours else set()
        sums: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
        for r in rows:
            if r["state"] == "paid" and r["posting_state"] == "posted":
                entry = sums[(r["payer_name"], r["insurance_type"], r["period_start"][:4])]
                entry[0] += r["amount_fen"]
                entry[1] += 1
        by_payment: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for i in items:
            by_payment[i["payment_id"]].append({k: i[k] for k in (
                "declaration_id", "amount_fen", "posting_state", "insurance_type", "period_start", "period_end",
                "payer_name", "payer_id_masked", "declaration_no")})
        return _answer({
            "payments": [{"id": p["id"], "out_trade_no": p["out_trade_no"], "state": p["state"],
                          "amount_fen": p["amount_fen"], "paid_at": p["paid_at"], "created_at": p["created_at"],
                          "declarations": by_payment[p["id"]], "refunded_fen": sum(
                              r["amount_fen"] for r in refunds if r["payment_id"] == p["id"])} for p in page],
            "total": len(payment_ids),
            "totals": [{"payer_name": k[0], "insurance_type": k[1], "year": k[2], "amount_fen": v[0], "count": v[1]}
                       for k, v in sorted(sums.items())],
            "other_channel_records": [{"insurance_type": r.insurance_type, "amount_fen": r.amount_fen}
                                      for r in others if r.posting_no not in known]})

    @app.post("/floor/payments/<payment_id:int>/certificates")
    async def certificate(request: Request, payment_id: int) -> HTTPResponse:
        user = await floor.user(request)
        if user is None:
            return _error(401, "session_invalid")
        payment = await floor.db.fetchrow(
            "SELECT p.* FROM payments p WHERE p.id = $1 AND p.region = $2 AND (p.user_id = $3 OR EXISTS (SELECT 1 FROM"
            " payment_items i JOIN declarations d ON d.id = i.declaration_id WHERE i.payment_id = p.id AND"
            " d.payer_id_index = $4))", payment_id, user["region"], user["id"], user["id_number_index"])
        if payment is None or payment["state"] != "paid":
            return _error(404, "payment_not_found")
        items = await floor.db.fetch(
            "SELECT i.*, d.insurance_type, d.period_start, d.period_end, d.payer_id_index, d.payer_id_masked,"
            " d.payer_id_number_sealed, d.payer_name FROM payment_items i JOIN declarations d ON d.id ="
            " i.declaration_id WHERE i.payment_id = $1 AND i.posting_state = 'posted' ORDER BY i.id", payment_id)
        if not items:
            return _error(409, "not_posted_yet")
        for item in items:
            entry = await floor.upstream.query_treasury_entry(item["posting_no"])
            if not entry.entered or entry.entered_on is None or entry.entered_on > date.today() - timedelta(days=3):
                return _error(409, "certificate_treasury_wait")
        first = items[0]
        key = f"p{payment_id}:{first['payer_id_index'][:24]}"
        existing = await floor.db.fetchrow("SELECT id, state FROM certificates WHERE active_key = $1", key)
        if existing is None:
            profile = floor.profiles[payment["region"]]
            lines = [{"insurance_type": profile.insurance_types[i["insurance_type"]].name,
                      "period": f"{i['period_start']} 至 {i['period_end']}", "amount_fen": i["amount_fen"],
                      "voucher_no": i["posting_ref"] or i["posting_no"]} for i in items]
            async with floor.db.acquire() as conn, conn.transaction():
                existing = await conn.fetchrow(
                    "INSERT INTO certificates (certificate_no, verification_code, user_id, payment_id, active_key,"
                    " region, style, state, taxpayer_id_index, taxpayer_id_masked, taxpayer_id_sealed, taxpayer_name,"
                    " tax_bureau, issued_on, lines, total_fen, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6,"
                    " 'table', 'making', $7, $8, $9, $10, $11, current_date, $12, $13, now(), now())"
                    " RETURNING id, state",
                    f"{profile.division_code}{date.today():%Y%m%d}{secrets.randbelow(10**8):08d}",
                    f"{secrets.randbelow(10**16):016d}", payment["user_id"], payment_id, key, payment["region"],
                    first["payer_id_index"], first["payer_id_masked"], first["payer_id_number_sealed"],
                    first["payer_name"], profile.tax_bureau, json.dumps(lines), sum(i["amount_fen"] for i in items))
                await conn.execute(EVENT, "certificate", existing["id"], "issue", None, "making",
                                   f"user:{user['id']}", json.dumps({"payment_id": payment_id, "style": "table"}))
            await floor.db.execute(DEFER, *_job("certificates.make", certificate_id=existing["id"]))
        return _answer({"certificates": [{"id": existing["id"], "state": existing["state"]}]}, 202)

    return app


def main() -> None:
    from sanic.worker.manager import WorkerManager

    WorkerManager.THRESHOLD = 3000  # as bench.paths gives the service: 300 s for workers to start
    settings = load_settings()
    loader = AppLoader(factory=partial(create_floor))
    app = loader.load()
    app.prepare(host=settings.host, port=int(os.environ.get("BENCH_FLOOR_PORT", "8231")),
                workers=int(os.environ.get("BENCH_FLOOR_WORKERS", "1")), single_process=False, motd=False,
                access_log=False)
    Sanic.serve(primary=app, app_loader=loader)


if __name__ == "__main__":
    main()
