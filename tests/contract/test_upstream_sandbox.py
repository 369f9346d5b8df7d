"""The upstream sandbox against the `Upstream` port: amounts from the profile, the manuals'
rejections, one posting per posting_no, the earlier-period-first rule, and every fault mode.

Every test that calls the port runs twice (`port`): on the sandbox in process, and through
`HttpUpstream` talking to the same sandbox served on loopback by its HTTP face. Either way the test
holds the sandbox itself (`upstream`) to set faults and inspect state."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType
from typing import Any

import pytest

from app.server import serve_in_loop
from app.upstream import interfaces as up
from app.upstream.http_client import HttpUpstream
from config.regions import RegionProfile, load_region_profiles
from sandboxes.upstream.demo_data import DEMO_PEOPLE, DemoPerson
from sandboxes.upstream.http import create_upstream_sandbox_app
from sandboxes.upstream.sandbox import SandboxUpstream

SLOW = 0.05
HTTP_TIMEOUT = 5.0  # well above SLOW: fault timing is the sandbox's, not the adapter's
SECRET = "contract-upstream-secret"
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def profiles() -> dict[str, RegionProfile]:
    return load_region_profiles()


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def upstream(profiles: dict[str, RegionProfile], clock: Clock) -> SandboxUpstream:
    return SandboxUpstream(profiles, clock=clock, slow_seconds=SLOW)


@asynccontextmanager
async def served(box: SandboxUpstream, **options: Any) -> AsyncIterator[HttpUpstream]:
    """An HttpUpstream (options: its keyword arguments), started, talking to `box` served on loopback."""
    async with serve_in_loop(create_upstream_sandbox_app(box, SECRET)) as base_url:
        adapter = HttpUpstream(base_url, SECRET, **{"timeout": HTTP_TIMEOUT, **options})
        await adapter.start()
        try:
            yield adapter
        finally:
            await adapter.close()


@asynccontextmanager
async def port_of(box: SandboxUpstream, wire: str) -> AsyncIterator[up.Upstream]:
    if wire == "in_process":
        yield box
    else:
        async with served(box) as adapter:
            yield adapter


@pytest.fixture(params=["in_process", "http"])
def wire(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def port(upstream: SandboxUpstream, wire: str) -> AsyncIterator[up.Upstream]:
    """The port under test: the sandbox itself, or the HTTP adapter in front of it."""
    async with port_of(upstream, wire) as found:
        yield found


def person(name: str) -> DemoPerson:
    return next(p for p in DEMO_PEOPLE if p.name == name)


def request(
    name: str, insurance_type: str, start: str, end: str, kind: str = "normal", **options: object
) -> up.AssessmentRequest:
    p = person(name)
    return up.AssessmentRequest(p.person, p.region, insurance_type, kind, start, end, **options)  # type: ignore[arg-type]


def posting(a: up.Assessment, name: str, posting_no: str, amount_fen: int | None = None) -> up.PostingRequest:
    return up.PostingRequest(
        posting_no=posting_no, assessment_no=a.assessment_no, person=person(name).person, region=a.region,
        insurance_type=a.insurance_type, payment_kind=a.payment_kind, period_start=a.period_start,
        period_end=a.period_end, amount_fen=a.amount_due_fen if amount_fen is None else amount_fen,
        channel="wechat_pay", channel_transaction_id="4200000000" + posting_no, paid_at=NOW,
    )


async def rejected(coro: object, code: str) -> up.UpstreamRejected:
    with pytest.raises(up.UpstreamRejected) as caught:
        await coro  # type: ignore[misc]
    assert caught.value.code == code, caught.value
    return caught.value


# ---- enrollments ----

async def test_demo_people_are_valid_and_cover_each_region(profiles: dict[str, RegionProfile]) -> None:
    from app.identity.id_numbers import validate_id

    for p in DEMO_PEOPLE:
        assert validate_id(p.id_type, p.id_number) == p.id_number
    for region, profile in profiles.items():
        here = [p for p in DEMO_PEOPLE if p.region == region]
        for insurance_type in profile.insurance_types:
            assert any(p.enrollment(insurance_type, region) for p in here), (region, insurance_type)
        assert any(not p.enrollments for p in here)
        households = {p.household for p in here if p.household}
        assert any(sum(p.household == h for p in here) >= 3 for h in households)
    for region in ("hubei", "guizhou"):
        assert any(p.region == region and p.owed_months.get("flexible_pension") for p in DEMO_PEOPLE)


async def test_list_enrollments_routes_to_both_departments(port: up.Upstream, upstream: SandboxUpstream) -> None:
    chen = person("陈刚")
    found = await port.list_enrollments(chen.person, "hubei")
    assert {e.insurance_type for e in found} == {"flexible_pension", "flexible_medical"}
    assert upstream.hrss.calls["list_enrollments"] == upstream.healthcare_security.calls["list_enrollments"] == 1
    assert await port.list_enrollments(chen.person, "beijing") == []
    stranger = up.PersonRef("resident_id_card", "11010519491231002X", "无名")
    assert await port.list_enrollments(stranger, "hubei") == []
    impostor = dataclasses.replace(chen.person, name="陈刚刚")
    await rejected(port.list_enrollments(impostor, "hubei"), "person_mismatch")


async def test_verify_person(port: up.Upstream) -> None:
    zhang = person("张敏").person
    assert await port.verify_person(zhang) == up.PersonCheck.MATCHED
    assert await port.verify_person(dataclasses.replace(zhang, name="张敏敏")) == up.PersonCheck.MISMATCH
    stranger = up.PersonRef("resident_id_card", "11010519491231002X", "无名")
    assert await port.verify_person(stranger) == up.PersonCheck.NOT_FOUND


async def test_list_owed_oldest_first_and_shrinks_when_paid(port: up.Upstream) -> None:
    wu = person("吴强")
    owed = await port.list_owed(wu.person, "guizhou", "flexible_pension", "back_payment")
    assert owed == (up.AssessmentLine("202509", 78_000, 1_170), up.AssessmentLine("202510", 78_000, 780),
                    up.AssessmentLine("202511", 78_000), up.AssessmentLine("202512", 78_000))
    part = await port.assess(request("吴强", "flexible_pension", "202509", "202510", "back_payment"))
    await port.post_payment(posting(part, "吴强", "P-part"))
    assert [x.month for x in await port.list_owed(wu.person, "guizhou", "flexible_pension", "back_payment")] == [
        "202511", "202512"]
    assert await port.list_owed(person("王建华").person, "beijing", "resident_pension", "special") == (
        up.AssessmentLine("202401", 150_000),)
    await rejected(port.list_owed(person("周婷").person, "hubei", "resident_medical", "back_payment"), "not_enrolled")


async def test_paid_records_hold_other_channels_and_ours(port: up.Upstream) -> None:
    zhang = person("张敏").person
    before = await port.list_paid_records(zhang, "hubei", "202501", "202612")
    assert [(r.channel_label, r.receipt_no, r.posting_no, r.tax_office) for r in before] == [
        ("银行柜面", "DZ4220241120000017", None, "国家税务总局武汉市江岸区税务局")]  # upstream names the office
    a = await port.assess(request("张敏", "resident_medical", "202601", "202612"))
    posted = await port.post_payment(posting(a, "张敏", "P1"))
    records = await port.list_paid_records(zhang, "hubei", "202601", "202601")
    assert records == [up.PaidRecord("resident_medical", "202601", "202612", 40_000, date(2026, 11, 23), "微信支付",
                                     posted.upstream_ref or "", "P1", "国家税务总局武汉市江岸区税务局")]
    assert await port.list_paid_records(dataclasses.replace(zhang, name="别人"), "hubei", "202501", "202612") == []


async def test_list_postings_by_day_with_keyset_paging(port: up.Upstream) -> None:
    numbers: list[str] = []
    for name, insurance_type, end, options in (("张敏", "resident_medical", "202612", {}),
                                               ("李晓明", "resident_medical", "202612", {}),
                                               ("杨波", "flexible_pension", "202601", {"grade": "p60"})):
        a = await port.assess(request(name, insurance_type, "202601", end, **options))
        numbers.append((await port.post_payment(posting(a, name, f"P{len(numbers) + 1}"))).posting_no)
    day = date(2026, 11, 23)
    listed = await port.list_postings(day)
    assert [r.posting_no for r in listed] == numbers == ["P1", "P2", "P3"]
    assert listed[0].amount_fen == 40_000 and listed[0].posted_at == NOW and listed[0].channel == "wechat_pay"
    assert [r.posting_no for r in await port.list_postings(day, after="P1", limit=1)] == ["P2"]
    assert await port.list_postings(day, after="P3") == []
    assert await port.list_postings(date(2026, 11, 24)) == []


async def test_release_assessment_unblocks_later_periods(port: up.Upstream, upstream: SandboxUpstream) -> None:
    back, current = await _back_and_current(port)
    await rejected(port.post_payment(posting(current, "陈刚", "P-current")), "posting_failed")
    await port.release_assessment(back.assessment_no)
    await port.release_assessment(back.assessment_no)  # safe to repeat
    await port.release_assessment("HD-never-issued")
    assert upstream.assessments[back.assessment_no].status == "voided"
    assert (await port.post_payment(posting(current, "陈刚", "P-current"))).state == up.PostingState.POSTED
    assert upstream.calls["release_assessment"] == 3


# ---- assessments ----

@pytest.mark.parametrize(
    ("name", "insurance_type", "start", "end", "options", "expected_fen"),
    [
        ("张敏", "resident_medical", "202601", "202612", {}, 40_000),
        ("李建国", "resident_pension", "202601", "202612", {"grade": "y500"}, 50_000),
        ("陈刚", "flexible_pension", "202601", "202603", {"grade": "p100"}, 3 * 120_000),
        ("陈刚", "flexible_medical", "202601", "202602", {"contribution_base_fen": 500_000}, 2 * 40_000),
        ("杨波", "flexible_pension", "202601", "202603", {"grade": "p60"}, 3 * 78_000),
        ("王建华", "resident_pension", "202601", "202612", {"grade": "y3000"}, 300_000),
        ("王子涵", "resident_medical", "202701", "202712", {}, 40_000),
        ("陈美玲", "resident_medical", "202601", "202612", {}, 40_000),
    ],
)
async def test_assessment_amounts_follow_the_profile(
    port: up.Upstream, upstream: SandboxUpstream, name: str, insurance_type: str, start: str, end: str,
    options: dict[str, object], expected_fen: int,
) -> None:
    a = await port.assess(request(name, insurance_type, start, end, **options))
    assert a.amount_due_fen == expected_fen == sum(line.amount_fen for line in a.lines)
    assert (a.period_start, a.period_end, a.payment_kind) == (start, end, "normal")
    assert a.agency == person(name).enrollment(insurance_type, a.region).agency  # type: ignore[union-attr]
    assert a.assessment_no.startswith("HD" + upstream.profiles[a.region].division_code[:2])


async def test_amounts_change_with_the_profile(profiles: dict[str, RegionProfile], wire: str) -> None:
    hubei = profiles["hubei"]
    rule = dataclasses.replace(hubei.rule("resident_medical"), fixed_amount_fen=12_345)
    changed = dataclasses.replace(hubei, insurance_types=MappingProxyType({**hubei.insurance_types, rule.code: rule}))
    async with port_of(SandboxUpstream({**profiles, "hubei": changed}), wire) as box_port:
        assert (await box_port.assess(request("张敏", "resident_medical", "202601", "202612"))).amount_due_fen == 12_345


async def test_assessment_numbers_are_unique(port: up.Upstream) -> None:
    numbers = {(await port.assess(request("张敏", "resident_medical", "202601", "202612"))).assessment_no
               for _ in range(5)}
    assert len(numbers) == 5


@pytest.mark.parametrize(
    ("name", "insurance_type", "start", "end", "kind", "options", "code"),
    [
        ("陈刚", "flexible_pension", "202601", "202603", "normal", {"grade": "p55"}, "grade_not_allowed"),
        ("陈刚", "flexible_pension", "202601", "202603", "normal", {}, "grade_not_allowed"),
        ("陈刚", "flexible_medical", "202601", "202601", "normal", {"contribution_base_fen": 359_999},
         "base_out_of_range"),
        ("陈刚", "flexible_medical", "202601", "202601", "normal", {"contribution_base_fen": 1_800_001},
         "base_out_of_range"),
        ("陈刚", "flexible_pension", "202613", "202614", "normal", {"grade": "p60"}, "period_not_allowed"),
        ("陈刚", "flexible_pension", "202603", "202601", "normal", {"grade": "p60"}, "period_not_allowed"),
        ("陈刚", "flexible_pension", "202601", "202701", "normal", {"grade": "p60"}, "period_not_allowed"),
        ("陈刚", "flexible_pension", "202201", "202203", "normal", {"grade": "p60"}, "period_not_allowed"),
        ("陈刚", "flexible_pension", "202507", "202508", "normal", {"grade": "p60"}, "period_not_allowed"),
        ("张敏", "resident_medical", "202601", "202606", "normal", {}, "period_not_allowed"),
        ("张敏", "resident_medical", "202501", "202512", "back_payment", {}, "payment_kind_not_allowed"),
        ("杨波", "flexible_pension", "202601", "202601", "special", {"grade": "p60"}, "payment_kind_not_allowed"),
        ("张敏", "resident_pension", "202601", "202612", "normal", {"grade": "y200"}, "not_enrolled"),
        ("周婷", "resident_medical", "202601", "202612", "normal", {}, "not_enrolled"),
        ("黄丽", "flexible_pension", "202601", "202601", "normal", {"grade": "p60"}, "not_enrolled"),
        ("杨波", "flexible_medical", "202601", "202601", "normal", {}, "insurance_type_not_offered"),
        ("杨波", "flexible_pension", "202501", "202512", "back_payment", {}, "no_assessment"),
    ],
)
async def test_assessment_rejections(
    port: up.Upstream, name: str, insurance_type: str, start: str, end: str, kind: str,
    options: dict[str, object], code: str,
) -> None:
    error = await rejected(port.assess(request(name, insurance_type, start, end, kind, **options)), code)
    assert error.message


async def test_not_enrolled_has_the_manuals_words(port: up.Upstream) -> None:
    error = await rejected(port.assess(request("周婷", "resident_medical", "202601", "202612")), "not_enrolled")
    assert error.message == "该人员未参加该险种"


async def test_back_payment_lists_owed_months_with_late_fees(port: up.Upstream) -> None:
    a = await port.assess(request("吴强", "flexible_pension", "202501", "202512", "back_payment"))
    assert [line.month for line in a.lines] == ["202509", "202510", "202511", "202512"]
    assert a.amount_due_fen == 4 * 78_000 + 1_170 + 780
    assert (a.period_start, a.period_end, a.grade) == ("202509", "202512", None)
    part = await port.assess(request("吴强", "flexible_pension", "202509", "202510", "back_payment"))
    assert part.amount_due_fen == 2 * 78_000 + 1_170 + 780
    await port.post_payment(posting(part, "吴强", "P-part"))
    rest = await port.assess(request("吴强", "flexible_pension", "202501", "202512", "back_payment"))
    assert [line.month for line in rest.lines] == ["202511", "202512"]
    await rejected(port.assess(request("吴强", "flexible_pension", "202509", "202510", "back_payment")),
                   "already_paid")


async def test_special_assessment_is_upstreams_sheet(port: up.Upstream) -> None:
    a = await port.assess(request("王建华", "resident_pension", "202401", "202412", "special"))
    assert (a.amount_due_fen, a.period_start, a.period_end) == (150_000, "202401", "202412")
    await rejected(port.assess(request("孙丽娟", "resident_pension", "202401", "202412", "special")),
                   "no_assessment")


async def test_already_paid_after_a_posting(port: up.Upstream) -> None:
    a = await port.assess(request("张敏", "resident_medical", "202601", "202612"))
    await port.post_payment(posting(a, "张敏", "P1"))
    error = await rejected(port.assess(request("张敏", "resident_medical", "202601", "202612")), "already_paid")
    assert error.message == "该期间已缴费"


# ---- posting ----

async def test_post_query_and_treasury(port: up.Upstream, upstream: SandboxUpstream) -> None:
    a = await port.assess(request("杨波", "flexible_pension", "202601", "202603", grade="p60"))
    result = await port.post_payment(posting(a, "杨波", "P1"))
    assert result.state == up.PostingState.POSTED and result.upstream_ref and result.posted_at == NOW
    assert result.raw["department"] == "hrss"
    assert await port.query_posting("P1") == result == upstream.postings["P1"]
    assert (await port.query_posting("nope")).state == up.PostingState.NOT_FOUND
    entry = await port.query_treasury_entry("P1")
    assert entry.entered and entry.entered_on == date(2026, 11, 23) and entry.treasury_ref
    assert not (await port.query_treasury_entry("nope")).entered


async def test_treasury_waits_for_the_delay_or_for_enter_treasury(
    port: up.Upstream, upstream: SandboxUpstream, clock: Clock
) -> None:
    upstream.treasury_delay = timedelta(days=3)
    a = await port.assess(request("杨波", "flexible_pension", "202601", "202601", grade="p60"))
    await port.post_payment(posting(a, "杨波", "P1"))
    assert not (await port.query_treasury_entry("P1")).entered
    clock.now = NOW + timedelta(days=3)
    assert (await port.query_treasury_entry("P1")).entered_on == date(2026, 11, 26)

    upstream.auto_treasury = False
    b = await port.assess(request("刘芳", "flexible_pension", "202601", "202601", grade="p60"))
    await port.post_payment(posting(b, "刘芳", "P2"))
    clock.now += timedelta(days=30)
    assert not (await port.query_treasury_entry("P2")).entered
    upstream.enter_treasury("P2", date(2027, 1, 4))
    assert (await port.query_treasury_entry("P2")).entered_on == date(2027, 1, 4)
    with pytest.raises(KeyError):
        upstream.enter_treasury("nope")


async def test_posting_rejections(port: up.Upstream, upstream: SandboxUpstream) -> None:
    a = await port.assess(request("张敏", "resident_medical", "202601", "202612"))
    await rejected(port.post_payment(posting(a, "张敏", "P0", amount_fen=39_999)), "amount_mismatch")
    await rejected(port.post_payment(dataclasses.replace(posting(a, "张敏", "P0"), assessment_no="HD00")),
                   "no_assessment")
    await rejected(port.post_payment(posting(a, "李晓明", "P0")), "no_assessment")
    await port.post_payment(posting(a, "张敏", "P1"))
    await rejected(port.post_payment(posting(a, "张敏", "P2")), "already_paid")
    await rejected(port.post_payment(posting(a, "张敏", "P1", amount_fen=1)), "posting_no_reused")
    assert list(upstream.postings) == ["P1"]
    assert (await port.query_posting("P2")).state == up.PostingState.REJECTED


async def test_enrollment_ended_before_posting_is_not_enrolled(port: up.Upstream, upstream: SandboxUpstream) -> None:
    a = await port.assess(request("杨帆", "flexible_pension", "202601", "202601", grade="p60"))
    yang = person("杨帆")
    ended = tuple(dataclasses.replace(e, status="suspended") for e in yang.enrollments)
    upstream.add_person(dataclasses.replace(yang, enrollments=ended))
    error = await rejected(port.post_payment(posting(a, "杨帆", "P1")), "not_enrolled")
    assert "未参加该险种" in error.message
    result = await port.query_posting("P1")
    assert result.state == up.PostingState.REJECTED and result.reason_code == "not_enrolled"


@pytest.mark.parametrize("fault", [None, "slow"])
async def test_twenty_concurrent_postings_with_one_posting_no_post_once(
    port: up.Upstream, upstream: SandboxUpstream, fault: str | None
) -> None:
    a = await port.assess(request("杨波", "flexible_pension", "202601", "202603", grade="p100"))
    if fault:
        upstream.set_fault("post_payment", fault)
    results = await asyncio.gather(*(port.post_payment(posting(a, "杨波", "SAME")) for _ in range(20)))
    assert len(upstream.postings) == 1 and len({r.upstream_ref for r in results}) == 1
    assert all(r == results[0] for r in results) and upstream.calls["post_payment"] == 20


# ---- the manual's ordering rule: 补缴 and 当期 post in order ----

async def _back_and_current(port: up.Upstream) -> tuple[up.Assessment, up.Assessment]:
    back = await port.assess(request("陈刚", "flexible_pension", "202507", "202510", "back_payment"))
    current = await port.assess(request("陈刚", "flexible_pension", "202601", "202603", grade="p60"))
    return back, current


async def test_later_payment_waits_for_the_earlier_one(port: up.Upstream, upstream: SandboxUpstream) -> None:
    back, current = await _back_and_current(port)
    error = await rejected(port.post_payment(posting(current, "陈刚", "P-current")), "posting_failed")
    assert error.message == "到账确认失败"
    assert (await port.query_posting("P-current")).reason_code == "posting_failed"
    await port.post_payment(posting(back, "陈刚", "P-back"))
    result = await port.post_payment(posting(current, "陈刚", "P-current"))  # the same number, now in order
    assert result.state == up.PostingState.POSTED and set(upstream.postings) == {"P-back", "P-current"}
    assert "P-current" not in upstream.rejections


async def test_ordering_rule_is_per_type_and_switchable(port: up.Upstream, upstream: SandboxUpstream) -> None:
    _, current = await _back_and_current(port)
    medical_request = request("陈刚", "flexible_medical", "202601", "202601", contribution_base_fen=360_000)
    medical = await port.assess(medical_request)
    assert (await port.post_payment(posting(medical, "陈刚", "P-med"))).state == up.PostingState.POSTED
    upstream.enforce_posting_order = False
    assert (await port.post_payment(posting(current, "陈刚", "P-current"))).state == up.PostingState.POSTED


async def test_voided_or_stale_earlier_assessment_does_not_block(
    port: up.Upstream, upstream: SandboxUpstream, clock: Clock
) -> None:
    back, current = await _back_and_current(port)
    upstream.void_assessment(back.assessment_no)
    assert (await port.post_payment(posting(current, "陈刚", "P1"))).state == up.PostingState.POSTED
    old = await port.assess(request("吴强", "flexible_pension", "202509", "202512", "back_payment"))
    now = await port.assess(request("吴强", "flexible_pension", "202601", "202601", grade="p60"))
    clock.now = NOW + upstream.assessment_ttl + timedelta(seconds=1)
    assert (await port.post_payment(posting(now, "吴强", "P2"))).state == up.PostingState.POSTED
    assert (await port.post_payment(posting(old, "吴强", "P3"))).state == up.PostingState.POSTED


# ---- faults ----

async def test_down_does_nothing(port: up.Upstream, upstream: SandboxUpstream) -> None:
    a = await port.assess(request("张敏", "resident_medical", "202601", "202612"))
    upstream.set_fault("post_payment", "down")
    with pytest.raises(up.UpstreamUnavailable):
        await port.post_payment(posting(a, "张敏", "P1"))
    assert upstream.postings == {} and (await port.query_posting("P1")).state == up.PostingState.NOT_FOUND
    upstream.clear_faults()
    assert (await port.post_payment(posting(a, "张敏", "P1"))).state == up.PostingState.POSTED


async def test_timeout_sleeps_and_does_nothing(port: up.Upstream, upstream: SandboxUpstream) -> None:
    a = await port.assess(request("张敏", "resident_medical", "202601", "202612"))
    upstream.set_fault("post_payment", "timeout", count=1)
    started = time.monotonic()
    with pytest.raises(up.UpstreamResultUnknown):
        await port.post_payment(posting(a, "张敏", "P1"))
    assert time.monotonic() - started >= SLOW
    assert (await port.query_posting("P1")).state == up.PostingState.NOT_FOUND
    assert (await port.post_payment(posting(a, "张敏", "P1"))).state == up.PostingState.POSTED


async def test_unknown_does_the_work_then_a_retry_returns_the_same_posting(
    port: up.Upstream, upstream: SandboxUpstream
) -> None:
    a = await port.assess(request("张敏", "resident_medical", "202601", "202612"))
    upstream.set_fault("post_payment", "unknown", count=1)
    with pytest.raises(up.UpstreamResultUnknown):
        await port.post_payment(posting(a, "张敏", "P1"))
    found = await port.query_posting("P1")
    assert found.state == up.PostingState.POSTED
    assert await port.post_payment(posting(a, "张敏", "P1")) == found and len(upstream.postings) == 1


async def test_unknown_assessment_still_exists(port: up.Upstream, upstream: SandboxUpstream) -> None:
    upstream.set_fault("assess", "unknown", count=1)
    with pytest.raises(up.UpstreamResultUnknown):
        await port.assess(request("张敏", "resident_medical", "202601", "202612"))
    assert len(upstream.assessments) == 1


async def test_slow_answers_late(port: up.Upstream, upstream: SandboxUpstream) -> None:
    upstream.set_fault("list_enrollments", "slow", count=1)
    started = time.monotonic()
    assert await port.list_enrollments(person("张敏").person, "hubei")
    assert time.monotonic() - started >= SLOW


@pytest.mark.parametrize(("mode", "message"), [("reject:not_enrolled", "该人员未参加该险种"),
                                               ("reject:posting_failed", "到账确认失败")])
async def test_reject_faults(port: up.Upstream, upstream: SandboxUpstream, mode: str, message: str) -> None:
    a = await port.assess(request("张敏", "resident_medical", "202601", "202612"))
    upstream.set_fault("post_payment", mode)
    error = await rejected(port.post_payment(posting(a, "张敏", "P1")), mode.split(":")[1])
    assert error.message == message and upstream.postings == {}
    result = await port.query_posting("P1")
    assert (result.state, result.reason) == (up.PostingState.REJECTED, message)
    upstream.set_fault("assess", "reject:not_enrolled", count=1)
    await rejected(port.assess(request("张敏", "resident_medical", "202701", "202712")), "not_enrolled")


async def test_faults_target_one_department(port: up.Upstream, upstream: SandboxUpstream) -> None:
    upstream.set_fault("assess", "down", department="healthcare_security")
    with pytest.raises(up.UpstreamUnavailable):
        await port.assess(request("李建国", "resident_medical", "202601", "202612"))
    assert await port.assess(request("李建国", "resident_pension", "202601", "202612", grade="y200"))
    upstream.set_fault("list_enrollments", "down", department="healthcare_security")
    with pytest.raises(up.UpstreamUnavailable):
        await port.list_enrollments(person("李建国").person, "hubei")
    assert upstream.healthcare_security.calls["assess"] == 1 and upstream.hrss.calls["assess"] == 1


async def test_star_fault_with_a_count(port: up.Upstream, upstream: SandboxUpstream) -> None:
    upstream.set_fault("*", "down", count=2)
    for call in (port.query_posting("P1"), port.query_treasury_entry("P1")):
        with pytest.raises(up.UpstreamUnavailable):
            await call
    assert upstream.faults == ()
    assert (await port.query_posting("P1")).state == up.PostingState.NOT_FOUND
    assert upstream.calls["query_posting"] == 2 and upstream.calls["query_treasury_entry"] == 1


@pytest.mark.parametrize(
    ("operation", "mode", "count", "department"),
    [("pay", "down", None, None), ("assess", "broken", None, None), ("assess", "reject:nonsense", None, None),
     ("assess", "down", 0, None), ("assess", "down", None, "treasury")],
)
def test_bad_fault_settings_are_refused(
    upstream: SandboxUpstream, operation: str, mode: str, count: int | None, department: str | None
) -> None:
    with pytest.raises(ValueError):
        upstream.set_fault(operation, mode, count=count, department=department)


async def test_bank_batch_windows_open_until_the_bank_returns_its_result(
        port: up.Upstream, upstream: SandboxUpstream) -> None:
    """Hubei's 批扣 at the bank: who is inside a window, then the bank's payment as a 银行批扣 record."""
    ref = person("张敏").person
    assert await port.list_batch_debit_windows(ref, "hubei") == []
    upstream.open_batch_window(ref, "hubei", "resident_medical", bank_name="湖北农信")
    windows = await port.list_batch_debit_windows(ref, "hubei")
    assert [(w.insurance_type, w.bank_name) for w in windows] == [("resident_medical", "湖北农信")]
    assert await port.list_batch_debit_windows(ref, "guizhou") == []
    assert await port.list_batch_debit_windows(person("李建国").person, "hubei") == []
    record = upstream.return_batch_result(ref, "hubei", "resident_medical", paid=True, period=("202701", "202712"),
                                          amount_fen=40_000)
    assert record is not None and await port.list_batch_debit_windows(ref, "hubei") == []
    paid = await port.list_paid_records(ref, "hubei", "202701", "202712")
    assert [(r.channel_label, r.amount_fen, r.receipt_no) for r in paid] == [("银行批扣", 40_000, record.receipt_no)]
    with pytest.raises(KeyError):
        upstream.return_batch_result(ref, "hubei", "resident_medical", paid=False)
