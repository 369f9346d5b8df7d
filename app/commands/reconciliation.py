"""`python -m app reconcile --date D [--channel NAME]`: one reconciliation run from the
command line, with progress bars and a summary table. Exit code: 0 done and nothing needs a
person, 1 differences need a person, 2 the run failed."""

from __future__ import annotations

from datetime import date
from typing import TextIO

from tqdm import tqdm

from app.bootstrap import command_services
from app.reconciliation import (
    DifferenceKind,
    DifferenceState,
    ReconciliationDifference,
    ReconciliationRun,
    RunState,
    reconcile,
)
from config.settings import Settings

EXIT_DONE, EXIT_NEEDS_PERSON, EXIT_FAILED = 0, 1, 2
_STAGES = {"read": ("对账单行", "行"), "postings": ("到账信息", "笔"), "compare": ("比对", "步"),
           "resolve": ("差异处理", "笔")}


class ProgressBars:
    """One tqdm bar per stage of `reconcile` (lines read, postings loaded, compared, resolved)."""

    def __init__(self, out: TextIO | None = None) -> None:
        self.bars: dict[str, tqdm] = {}  # type: ignore[type-arg]
        self.out = out
        self.postings = 0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        bar = self.bars.get(stage)
        if bar is None:
            label, unit = _STAGES.get(stage, (stage, "it"))
            bar = self.bars[stage] = tqdm(total=total, desc=label, unit=unit, unit_scale=True, file=self.out,
                                          leave=True, dynamic_ncols=True)
        if total is not None and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)
        if stage == "postings":
            self.postings = done

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


async def reconcile_command(settings: Settings, day: date, channel: str) -> int:
    """Run `reconcile` for one channel and day with progress bars; print the summary table.

    Returns the exit code: 0 done (nothing needs a person), 1 differences need a person,
    2 the run failed (or the channel is not configured).
    """
    async with command_services(settings) as services:
        if channel not in services.channels:
            print(f"未配置的渠道：{channel}（可用：{', '.join(services.channels)}）")
            return EXIT_FAILED
        bars = ProgressBars()
        try:
            run = await reconcile(services, channel, day, bars)
        finally:
            bars.close()
        return await print_summary(run, bars.postings)


async def print_summary(run: ReconciliationRun, postings: int | None = None) -> int:
    """Print the run's counts and its differences by kind and state; returns the exit code."""
    print(f"\n日切对账  渠道 {run.channel}  账单日 {run.bill_date}  run #{run.id}  {run.state.value}")
    if run.state == RunState.FAILED:
        print(f"  失败：{run.error}")
        return EXIT_FAILED
    rows = [("statement lines", run.statement_lines), ("matched", run.matched)]
    if postings is not None:
        rows.append(("upstream postings", postings))
    rows += [("differences", run.differences), ("auto-resolved", run.auto_resolved)]
    for label, value in rows:
        print(f"  {label:<20}{value:>12,}")
    found = await ReconciliationDifference.filter(run_id=run.id).values_list("kind", "state")
    counts: dict[tuple[str, str], int] = {}
    for kind, state in found:
        key = (str(getattr(kind, "value", kind)), str(getattr(state, "value", state)))
        counts[key] = counts.get(key, 0) + 1
    states = [s.value for s in DifferenceState]
    if counts:
        print(f"\n  {'kind':<24}" + "".join(f"{s:>15}" for s in states))
        for kind in DifferenceKind:
            if any((kind.value, s) in counts for s in states):
                print(f"  {kind.value:<24}" + "".join(f"{counts.get((kind.value, s), 0):>15}" for s in states))
    needs_person = sum(n for (_, state), n in counts.items() if state == DifferenceState.NEEDS_PERSON.value)
    if needs_person:
        print(f"\n  {needs_person} 项差异需人工处理（退费看板 / reconciliation_differences）")
        return EXIT_NEEDS_PERSON
    return EXIT_DONE
