"""The run report: every page counted once, failures and dropped blocks counted by reason.

Written as ``OUT/report.json`` and printed.  Counts come from the shard markers, so a resumed run reports
the whole run; throughput is for the pages this invocation processed, over the time it spent on them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jianbao.batch.shards import Plan, marker, write_json

REPORT_SCHEMA = "jianbao.batch.report/1"


def build(work: Path, plan: Plan, *, engine: str, parallel: str, processed_shards: list[int],
          process_seconds: float, dedup_seconds: float, total_seconds: float, final: dict[str, Any],
          inputs: list[str]) -> dict[str, Any]:
    totals: dict[str, Any] = {"pages": 0, "ok": 0, "failed": 0, "articles": 0, "blocks": 0, "unassigned": 0}
    by_kind: dict[str, int] = {}
    by_role: dict[str, int] = {}
    for n in range(plan.n_shards):
        m = marker(work, n) or {}
        for key in totals:
            totals[key] += int(m.get(key, 0))
        for kind, k in m.get("failed_by_kind", {}).items():
            by_kind[kind] = by_kind.get(kind, 0) + k
        for role, k in m.get("unassigned_by_role", {}).items():
            by_role[role] = by_role.get(role, 0) + k
    processed = sum(len(plan.shard(n)) for n in processed_shards)
    marks = [marker(work, n) or {} for n in processed_shards]
    worker_seconds = sum(m.get("seconds", 0.0) for m in marks)
    cpu_seconds = sum(m.get("cpu_seconds", 0.0) for m in marks)
    return {
        "schema": REPORT_SCHEMA,
        "inputs": inputs,
        "engine": engine,
        "parallelism": parallel,
        "pages": totals["pages"],
        "pages_ok": totals["ok"],
        "pages_failed": totals["failed"],
        "pages_failed_by_reason": dict(sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))),
        "articles": totals["articles"],
        "blocks": totals["blocks"],
        "unassigned_blocks": totals["unassigned"],
        "unassigned_blocks_by_role": dict(sorted(by_role.items())),
        "duplicates": {"clusters": final.get("dup_clusters", 0),
                       "articles_in_clusters": final.get("articles_in_dup_clusters", 0),
                       "seconds": round(dedup_seconds, 2)},
        "shards": {"total": plan.n_shards, "size": plan.shard_size, "processed_now": len(processed_shards),
                   "resumed_from_markers": plan.n_shards - len(processed_shards)},
        "throughput": {"pages_processed_now": processed, "seconds": round(process_seconds, 2),
                       "pages_per_second": round(processed / process_seconds, 2) if processed and process_seconds > 0 else None,
                       "total_seconds": round(total_seconds, 2),
                       # workers busy on average, and the share of a core they got while busy: on a machine
                       # shared with other work, the second is below 1 and the rate drops with it
                       "busy_workers": round(worker_seconds / process_seconds, 2) if processed and process_seconds > 0 else None,
                       "cpu_share_while_busy": round(cpu_seconds / worker_seconds, 2) if worker_seconds else None,
                       "pages_per_cpu_second": round(processed / cpu_seconds, 2) if cpu_seconds else None},
    }


def write(out: Path, report: dict[str, Any]) -> Path:
    path = out / "report.json"
    write_json(path, report)
    return path


def render(report: dict[str, Any]) -> Any:
    """A rich table of the report, for the terminal."""
    from rich.table import Table

    t = Table(title=f"jianbao batch — {report['engine']} ({report['parallelism']})", show_header=False)
    t.add_column(style="bold")
    t.add_column(justify="right")
    t.add_row("pages", f"{report['pages']:,}")
    t.add_row("pages ok", f"{report['pages_ok']:,}")
    t.add_row("pages failed", f"{report['pages_failed']:,}")
    for kind, k in report["pages_failed_by_reason"].items():
        t.add_row(f"  {kind}", f"{k:,}")
    t.add_row("articles", f"{report['articles']:,}")
    t.add_row("unassigned blocks", f"{report['unassigned_blocks']:,}")
    for role, k in report["unassigned_blocks_by_role"].items():
        t.add_row(f"  {role}", f"{k:,}")
    dup = report["duplicates"]
    t.add_row("duplicate clusters", f"{dup['clusters']:,} ({dup['articles_in_clusters']:,} articles)")
    sh = report["shards"]
    t.add_row("shards", f"{sh['processed_now']} run now, {sh['resumed_from_markers']} done before")
    th = report["throughput"]
    rate = th["pages_per_second"]
    t.add_row("throughput", f"{rate:,.1f} pages/s" if rate else "—")
    t.add_row("time", f"{th['total_seconds']:.1f} s")
    return t
