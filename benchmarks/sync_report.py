"""Count a benchmark scenario's requests (by kind, by endpoint) and report the runs against issue 9."""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from typing import Any

from tests.syncharness import ROADMAP_REPO

EVIDENCE_OPERATIONS = frozenset({"RoadmapHeads", "RoadmapTrees", "RoadmapTexts"})
GITHUB_TOKEN_HOURLY = 1000  # a GITHUB_TOKEN's REST requests an hour per repository (GitHub docs)


def count_requests(records: Sequence[Any]) -> dict[str, int]:
    """Requests by kind as the fake served them, and which of them read evidence."""
    counts = {"graphql": 0, "rest_read": 0, "rest_write": 0, "evidence_reads": 0}
    roadmap_prefix = f"/repos/{ROADMAP_REPO}"
    for record in records:
        counts[record.kind] += 1
        if record.operation in EVIDENCE_OPERATIONS or (
            record.kind == "rest_read" and not record.path.startswith(roadmap_prefix)
        ):
            counts["evidence_reads"] += 1
    counts["requests"] = counts["graphql"] + counts["rest_read"] + counts["rest_write"]
    return counts


def endpoints(records: Sequence[Any]) -> dict[str, int]:
    """Requests per endpoint (GraphQL by operation; numbers, shas and linked repos folded)."""
    counts: dict[str, int] = {}
    for record in records:
        if record.kind == "graphql":
            key = f"POST /graphql {record.operation}"
        else:
            path = record.path.replace(f"/repos/{ROADMAP_REPO}", "/repos/{roadmap}")
            path = re.sub(r"^/repos/[^/{]+/[^/]+", "/repos/{linked}", path)
            path = re.sub(r"/[0-9a-f]{40}\b", "/{sha}", re.sub(r"/\d+\b", "/{n}", path))
            key = f"{record.method} {path}"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _row(rows: Sequence[dict[str, Any]], n: int, scenario: str) -> dict[str, Any] | None:
    return next((r for r in rows if r["n"] == n and r["scenario"] == scenario), None)


def targets(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Issue 9's targets, each with the measured value and whether it is met (None: not run)."""
    checks: list[tuple[str, int, str, str, float, str]] = [
        ("cold N=100: evidence reads <= 10", 100, "cold", "evidence_reads", 10, "<="),
        ("cold N=100: >= 20x fewer requests than the baseline", 100, "cold", "fewer_x", 20, ">="),
        ("warm N=100: <= 3 requests in all", 100, "warm", "requests", 3, "<="),
        ("warm N=100: 0 writes", 100, "warm", "rest_write", 0, "<="),
        ("cold N=1000: under 100 requests", 1000, "cold", "requests", 99, "<="),
        ("cold N=1000: local CPU under 2 s", 1000, "cold", "cpu_s", 2.0, "<"),
    ]
    out = []
    for label, n, scenario, key, limit, op in checks:
        row = _row(rows, n, scenario)
        value = None if row is None else row.get(key)
        met = (
            None
            if value is None
            else (value <= limit if op == "<=" else value >= limit if op == ">=" else value < limit)
        )
        out.append({"target": label, "value": value, "met": met})
    synced = [r for r in rows if r["scenario"] != "baseline"]
    peak = max((r["peak_rss_mb"] for r in synced), default=None)
    out.append(
        {
            "target": "peak RSS under 150 MB",
            "value": peak,
            "met": None if peak is None else peak < 150,
        }
    )
    return out


def add_ratios(rows: list[dict[str, Any]]) -> None:
    """Our figures as ratios to the baseline of the same N (``fewer_x``: its requests / ours)."""
    for row in rows:
        base = _row(rows, row["n"], "baseline")
        if base is None or row["scenario"] == "baseline":
            continue
        row["fewer_x"] = round(base["requests"] / max(1, row["requests"]), 1)
        row["evidence_fewer_x"] = round(base["requests"] / max(1, row["evidence_reads"]), 1)
        row["wall_ratio"] = round(row["wall_s"] / max(1e-9, base["wall_s"]), 3)
        row["cpu_ratio"] = round(row["cpu_s"] / max(1e-9, base["cpu_s"]), 3)
        row["rss_ratio"] = round(row["peak_rss_mb"] / max(1e-9, base["peak_rss_mb"]), 2)


def markdown(report: dict[str, Any]) -> str:
    head = (
        f"Sync against the fake GitHub, {report['latency_s'] * 1000:.0f} ms per request, "
        f"{report['files_per_repo']} files per linked repo, Python {report['python']}. Core points "
        f"are REST rate-limit points (a GITHUB_TOKEN has {GITHUB_TOKEN_HOURLY:,} an hour).\n\n"
        "| N | scenario | requests | GraphQL | REST read | REST write | evidence reads "
        "| core / GraphQL points | wall s | CPU s | peak RSS MB | baseline / ours (requests) "
        "| wall vs baseline |\n"
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    lines = []
    for r in report["rows"]:
        fewer = f"{r['fewer_x']}x" if "fewer_x" in r else "-"
        wall = f"{r['wall_ratio']:.2f}" if "wall_ratio" in r else "-"
        lines.append(
            f"| {r['n']} | {r['scenario']} | {r['requests']} | {r['graphql']} | {r['rest_read']} "
            f"| {r['rest_write']} | {r['evidence_reads']} | {r['core_points']} / {r['graphql_points']} "
            f"| {r['wall_s']:.2f} | {r['cpu_s']:.2f} "
            f"| {r['peak_rss_mb']:.0f} | {fewer} | {wall} |"
        )
    where = []
    for r in report["rows"]:
        if r["n"] == 100 and r["scenario"] != "baseline":
            parts = ", ".join(f"{k} ×{v}" for k, v in r.get("endpoints", {}).items())
            where.append(f"- {r['scenario']}: {parts}")
    marks = {True: "met", False: "MISSED", None: "not run"}
    goals = "\n".join(
        f"- {t['target']}: {t['value']} — {marks[t['met']]}" for t in report["targets"]
    )
    spent = "\n\nWhere the requests go at N=100:\n" + "\n".join(where) if where else ""
    runs = [
        f"N={r['n']}: "
        + ", ".join(f"{c:.2f}" for c in r["cpu_s_runs"])
        + f" (median {statistics.median(r['cpu_s_runs']):.2f})"
        for r in report["rows"]
        if len(r.get("cpu_s_runs", ())) > 1
    ]
    if runs:
        spent += (
            "\n\nCold CPU s is the least of the cold runs on fresh worlds, as timeit reports "
            "(identical runs on this shared machine differ by up to ~20%); every run: "
            + "; ".join(runs)
            + "."
        )
    return head + "\n".join(lines) + spent + "\n\nTargets (issue 9):\n" + goals + "\n"
