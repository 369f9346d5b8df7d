"""The deadline day's report: the JSON of every figure, a markdown page, and PNG plots (matplotlib)
of throughput and p99 per path over time and of each process's RSS over time."""

from __future__ import annotations

import json
import math
import statistics
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BUCKET = 10.0  # seconds per point


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.99 * len(ordered)) - 1)] if ordered else 0.0


def series(samples: list[tuple[float, str, int, float]]) -> dict[str, list[dict[str, float]]]:
    """Per path: for every BUCKET seconds, requests per second and p99 in ms."""
    buckets: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for t, label, _, seconds in samples:
        buckets[label][int(t // BUCKET)].append(seconds)
    return {label: [{"t": b * BUCKET, "rps": len(v) / BUCKET, "p99_ms": round(p99(v) * 1000, 1)}
                    for b, v in sorted(by.items())] for label, by in buckets.items()}


def per_path(samples: list[tuple[float, str, int, float]], seconds: float) -> dict[str, dict[str, Any]]:
    by: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for _, label, status, took in samples:
        by[label].append((status, took))
    return {label: {"requests": len(v), "per_second": round(len(v) / max(seconds, 1), 2),
                    "p50_ms": round(statistics.median(t for _, t in v) * 1000, 1),
                    "p99_ms": round(p99([t for _, t in v]) * 1000, 1),
                    "errors": sum(1 for s, _ in v if s >= 400)}
            for label, v in sorted(by.items(), key=lambda kv: -len(kv[1]))}


def memory(rss: dict[str, list[tuple[float, float]]], warm_until: float) -> dict[str, dict[str, Any]]:
    """Per process: RSS after warm-up (median of the first minute past it) and at the end (median
    of the last minute), and the growth between them in per cent."""
    out = {}
    for name, points in rss.items():
        after = [(t, m) for t, m in points if t >= warm_until]
        if len(after) < 4:
            continue
        first = [m for t, m in after if t < after[0][0] + 60]
        last = [m for t, m in after if t > after[-1][0] - 60]
        start, end = statistics.median(first), statistics.median(last)
        peak = max(m for _, m in after)
        out[name] = {"warm_mib": round(start, 1), "end_mib": round(end, 1), "peak_mib": round(peak, 1),
                     "growth_pct": round((end - start) / start * 100, 2), "from_s": round(after[0][0]),
                     "to_s": round(after[-1][0])}
    return out


def plots(name: str, out: Path, run: Any, paths: dict[str, list[dict[str, float]]]) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def shade(ax: Any) -> None:
        for f in run.record.faults:
            ax.axvspan(f.start, f.end if f.end is not None else f.start + 1, color="red", alpha=0.12)
            ax.text(f.start, ax.get_ylim()[1] * 0.95, f.name, fontsize=6, rotation=90, va="top")

    top = sorted(paths, key=lambda p: -sum(x["rps"] for x in paths[p]))[:8]
    files = []
    fig, (a, b) = plt.subplots(2, 1, figsize=(11, 8), sharex=True)
    for label in top:
        a.plot([x["t"] for x in paths[label]], [x["rps"] for x in paths[label]], label=label)
        b.plot([x["t"] for x in paths[label]], [x["p99_ms"] for x in paths[label]], label=label)
    a.set_ylabel("requests / s")
    b.set_ylabel("p99 (ms)")
    b.set_yscale("log")
    b.set_xlabel("seconds into the run")
    a.legend(fontsize=7, ncol=2)
    shade(a)
    shade(b)
    a.set_title(f"{name}: throughput and p99 per path ({BUCKET:.0f} s buckets; faults shaded)")
    fig.tight_layout()
    files.append(f"{name}-paths.png")
    fig.savefig(out / files[-1], dpi=90)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(11, 5))
    for proc, points in sorted(run.record.rss.items()):
        if proc == "redis":
            continue
        ax.plot([t for t, _ in points], [m for _, m in points], label=proc)
    ax.set_ylabel("RSS (MiB)")
    ax.set_xlabel("seconds into the run")
    ax.legend(fontsize=7, ncol=2)
    shade(ax)
    ax.set_title(f"{name}: resident memory of each process")
    fig.tight_layout()
    files.append(f"{name}-rss.png")
    fig.savefig(out / files[-1], dpi=90)
    plt.close(fig)
    return files


def write_report(run: Any, settled: dict[str, Any], killed: list[dict[str, Any]], reconciliation: dict[str, Any],
                 ledger: dict[str, Any]) -> dict[str, Any]:
    args, rec = run.args, run.record
    name = "deadline-day-quick" if args.quick else f"deadline-day-{args.minutes:g}min"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    load_seconds = run.load_end - run.load_start
    load = [s for s in rec.samples if s[1] != "sandbox control"]
    paths = series(load)
    warm = run.load_start + min(300.0, load_seconds * 0.25)
    injected = {k: v for k, v in rec.errors.items() if "[injected" in k}
    report = {
        "name": name, "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": f"python -m bench.deadline_day {'--quick' if args.quick else ''} --payers {args.payers} "
                   f"--minutes {args.minutes:g} --concurrency {args.concurrency}".replace("  ", " "),
        "payers": args.payers, "served": run.served, "load_seconds": round(load_seconds),
        "journeys": dict(rec.journeys), "requests": len(load),
        "requests_per_second": round(len(load) / max(load_seconds, 1), 1),
        "per_path": per_path(load, load_seconds), "series": paths,
        "faults": [{"name": f.name, "start_s": round(f.start, 1), "end_s": None if f.end is None else round(f.end, 1),
                    **f.detail} for f in rec.faults],
        "jobs_doing_at_kill": killed,
        "errors": dict(sorted(rec.errors.items(), key=lambda kv: -kv[1])),
        "injected_errors": sum(injected.values()),
        "unexplained_5xx": rec.unexplained[:100], "unexplained_count": len(rec.unexplained),
        "settled": settled, "reconciliation": reconciliation, "ledger": ledger,
        "memory_after_warmup": memory(rec.rss, warm), "warm_until_s": round(warm),
        "rss": {k: [(round(t, 1), round(m, 1)) for t, m in v] for k, v in rec.rss.items()},
    }
    try:
        report["plots"] = plots(name, out, run, paths)
    except ImportError:
        report["plots"] = []
    (out / f"{name}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    (out / f"{name}.md").write_text(markdown(report))
    print(markdown(report), flush=True)
    return report


def _counts(summary: list[str]) -> str:
    return ", ".join(" ".join(s.split()) for s in summary if "matched" in s or "differences" in s)


def markdown(r: dict[str, Any]) -> str:
    ledger = r["ledger"]
    lines = [
        f"# {r['name']} ({r['when']})", "",
        f"`{r['command']}`", "",
        f"- payers: {r['payers']:,} registered, {r['served']:,} served in {r['load_seconds']} s; "
        f"{r['requests']:,} API requests, {r['requests_per_second']} req/s",
        "- journeys: " + ", ".join(f"{k} {v:,}" for k, v in sorted(r["journeys"].items())),
        f"- ledger: **{'balanced' if ledger['balanced'] else 'NOT BALANCED'}** — {ledger['paid_payments']:,} paid "
        f"payments, {ledger['posted_shares']:,} shares posted ({ledger['posted_fen'] / 100:,.2f} 元), "
        f"{ledger['refunded_shares']:,} refunded ({ledger['refunded_fen'] / 100:,.2f} 元), debited "
        f"{ledger['debited_fen'] / 100:,.2f} 元; problems: {ledger['problem_count']}",
        "- reconciliation: " + "; ".join(f"{c} exit {v['exit']} ({_counts(v['summary'])})"
                                         for c, v in r["reconciliation"].items()),
        f"- settled after the load: {r['settled']}",
        f"- 5xx / connection errors no injected fault explains: **{r['unexplained_count']}**; "
        f"explained by an injected fault: {r['injected_errors']}", "",
        "## Faults", "", "| fault | from (s) | to (s) | detail |", "|---|---:|---:|---|",
    ]
    for f in r["faults"]:
        detail = {k: v for k, v in f.items() if k not in ("name", "start_s", "end_s")}
        shown = json.dumps(detail, ensure_ascii=False)[:300]
        lines.append(f"| {f['name']} | {f['start_s']} | {f['end_s']} | {shown} |")
    if r["jobs_doing_at_kill"]:
        lines += ["", "Jobs running in the killed job worker and what became of them: " + ", ".join(
            f"#{j['id']} {j['task_name']} → {j['status']} (attempts {j['attempts']})" for j in r["jobs_doing_at_kill"])]
    lines += ["", "## Paths", "", "| path | requests | per s | p50 ms | p99 ms | 4xx/5xx |",
              "|---|---:|---:|---:|---:|---:|"]
    for label, v in r["per_path"].items():
        lines.append(f"| {label} | {v['requests']:,} | {v['per_second']} | {v['p50_ms']} | {v['p99_ms']} | "
                     f"{v['errors']} |")
    lines += ["", "## Errors by kind", "", "| kind | count |", "|---|---:|"]
    lines += [f"| {k} | {v:,} |" for k, v in r["errors"].items()] or ["| none | 0 |"]
    lines += ["", f"## Memory after warm-up (from {r['warm_until_s']} s)", "",
              "| process | after warm-up MiB | end MiB | peak MiB | growth |", "|---|---:|---:|---:|---:|"]
    for proc, m in sorted(r["memory_after_warmup"].items()):
        lines.append(f"| {proc} | {m['warm_mib']} | {m['end_mib']} | {m['peak_mib']} | {m['growth_pct']} % |")
    if r["unexplained_5xx"]:
        lines += ["", "## Unexplained", ""] + [f"- {u}" for u in r["unexplained_5xx"][:30]]
    lines += [""] + [f"![{p}]({p})" for p in r.get("plots", [])]
    return "\n".join(lines) + "\n"
