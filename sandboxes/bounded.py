"""A mapping that keeps at most `limit` entries in memory and the rest on disk, so a sandbox that
runs for hours (a deadline-day load run) measures the service, not its own growth.

Entries are held in memory in the order they were last touched. When more than `limit` are held,
the oldest *finished* ones (`finished(value)` — a trade paid or closed and notified, a refund
settled) are written to a SQLite file and dropped from memory; an unfinished one is never moved
out, so the sandboxes' loops over what is still moving (`recent()`) see every one of them.
Nothing is forgotten: a key not in memory is read back from disk (and held again), and `values()`
/ `items()` go over both, so queries, refunds and a day's statement keep seeing every trade.

Values are pickled; a value read back is a copy, held in memory again until it is old enough to
be written out once more (the last write wins)."""

from __future__ import annotations

import os
import pickle
import sqlite3
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")

DEFAULT_LIMIT = 5000  # `python -m app sandbox` sets SHEBAO_SANDBOX_KEEP_IN_MEMORY here before making the sandboxes


def _always(_value: Any) -> bool:
    return True


class SpillingDict(MutableMapping[K, V]):
    """dict-like; see the module's docstring. Keys must be picklable and hashable (str, tuples)."""

    def __init__(self, limit: int | None = None, finished: Callable[[V], bool] = _always) -> None:
        self.limit = limit if limit is not None else DEFAULT_LIMIT
        self._finished = finished
        self._memory: OrderedDict[K, V] = OrderedDict()
        self._disk: sqlite3.Connection | None = None
        self._on_disk = 0
        self.spilled = 0  # entries written out, for tests and the bench

    # ---- the disk ----

    def _db(self) -> sqlite3.Connection:
        if self._disk is None:
            handle, path = tempfile.mkstemp(prefix="shebao-sandbox-", suffix=".sqlite")
            os.close(handle)
            self._disk = sqlite3.connect(path, isolation_level=None)
            os.unlink(path)  # the open connection keeps it; nothing is left behind on exit
            self._disk.execute("PRAGMA journal_mode=OFF")
            self._disk.execute("PRAGMA synchronous=OFF")
            self._disk.execute("CREATE TABLE kv (k BLOB PRIMARY KEY, v BLOB NOT NULL)")
        return self._disk

    def _read(self, key: K) -> V | None:
        if not self._on_disk:
            return None
        row = self._db().execute("SELECT v FROM kv WHERE k = ?", (pickle.dumps(key),)).fetchone()
        return None if row is None else pickle.loads(row[0])

    def _spill(self) -> None:
        """Past the limit, write the oldest finished entries out until a tenth of the limit is free."""
        if len(self._memory) <= self.limit:
            return
        out: list[K] = []
        excess = len(self._memory) - self.limit * 9 // 10
        for key, value in self._memory.items():
            if len(out) >= excess:
                break
            if self._finished(value):
                out.append(key)
        if not out:
            return
        db = self._db()
        db.execute("BEGIN")
        db.executemany("INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)",
                       [(pickle.dumps(key), pickle.dumps(self._memory.pop(key))) for key in out])
        db.execute("COMMIT")
        self._on_disk = db.execute("SELECT count(*) FROM kv").fetchone()[0]
        self.spilled += len(out)

    # ---- the mapping ----

    def __getitem__(self, key: K) -> V:
        if key in self._memory:
            self._memory.move_to_end(key)
            return self._memory[key]
        value = self._read(key)
        if value is None:
            raise KeyError(key)
        self._memory[key] = value  # held again: whoever asked may change it
        self._spill()
        return value

    def __setitem__(self, key: K, value: V) -> None:
        self._memory[key] = value
        self._memory.move_to_end(key)
        self._spill()

    def __delitem__(self, key: K) -> None:
        found = self._memory.pop(key, None) is not None
        if self._on_disk:
            cursor = self._db().execute("DELETE FROM kv WHERE k = ?", (pickle.dumps(key),))
            if cursor.rowcount:
                self._on_disk -= cursor.rowcount
                found = True
        if not found:
            raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        if key in self._memory:
            return True
        if not self._on_disk:
            return False
        row = self._db().execute("SELECT 1 FROM kv WHERE k = ?", (pickle.dumps(key),)).fetchone()
        return row is not None

    def _disk_items(self) -> Iterator[tuple[K, V]]:
        if not self._on_disk:
            return
        last = 0
        while rows := self._db().execute(
                "SELECT rowid, k, v FROM kv WHERE rowid > ? ORDER BY rowid LIMIT 500", (last,)).fetchall():
            last = rows[-1][0]
            for _, k, v in rows:
                key = pickle.loads(k)
                if key not in self._memory:
                    yield key, pickle.loads(v)

    def __iter__(self) -> Iterator[K]:
        yield from list(self._memory)
        for key, _ in self._disk_items():
            yield key

    def items(self) -> Iterator[tuple[K, V]]:  # type: ignore[override]
        yield from list(self._memory.items())
        yield from self._disk_items()

    def values(self) -> Iterator[V]:  # type: ignore[override]
        for _, value in self.items():
            yield value

    def __len__(self) -> int:
        if not self._on_disk:
            return len(self._memory)
        held = sum(1 for (k,) in self._db().execute("SELECT k FROM kv") if pickle.loads(k) in self._memory)
        return len(self._memory) + self._on_disk - held

    def recent(self) -> list[V]:
        """The values held in memory: every unfinished one, and the most recently touched."""
        return list(self._memory.values())

    def find(self, match: Callable[[V], bool]) -> V | None:
        """The first value that matches, looking in memory first (where whatever still moves is)."""
        for value in list(self._memory.values()):
            if match(value):
                return value
        for key, value in self._disk_items():
            if match(value):
                self._memory[key] = value
                self._spill()
                return value
        return None

    def in_memory(self) -> int:
        return len(self._memory)


class RecentList(list[V]):
    """A list that keeps its last `limit` items (logs of deliveries, kept for tests and dashboards)."""

    def __init__(self, limit: int = 1000) -> None:
        super().__init__()
        self.limit = limit

    def append(self, item: V) -> None:
        super().append(item)
        if len(self) > 2 * self.limit:
            del self[: len(self) - self.limit]


class Recent(OrderedDict[K, V]):
    """A dict that forgets its oldest entries past `limit` (download tokens, one-time codes)."""

    def __init__(self, limit: int = 1000) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        while len(self) > self.limit:
            self.popitem(last=False)
