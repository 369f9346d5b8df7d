"""Every state machine is a declared table, and nothing but the engine writes a state.

The tables are checked for completeness (every state of the enum has its row, every state can be
reached), and the code is walked for any other writer: a create or update that names a state
column, a bulk create, an assignment to a state attribute, or a row of a machine's model created
outside `StateMachine.create` (which would take the column's default state without its event).
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.machines import StateMachine

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = ("app", "miniprogram_api", "dashboard", "public_site", "payment_channels", "pdfs", "config")
MODEL_MODULES = ["app.payments.models", "app.declarations.models", "app.refunds.models", "app.operations.models",
                 "app.agreements.models", "app.certificates.models", "app.batch_debit.models",
                 "app.reconciliation.models", "app.notifications.models", "app.identity.models", "app.payers.models",
                 "app.events.models"]
STATE_COLUMNS = {"state", "posting_state"}
ENGINE = ROOT / "app" / "machines.py"


def machines() -> list[StateMachine]:  # type: ignore[type-arg]
    found = []
    for name in MODEL_MODULES:
        module = importlib.import_module(name)
        found += [value for value in vars(module).values() if isinstance(value, StateMachine)]
    return found


def test_the_documented_list_is_every_machine() -> None:
    from app.commands import MACHINES

    assert {m.entity for m in MACHINES} == {m.entity for m in machines()}


def test_every_entity_with_a_lifecycle_has_its_table() -> None:
    entities = {m.entity for m in machines()}
    assert entities >= {"payment", "payment_item", "refund", "manual_refund", "declaration", "agreement",
                        "certificate", "batch_debit_list", "batch_debit_setting", "recon_difference",
                        "reconciliation_run"}


@pytest.mark.parametrize("machine", machines(), ids=lambda m: m.entity)
def test_the_table_is_complete(machine: StateMachine) -> None:  # type: ignore[type-arg]
    enum = type(next(iter(machine.starts)))
    assert set(machine.moves) == set(enum), f"{machine.entity}: every state has its row, final ones empty"
    assert machine.starts <= set(enum)
    reachable, frontier = set(machine.starts), list(machine.starts)
    while frontier:
        for target in machine.moves[frontier.pop()]:
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(enum), f"{machine.entity}: unreachable {set(enum) - reachable}"
    column = machine.model._meta.fields_map[machine.column]
    assert getattr(column, "enum_type", None) is enum


def _sources() -> Iterator[Path]:
    for package in PRODUCTION:  # the simulators' own states are theirs
        yield from sorted(p for p in (ROOT / package).rglob("*.py") if "sandbox" not in p.name
                          and "sandbox" not in p.parent.name)


def _writers(path: Path, model_names: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method = node.func.attr
            keywords = {k.arg for k in node.keywords}
            if method in ("update", "create", "update_or_create", "get_or_create", "bulk_create", "bulk_update") \
                    and keywords & STATE_COLUMNS:
                columns = ", ".join(sorted(str(k) for k in keywords & STATE_COLUMNS))
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {method}({columns}=…)")
            owner = node.func.value
            if method in ("create", "bulk_create", "get_or_create", "update_or_create") and \
                    isinstance(owner, ast.Name) and owner.id in model_names:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {owner.id}.{method}(…)")
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                elements = target.elts if isinstance(target, ast.Tuple) else [target]
                for element in elements:  # `row.state = …`, `row.state, row.x = …` (not `app.state.x = …`)
                    if isinstance(element, ast.Attribute) and element.attr in STATE_COLUMNS and \
                            not (isinstance(element.value, ast.Name) and element.value.id == "self"):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} .{element.attr} = …")
    return found


def test_no_state_is_written_outside_the_engine() -> None:
    model_names = {m.model.__name__ for m in machines()}
    offenders = [w for path in _sources() if path != ENGINE for w in _writers(path, model_names)]
    assert offenders == [], "state written outside app/machines.py:\n" + "\n".join(offenders)


def test_the_walk_finds_a_writer() -> None:  # the check above can fail
    sample = ROOT / "tests" / "unit" / "_state_writer_sample.py"
    sample.write_text("async def f(row):\n    await Payment.filter(id=1).update(state='paid')\n"
                      "    row.posting_state = 'posted'\n    app.state.is_started = False\n"
                      "    await Refund.create(amount_fen=1)\n", encoding="utf-8")
    try:
        assert len(_writers(sample, {"Payment", "Refund"})) == 3
    finally:
        sample.unlink()
