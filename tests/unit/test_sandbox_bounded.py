"""The sandboxes' bounded store: past its limit the oldest finished entries go to disk, nothing
unfinished does, and whatever went out is found again, changed, listed and deleted like the rest."""

from __future__ import annotations

from dataclasses import dataclass

from sandboxes.bounded import Recent, RecentList, SpillingDict


@dataclass
class Item:
    number: str
    done: bool = False


def test_only_finished_entries_leave_memory_and_all_are_found_again() -> None:
    store: SpillingDict[str, Item] = SpillingDict(limit=10, finished=lambda i: i.done)
    store["open"] = Item("open")  # the oldest, never finished: stays in memory
    for n in range(100):
        store[f"n{n}"] = Item(f"n{n}", done=True)
    assert store.in_memory() <= 11 and store.spilled >= 89
    assert "open" in [i.number for i in store.recent()]
    assert len(store) == 101 and sorted(store) == sorted(["open", *(f"n{n}" for n in range(100))])
    assert store["n0"] == Item("n0", True) and "n0" in store and "missing" not in store
    assert store.get("missing") is None


def test_a_value_read_back_and_changed_keeps_the_change_when_written_out_again() -> None:
    store: SpillingDict[str, Item] = SpillingDict(limit=5)
    for n in range(20):
        store[str(n)] = Item(str(n))
    store["0"].done = True  # read back from disk into memory, then changed
    for n in range(20, 40):  # pushes it out again
        store[str(n)] = Item(str(n))
    assert store.in_memory() <= 5
    assert store["0"].done is True
    assert [i.number for i in store.values() if i.done] == ["0"]


def test_find_looks_in_memory_then_on_disk_and_delete_reaches_both() -> None:
    store: SpillingDict[str, Item] = SpillingDict(limit=3)
    for n in range(10):
        store[str(n)] = Item(str(n))
    assert store.find(lambda i: i.number == "1") == Item("1")
    assert store.find(lambda i: i.number == "x") is None
    del store["2"]
    assert "2" not in store and len(store) == 9
    store["2"] = Item("2", True)
    assert store["2"].done and len(store) == 10


def test_recent_forgets_the_oldest_and_the_list_keeps_its_tail() -> None:
    codes: Recent[str, int] = Recent(3)
    for n in range(5):
        codes[str(n)] = n
    assert list(codes) == ["2", "3", "4"]
    log: RecentList[int] = RecentList(10)
    for n in range(100):
        log.append(n)
    assert len(log) <= 20 and log[-1] == 99 and log[-10:] == list(range(90, 100))
