"""The sandbox's test clock: move the business time of the whole service forward (like a payment
platform's test clocks), to see a deadline pass, a next-day agreement take effect or a declaration
expire without editing rows. The embedded default and staging only: production refuses it.

`POST /sandbox/clock {"advance": "P3D"}` or `{"set": "2026-12-20T10:00:00+08:00"}` moves it (never
back: what happened stays in the past); `DELETE /sandbox/clock` puts it back on the real time;
`GET` tells it. After a move every sweep runs at once, as it would have on the days skipped.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import AwareDatetime, Field, field_validator, model_validator
from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from app import clock
from app.context import Services
from app.errors import Forbidden, InvalidInput
from app.tasks import SWEEPS
from miniprogram_api.account import services_of
from miniprogram_api.openapi import ApiModel, route_doc
from miniprogram_api.parsing import parse_body
from miniprogram_api.requests import Body
from miniprogram_api.views import respond

bp = Blueprint("sandbox_clock", url_prefix="/sandbox")

MAX_STEP = timedelta(days=400)
MAX_OFFSET = timedelta(days=3660)  # ten years ahead of the real time, at most


class SandboxClockRefused(Forbidden):
    code = "sandbox_clock_refused"


class SandboxClockBackwards(InvalidInput):
    code = "sandbox_clock_backwards"


class SandboxClockTooFar(InvalidInput):
    code = "sandbox_clock_too_far"


class ClockBody(Body):
    advance: timedelta | None = Field(None, strict=False, description=(
        "向后调整的时长，ISO 8601 时长，如 P3D（3 天）、PT2H（2 小时）、P1DT12H；1 秒至 400 天"))
    set: AwareDatetime | None = Field(None, strict=False, description=(
        "调整到的时刻，ISO 8601 带时区，如 2026-12-20T10:00:00+08:00；不能早于测试时钟的当前时刻"))

    @field_validator("advance", "set", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        if value is not None and not isinstance(value, str):
            raise ValueError("应为 ISO 8601 文本")
        return value

    @model_validator(mode="after")
    def _one(self) -> ClockBody:
        if (self.advance is None) == (self.set is None):
            raise ValueError("advance 与 set 须且只须提供一个")
        return self


class ClockOut(ApiModel):
    now: AwareDatetime = Field(description="服务的业务时间（北京时间）")
    business_date: str = Field(description="业务日期（北京时间），所有期限、编号以此为准")
    offset_seconds: int = Field(description="比真实时间快多少秒；0 即真实时间")
    movable: bool = Field(description="本环境能否调整测试时钟（生产环境为 false）")
    sweeps_queued: int = Field(0, description="调整后立即排队执行的定时任务数（逾期退款、过期作废、对账等）")


def _view(services: Services, sweeps_queued: int = 0) -> ClockOut:
    now = clock.in_china()
    return ClockOut(now=now, business_date=now.date().isoformat(), offset_seconds=round(clock.offset().total_seconds()),
                    movable=services.clock_movable, sweeps_queued=sweeps_queued)


def _movable(services: Services) -> None:
    if not services.clock_movable:
        raise SandboxClockRefused()


async def _move(services: Services, offset: timedelta) -> HTTPResponse:
    await clock.move_to(services.kv, offset)
    queued = await services.queue.run_sweeps_now(list(SWEEPS))
    return respond(_view(services, queued))


@bp.get("/clock")
@route_doc("测试时钟：服务当前的业务时间（沙箱、预发布环境可调整）", tag="sandbox", ok=ClockOut, secured=False)
async def show(request: Request) -> HTTPResponse:
    return respond(_view(services_of(request)))


@bp.post("/clock")
@route_doc("调整测试时钟：整个服务（接口、任务、定时任务、上游沙箱）的业务时间向后调整，随后立即运行各定时任务",
           tag="sandbox", ok=ClockOut, body=ClockBody, secured=False, errors=(403,),
           description="生产环境 403 sandbox_clock_refused；向前调整 400 sandbox_clock_backwards；"
                       "超出范围 400 sandbox_clock_too_far")
async def move(request: Request) -> HTTPResponse:
    services = services_of(request)
    _movable(services)
    body = parse_body(request, ClockBody)
    current = clock.offset()
    if body.advance is not None:
        if not timedelta(seconds=1) <= body.advance <= MAX_STEP:
            raise (SandboxClockBackwards() if body.advance < timedelta(0) else SandboxClockTooFar())
        target = current + body.advance
    else:
        assert body.set is not None
        target = body.set - (clock.now() - current)  # the offset that makes now() say `set`
        if target < current:
            raise SandboxClockBackwards()
        if target - current > MAX_STEP:
            raise SandboxClockTooFar()
    if target > MAX_OFFSET:
        raise SandboxClockTooFar()
    return await _move(services, target)


@bp.delete("/clock")
@route_doc("测试时钟回到真实时间", tag="sandbox", ok=ClockOut, secured=False, errors=(403,))
async def reset(request: Request) -> HTTPResponse:
    services = services_of(request)
    _movable(services)
    return await _move(services, timedelta(0))

