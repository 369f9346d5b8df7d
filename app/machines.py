"""State machines declared as data, applied by one engine.

Each entity with a lifecycle declares one `StateMachine`: the states a row may be created in and,
for every state, the states it may move to. `create` and `move` are the only writers of a state
column (a test walks the code for any other): they run inside the unit of work (their own, if
none is open), lock the row, check the table, compare-and-set, stamp `updated_at` and append the
event (who, what, from, to, why, when) in the same transaction.

A move the table does not allow from the row's current state, or a state the caller does not
`expect`, changes nothing and answers None: another writer got there first (a notification and a
query racing, a sweep and a person). A target no state may ever reach is a programming error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

from tortoise.models import Model

from app import clock
from app.events import record
from app.uow import unit_of_work

S = TypeVar("S", bound=StrEnum)
M = TypeVar("M", bound=Model)


class IllegalTransition(Exception):
    """A move no state of the machine allows, or a row created in a state it cannot start in."""


@dataclass(frozen=True)
class StateMachine(Generic[S, M]):
    """One entity's lifecycle: `moves[a]` are the states a row in state `a` may move to."""

    entity: str  # the event log's name for it: "payment", "payment_item", "refund" …
    model: type[M]
    starts: frozenset[S]
    moves: Mapping[S, frozenset[S]]
    column: str = "state"
    _targets: frozenset[S] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_targets", frozenset(t for ts in self.moves.values() for t in ts))

    def allows(self, from_state: S, to_state: S) -> bool:
        return to_state in self.moves.get(from_state, frozenset())

    def states(self) -> list[S]:
        seen = dict.fromkeys([*self.starts, *self.moves, *self._targets])
        return list(seen)

    async def create(self, *, actor: str, action: str = "create", why: str = "",
                     data: dict[str, Any] | None = None, part_of: str | None = None, **values: Any) -> M:
        """Write a new row in one of the start states, with its event (none when it is `part_of`
        another row's creation, whose event names it: a payment's shares)."""
        state = values.setdefault(self.column, next(iter(self.starts)) if len(self.starts) == 1 else None)
        if state not in self.starts:
            raise IllegalTransition(f"{self.entity} cannot start in {state!r}")
        async with unit_of_work():
            row = await self.model.create(**values)
            if part_of is None:
                await record(self.entity, row.pk, action, actor=actor, to_state=state, reason=why, data=data)
        return row

    async def move(self, row: int | M, to_state: S, *, actor: str, expect: Iterable[S] | None = None,
                   where: Mapping[str, Any] | None = None, action: str = "transition", why: str = "",
                   data: dict[str, Any] | None = None, **changes: Any) -> M | None:
        """Move one row (by id, or the model instance, which is then brought up to date) to
        `to_state` (and write `changes` with it; `why` and `data` go to its event), if the table
        allows it from the
        row's state, the state is one of `expect` (when given) and the row's other columns equal
        `where` (when given). Returns the row as written, or None when nothing changed.

        Raises: IllegalTransition when no state may ever move to `to_state`.
        """
        if to_state not in self._targets:
            raise IllegalTransition(f"no {self.entity} state moves to {to_state!r}")
        row_id = row if isinstance(row, int) else row.pk
        allowed = None if expect is None else set(expect)
        conditions = dict(where or {})
        async with unit_of_work():
            locked = await self.model.select_for_update().filter(pk=row_id).first()
            if locked is None:
                return None
            current = getattr(locked, self.column)
            if (allowed is not None and current not in allowed) or not self.allows(current, to_state) or any(
                    getattr(locked, name) != value for name, value in conditions.items()):
                return None
            now = clock.now()
            values = {self.column: to_state, "updated_at": now, **changes} if self._stamped() else \
                {self.column: to_state, **changes}
            changed = await self.model.filter(pk=row_id, **{self.column: current}, **conditions).update(**values)
            if not changed:
                return None
            await record(self.entity, row_id, action, actor=actor, from_state=current, to_state=to_state,
                         reason=why, data=data)
        written = locked if isinstance(row, int) else row
        for name, value in values.items():
            setattr(written, name, value)
        return written

    def _stamped(self) -> bool:
        return "updated_at" in self.model._meta.fields_map
