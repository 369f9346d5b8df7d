"""A channel is one folder and one line: each declares itself in its package, the registry lists
them, and nothing else names one — a channel's name appears outside its own package and its
sandbox only in configuration and region profiles."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from payment_channels.registry import CHANNELS, answers
from payment_channels.spec import ChannelContext, ChannelSpec, PayerKind

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = ("app", "miniprogram_api", "dashboard", "public_site", "payment_channels", "pdfs")
PACKAGE_OF = {spec.name: ROOT / "payment_channels" / Path(spec.build.__module__.split(".")[1]) for spec in
              CHANNELS.values()}


def _named(text: str) -> str | None:
    for name in CHANNELS:
        if text == name or text.startswith((f"{name}:", f"{name}#", f"/notify/{name}")):
            return name
    return None


def _literals(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            name = _named(node.value)
            if name is not None:
                found.append((node.lineno, name))
    return found


def test_a_channel_name_is_written_only_in_its_package() -> None:
    offenders = []
    for package in PRODUCTION:
        for path in sorted((ROOT / package).rglob("*.py")):
            for line, name in _literals(path):
                if not path.is_relative_to(PACKAGE_OF[name]):
                    offenders.append(f"{path.relative_to(ROOT)}:{line} {name!r}")
    assert offenders == [], "channel names outside their packages:\n" + "\n".join(offenders)


def test_the_walk_finds_a_channel_name(tmp_path: Path) -> None:  # the check above can fail
    sample = tmp_path / "sample.py"
    name = next(iter(CHANNELS))
    sample.write_text(f"if channel == {name!r}:\n    pass\nkey = '{name}:x'\n", encoding="utf-8")
    assert [n for _, n in _literals(sample)] == [name, name]


@pytest.mark.parametrize("spec", CHANNELS.values(), ids=lambda s: s.name)
def test_every_channel_declares_what_the_service_needs(spec: ChannelSpec) -> None:
    assert spec.label and spec.devices and spec.notification.summary
    assert len({d.name for d in spec.devices}) == len(spec.devices)
    for device in spec.devices:
        assert (device.handed is None) == (device.answer_field == ""), device
    from config.settings import load_settings

    simulator = spec.build_sandbox(ChannelContext(load_settings(env={})))
    assert spec.sandbox_blueprint(simulator) is not None
    retry, done = spec.notification.acknowledge(True), spec.notification.acknowledge(False)
    assert retry != done


def test_the_devices_are_handed_through_distinct_fields() -> None:
    fields = [device.answer_field for device in answers()]
    assert len(fields) == len(set(fields)) and fields


def test_devices_that_share_an_answer_field_hand_the_same_model() -> None:
    """Two channels' computers hand one `scan_to_pay` (the answer has one field per kind of thing handed)."""
    by_field: dict[str, set[type]] = {}
    for spec in CHANNELS.values():
        for device in spec.devices:
            if device.handed is not None:
                by_field.setdefault(device.answer_field, set()).add(device.handed)
    assert all(len(models) == 1 for models in by_field.values()), by_field
    assert {spec.name for spec in CHANNELS.values() if spec.device("pc")} == {"wechat_pay", "alipay"}


def test_one_channel_debits_agreements_and_one_signs_in() -> None:
    assert sum(any(d.payer == PayerKind.AGREEMENT for d in c.devices) for c in CHANNELS.values()) == 1
    assert sum(c.signs_in for c in CHANNELS.values()) == 1
