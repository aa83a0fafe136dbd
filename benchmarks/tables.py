"""The benchmark's figures as Markdown tables, ending with issue 12's table: measured, goal, met."""

from __future__ import annotations

from collections.abc import Callable

FLOOR_A = "zip floor (a): tjs's parts, deflated"


def _table(head: list[str], rows: list[list[str]]) -> str:
    """Numbers right-aligned; the first column and the text columns ("how", goals) left."""
    align = ["---" if i == 0 or h in ("how", "goal", "") else "---:" for i, h in enumerate(head)]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    return "\n".join(["\n".join(lines), *("| " + " | ".join(row) + " |" for row in rows)])


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def render(figures: dict, baseline: str) -> str:
    batch, cold, startup, sizes, memory = (figures[k] for k in ("batch", "cold", "startup", "sizes", "memory_mib"))
    parts = []
    if batch:
        base = batch[baseline]["docs_per_s"]
        rows = [
            [
                name,
                str(r["documents"]),
                f"{r['seconds']:.2f}",
                f"{r['docs_per_s']:.1f}",
                f"{r['ms_per_doc']:.2f}",
                f"{r['docs_per_s'] / base:.2f}×",
                r["method"],
            ]
            for name, r in batch.items()
        ]
        parts.append(_table(["batch", "documents", "seconds", "docs/s", "ms/doc", "docs/s vs tjs lib", "how"], rows))
        if FLOOR_A in batch and "same_bytes_as_tjs" in batch[FLOOR_A]:
            same = "yes" if batch[FLOOR_A]["same_bytes_as_tjs"] else "NO"
            parts.append(f"zip floor (a) writes byte for byte the files tjs wrote: {same}")
    if cold:
        first = cold["tjs render (1 case)"]
        parts.append(
            _table(
                ["cold: one case, 3 documents, fresh process (median)", "seconds", "vs tjs"],
                [[name, f"{s:.3f}", f"{s / first:.2f}×"] for name, s in cold.items()],
            )
        )
    if startup:
        parts.append(_table(["start-up (median)", "seconds"], [[name, f"{s:.3f}"] for name, s in startup.items()]))
    if sizes:
        one = next((r["s_per_mb"] for r in sizes.values() if r["bytes"] == 1_000_000), None)
        parts.append(
            _table(
                [
                    "size series (tjs in process, 3 documents)",
                    "load s",
                    "render s",
                    "total s",
                    "s per MB",
                    "per MB vs 1 MB",
                ],
                [
                    [
                        name,
                        f"{r['load_s']:.2f}",
                        f"{r['render_s']:.2f}",
                        f"{r['seconds']:.2f}",
                        f"{r['s_per_mb']:.2f}",
                        f"{r['s_per_mb'] / one:.2f}×" if one else "–",
                    ]
                    for name, r in sizes.items()
                ],
            )
        )
    if memory:
        parts.append(_table(["peak memory (/usr/bin/time -v)", "MiB"], [[k, f"{v:.1f}"] for k, v in memory.items()]))
    parts.append(goals(figures, baseline))
    return "\n\n".join(parts)


def goals(figures: dict, baseline: str) -> str:
    """Issue 12's table: each row measured in this run, its goal, and whether it is met."""
    batch, cold, startup, sizes, memory = (figures[k] for k in ("batch", "cold", "startup", "sizes", "memory_mib"))

    def rate(name: str) -> float | None:
        return batch[name]["docs_per_s"] if name in batch else None

    def ms(name: str) -> float | None:
        return batch[name]["ms_per_doc"] if name in batch else None

    per_mb = {r["bytes"]: r["s_per_mb"] for r in sizes.values()}
    mem = list(memory.values())
    small, large = figures.get("memory_cases") or (50, 1000)
    rows: list[tuple[str, float | None, str, Callable[[float], bool], str]] = [
        (
            "`tjs render -j 1` over the folder, docs/s vs docxtpl",
            _ratio(rate("tjs render -j 1"), rate("docxtpl")),
            "≥ 3×",
            lambda x: x >= 3,
            "×",
        ),
        (
            "tjs library batch, docs/s vs docxtpl",
            _ratio(rate(baseline), rate("docxtpl")),
            "≥ 3×",
            lambda x: x >= 3,
            "×",
        ),
        ("tjs per document vs zip floor (a)", _ratio(ms(baseline), ms(FLOOR_A)), "≤ 2.5×", lambda x: x <= 2.5, "×"),
        (
            "`-j 2` vs `-j 1`, docs/s",
            _ratio(rate("tjs render -j 2"), rate("tjs render -j 1")),
            "≥ 1.7× (quiet machine)",
            lambda x: x >= 1.7,
            "×",
        ),
        (
            "cold `tjs render` of one case vs docxtpl's script",
            _ratio(cold.get("tjs render (1 case)"), cold.get("docxtpl script (1 case)")),
            "≤ 1.5×",
            lambda x: x <= 1.5,
            "×",
        ),
        (
            "`tjs --help` vs a Typer CLI that does nothing",
            _ratio(startup.get("tjs --help"), startup.get("Typer CLI that does nothing, --help")),
            "≤ 1.0×",
            lambda x: x <= 1.0,
            "×",
        ),
        (
            "4MB case vs 1MB, time per MB",
            _ratio(per_mb.get(4_000_000), per_mb.get(1_000_000)),
            "≤ 1.1×",
            lambda x: x <= 1.1,
            "×",
        ),
        (
            f"peak memory, {large} cases vs {small}",
            _ratio(mem[1], mem[0]) if len(mem) >= 2 else None,
            "≤ 1.2×",
            lambda x: x <= 1.2,
            "×",
        ),
        (f"peak memory, {large} cases", mem[1] if len(mem) >= 2 else None, "≤ 80 MiB", lambda x: x <= 80, " MiB"),
        ("peak memory, largest size case", mem[2] if len(mem) >= 3 else None, "≤ 150 MiB", lambda x: x <= 150, " MiB"),
    ]
    table = [
        [
            what,
            "not measured" if x is None else f"{x:.2f}{unit}",
            goal,
            "–" if x is None else ("met" if ok(x) else "NOT met"),
        ]
        for what, x, goal, ok, unit in rows
    ]
    return "Issue 12's table, this run:\n\n" + _table(["row", "measured", "goal", ""], table)
