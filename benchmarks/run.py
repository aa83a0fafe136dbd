#!/usr/bin/env python3
"""Throughput of tjs against named peers (python-docx, docxtpl, pandoc), in one run, as ratios.

    /path/to/venv/bin/python benchmarks/run.py [-n 200] [--templates DIR] [--json FILE] [--profile]

Workload: ``-n`` copies of cases/RUN-572-2020.yaml in a temp folder, each with its
own diarienummer, each giving 3 documents (memo + one extract per recipient). Every
peer makes the same number of documents from the same data; the table shows
documents per second and the ratio to the tjs library batch. This is a measurement,
never a pass/fail test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "cases" / "RUN-572-2020.yaml"
EXAMPLE_DNR = "RUN/572/2020"
DOCS_PER_CASE = 3  # memo + 2 extracts (the example has 2 recipients)
BASELINE = "tjs library batch"


# --------------------------------------------------------------------------- workload


def make_cases(folder: Path, n: int) -> list[Path]:
    """``n`` case files: the example with diarienummer RUN/10000/2020, RUN/10001/2020, …"""
    text = EXAMPLE.read_text(encoding="utf-8")
    line = f"diarienummer: {EXAMPLE_DNR}\n"
    if line not in text:
        sys.exit(f"{EXAMPLE}: expected a line {line.strip()!r} to vary")
    data = yaml.safe_load(text)
    if len(data.get("utdrag_till") or []) != DOCS_PER_CASE - 1:
        sys.exit(f"{EXAMPLE}: expected {DOCS_PER_CASE - 1} recipients in utdrag_till")
    folder.mkdir(parents=True)
    paths = []
    for i in range(n):
        number = 10000 + i
        path = folder / f"RUN-{number}-2020.yaml"
        path.write_text(text.replace(line, f"diarienummer: RUN/{number}/2020\n"), encoding="utf-8")
        paths.append(path)
    return paths


def memo_data(path: Path) -> dict:
    """The plain data the peers print, read from one case file (no validation)."""
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    handlaggare = case.get("handläggare") or case["handlaggare"]
    section = case["avsnitt"][0]
    return {
        "organisation": case["organisation"],
        "avdelning": case["avdelning"],
        "diarienummer": str(case["diarienummer"]),
        "datum": str(case["datum"]),
        "handlaggare": handlaggare["namn"],
        "telefon": str(handlaggare["telefon"]),
        "rubrik": case["rubrik"],
        "avsnittsrubrik": section["rubrik"],
        "stycken": [" ".join(p.split()) for p in section["text"].split("\n\n") if p.strip()],
        "forslagsrubrik": case["förslag"]["rubrik"],
        "punkter": [" ".join(p.split()) for p in case["förslag"]["punkter"]],
        "inledning": case["underskrift"]["inledning"],
        "personer": case["underskrift"]["personer"],
        "utdrag_till": [f"{r['namn']}, {r['enhet']}" for r in case["utdrag_till"]],
    }


def documents_of(data: dict) -> list[tuple[str, dict]]:
    """(file stem, data) of the memo and of one extract per recipient."""
    stem = data["diarienummer"].replace("/", "-")
    docs = [(stem, {**data, "dokumenttyp": "Tjänsteskrivelse", "mottagare": ""})]
    for i, recipient in enumerate(data["utdrag_till"], start=1):
        docs.append((f"{stem}-utdrag-{i}", {**data, "dokumenttyp": "Protokollsutdrag", "mottagare": recipient}))
    return docs


def header_text(d: dict) -> str:
    return f"{d['organisation']}\t{d['dokumenttyp']}\tDnr {d['diarienummer']}"


# --------------------------------------------------------------------------- peers


def tjs_batch(templates: Path | None) -> Callable[[list[Path], Path], int]:
    from tjansteskrivelse.api import render_cases

    def run(paths: list[Path], out: Path) -> int:
        written = 0
        for result in render_cases(paths, out, templates=templates):
            if result.error is not None:
                raise SystemExit(f"tjs failed on {result.path}: {result.error}"
                                 + ("" if templates else "\n(hint: try --templates DIR)"))
            written += len(result.files)
        return written

    return run


def python_docx_peer(paths: list[Path], out: Path) -> int:
    import docx

    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for path in paths:
        for stem, d in documents_of(memo_data(path)):
            document = docx.Document()
            document.core_properties.title = d["rubrik"]
            document.core_properties.author = d["handlaggare"]
            document.sections[0].header.paragraphs[0].text = header_text(d)
            if d["mottagare"]:
                document.add_paragraph(f"Utdrag till: {d['mottagare']}")
            document.add_heading(d["rubrik"], level=1)
            document.add_heading(d["avsnittsrubrik"], level=2)
            for paragraph in d["stycken"]:
                document.add_paragraph(paragraph)
            document.add_heading(d["forslagsrubrik"], level=2)
            for point in d["punkter"]:
                document.add_paragraph(point, style="List Number")
            document.add_paragraph(d["inledning"])
            for person in d["personer"]:
                document.add_paragraph(person["namn"])
                document.add_paragraph(person["titel"])
            document.add_heading("Utdrag till", level=2)
            for recipient in d["utdrag_till"]:
                document.add_paragraph(recipient, style="List Bullet")
            document.save(out / f"{stem}.docx")
            written += 1
    return written


def make_docxtpl_template(path: Path) -> None:
    """A docxtpl template with the same layout, built once with python-docx."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "{{ organisation }}\t{{ dokumenttyp }}\tDnr {{ diarienummer }}"
    document.add_paragraph("{%p if mottagare %}")
    document.add_paragraph("Utdrag till: {{ mottagare }}")
    document.add_paragraph("{%p endif %}")
    document.add_heading("{{ rubrik }}", level=1)
    document.add_heading("{{ avsnittsrubrik }}", level=2)
    document.add_paragraph("{%p for stycke in stycken %}")
    document.add_paragraph("{{ stycke }}")
    document.add_paragraph("{%p endfor %}")
    document.add_heading("{{ forslagsrubrik }}", level=2)
    document.add_paragraph("{%p for punkt in punkter %}")
    document.add_paragraph("{{ punkt }}", style="List Number")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{{ inledning }}")
    document.add_paragraph("{%p for person in personer %}")
    document.add_paragraph("{{ person.namn }}")
    document.add_paragraph("{{ person.titel }}")
    document.add_paragraph("{%p endfor %}")
    document.add_heading("Utdrag till", level=2)
    document.add_paragraph("{%p for mottagare in utdrag_till %}")
    document.add_paragraph("{{ mottagare }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    document.save(path)


def docxtpl_peer(template: Path) -> Callable[[list[Path], Path], int]:
    from docxtpl import DocxTemplate

    def run(paths: list[Path], out: Path) -> int:
        out.mkdir(parents=True, exist_ok=True)
        written = 0
        for path in paths:
            for stem, d in documents_of(memo_data(path)):
                document = DocxTemplate(template)  # a template renders once: load it per document
                document.render(d)
                document.save(out / f"{stem}.docx")
                written += 1
        return written

    return run


def pandoc_markdown(d: dict) -> str:
    def esc(text: str) -> str:
        return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>$@^~'\"" else c for c in text)

    lines = ["---", f"title: \"{d['rubrik']}\"", f"author: \"{d['handlaggare']}\"", "---", "",
             esc(header_text(d).replace("\t", " | ")), ""]
    if d["mottagare"]:
        lines += [f"Utdrag till: {esc(d['mottagare'])}", ""]
    lines += [f"# {esc(d['rubrik'])}", "", f"## {esc(d['avsnittsrubrik'])}", ""]
    for paragraph in d["stycken"]:
        lines += [esc(paragraph), ""]
    lines += [f"## {esc(d['forslagsrubrik'])}", ""]
    lines += [f"{i}. {esc(p)}" for i, p in enumerate(d["punkter"], start=1)] + [""]
    lines += [esc(d["inledning"]), ""]
    for person in d["personer"]:
        lines += [esc(person["namn"]), "", esc(person["titel"]), ""]
    lines += ["## Utdrag till", ""] + [f"- {esc(r)}" for r in d["utdrag_till"]] + [""]
    return "\n".join(lines)


def pandoc_peer(paths: list[Path], out: Path, limit: int) -> int:
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for path in paths:
        for stem, d in documents_of(memo_data(path)):
            if written >= limit:
                return written
            subprocess.run(["pandoc", "-f", "markdown", "-t", "docx", "-o", str(out / f"{stem}.docx")],
                           input=pandoc_markdown(d).encode(), check=True)
            written += 1
    return written


# --------------------------------------------------------------------------- timing


def best_of(run: Callable[[list[Path], Path], int], paths: list[Path], work: Path, name: str,
            repeats: int, warmup: int) -> dict:
    """Warm up on ``warmup`` cases (excluded), then best of ``repeats`` full runs; fresh out folder each."""
    slug = name.replace(" ", "-")
    run(paths[:warmup], work / f"{slug}-warmup")
    times, docs = [], 0
    for i in range(repeats):
        out = work / f"{slug}-{i}"
        start = time.perf_counter()
        docs = run(paths, out)
        times.append(time.perf_counter() - start)
        shutil.rmtree(out, ignore_errors=True)
        _check_count(name, docs, len(paths) * DOCS_PER_CASE)
    best = min(times)
    return {"documents": docs, "seconds": best, "docs_per_s": docs / best, "times": times,
            "method": f"in-process, best of {repeats} after a {warmup}-case warm-up"}


def _check_count(name: str, got: int, expected: int) -> None:
    if got != expected:
        raise SystemExit(f"{name}: wrote {got} documents, expected {expected}")


def tjs_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "tjansteskrivelse", *args]


def median_seconds(command: list[str], repeats: int, cwd: Path) -> float:
    subprocess.run(command, cwd=cwd, capture_output=True)  # warm-up (page cache, .pyc), excluded
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, capture_output=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr.decode()}")
    return statistics.median(times)


def cli_run(folder: Path, out: Path, templates: Path | None, cwd: Path) -> dict:
    command = tjs_command("render", str(folder), "-o", str(out),
                          *(["--templates", str(templates)] if templates else []))
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"tjs CLI failed ({done.returncode}):\n{done.stderr.decode()[-2000:]}")
    docs = len(list(out.glob("*.docx")))
    return {"documents": docs, "seconds": seconds, "docs_per_s": docs / seconds, "times": [seconds],
            "method": "one subprocess run, start-up included"}


def profile_tjs(paths: list[Path], out: Path, templates: Path | None, top: int) -> str:
    run = tjs_batch(templates)
    profiler = cProfile.Profile()
    profiler.enable()
    run(paths, out)
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(top)
    own = io.StringIO()
    own_stats = pstats.Stats(profiler, stream=own)
    own_stats.sort_stats("cumulative").print_stats(r"src/tjansteskrivelse", top)
    return text.getvalue() + "\n--- tjs's own code (src/tjansteskrivelse), top by cumulative time ---\n" + own.getvalue()


# --------------------------------------------------------------------------- report


def machine() -> dict:
    info = {"nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "cpu_count": os.cpu_count(), "python": platform.python_version(),
            "implementation": platform.python_implementation(), "platform": platform.platform()}
    try:
        from importlib.metadata import version

        for package in ("tjansteskrivelse", "python-docx", "docxtpl", "markdown-it-py", "PyYAML"):
            try:
                info[package] = version(package)
            except Exception:
                info[package] = None
    except ImportError:
        pass
    info["pandoc"] = (subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
                      if shutil.which("pandoc") else None)
    return info


def table(results: dict, baseline: float) -> str:
    rows = ["| peer | documents | seconds | docs/s | ratio | how |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for name, r in results.items():
        ratio = r["docs_per_s"] / baseline
        rows.append(f"| {name} | {r['documents']} | {r['seconds']:.2f} | {r['docs_per_s']:.1f} | "
                    f"{ratio:.2f}× tjs | {r['method']} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--cases", type=int, default=200, help="cases in the folder (3 documents each)")
    parser.add_argument("--pandoc-docs", type=int, default=30, help="documents for pandoc (one process each)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per in-process peer (best is kept)")
    parser.add_argument("--warmup", type=int, default=10, help="cases in the excluded warm-up round")
    parser.add_argument("--templates", type=Path, default=None, help="tjs template folder searched first")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here as JSON")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one tjs batch")
    parser.add_argument("--profile-top", type=int, default=15)
    parser.add_argument("--profile-cases", type=int, default=50, help="cases in the profiled batch")
    parser.add_argument("--skip", action="append", default=[], choices=["cli", "python-docx", "docxtpl", "pandoc"])
    args = parser.parse_args(argv)
    templates = args.templates.resolve() if args.templates else None
    started = time.perf_counter()

    info = machine()
    print(f"machine: nproc={info['nproc']} python={info['python']} ({info['platform']})")
    print(f"workload: {args.cases} cases × {DOCS_PER_CASE} documents = {args.cases * DOCS_PER_CASE}; "
          f"warm-up {args.warmup} cases excluded; best of {args.repeats}"
          + (f"; tjs templates {templates}" if templates else ""))

    results: dict[str, dict] = {}
    startup: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="tjs-bench-") as tmp:
        work = Path(tmp)
        folder = work / "cases"
        paths = make_cases(folder, args.cases)
        warmup = max(1, min(args.warmup, len(paths)))

        def step(name: str, fn: Callable[[], dict]) -> None:
            t = time.perf_counter()
            print(f"  {name} …", end="", flush=True)
            results[name] = fn()
            print(f" {results[name]['docs_per_s']:.1f} docs/s ({time.perf_counter() - t:.1f} s)", flush=True)

        step(BASELINE, lambda: best_of(tjs_batch(templates), paths, work, "tjs", args.repeats, warmup))
        if "cli" not in args.skip:
            step("tjs CLI", lambda: cli_run(folder, work / "cli-out", templates, work))
            startup["tjs --help"] = median_seconds(tjs_command("--help"), 5, work)
            startup["tjs validate (1 case)"] = median_seconds(tjs_command("validate", str(paths[0])), 5, work)
        if "python-docx" not in args.skip:
            step("python-docx", lambda: best_of(python_docx_peer, paths, work, "python-docx", args.repeats, warmup))
        if "docxtpl" not in args.skip:
            try:
                import docxtpl  # noqa: F401
            except ImportError:
                print("docxtpl: not installed (pip install docxtpl)")
            else:
                template = work / "docxtpl-template.docx"
                make_docxtpl_template(template)
                step("docxtpl", lambda: best_of(docxtpl_peer(template), paths, work, "docxtpl", args.repeats, warmup))
        if "pandoc" not in args.skip:
            if shutil.which("pandoc") is None:
                print("pandoc: not installed")
            else:
                limit = min(args.pandoc_docs, len(paths) * DOCS_PER_CASE)

                def pandoc() -> dict:
                    pandoc_peer(paths[:1], work / "pandoc-warmup", 1)
                    start = time.perf_counter()
                    docs = pandoc_peer(paths, work / "pandoc-out", limit)
                    seconds = time.perf_counter() - start
                    return {"documents": docs, "seconds": seconds, "docs_per_s": docs / seconds, "times": [seconds],
                            "method": f"one process per document, {docs} documents, rate scaled"}

                step("pandoc", pandoc)

        profile = None
        if args.profile:
            profile = profile_tjs(paths[:args.profile_cases], work / "profile-out", templates, args.profile_top)

    baseline = results[BASELINE]["docs_per_s"]
    for r in results.values():
        r["ratio_to_tjs"] = r["docs_per_s"] / baseline
    print()
    print(table(results, baseline))
    if startup:
        print()
        print("| start-up (median of 5) | seconds |\n| --- | ---: |")
        for name, seconds in startup.items():
            print(f"| {name} | {seconds:.3f} |")
    if profile:
        cases = min(args.cases, args.profile_cases)
        print(f"\ncProfile of one tjs library batch ({cases} cases), top {args.profile_top} cumulative:\n")
        print(profile)
    total = time.perf_counter() - started
    print(f"\ntotal benchmark time {total:.1f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "machine": info, "cases": args.cases, "documents_per_case": DOCS_PER_CASE,
            "repeats": args.repeats, "warmup_cases": warmup, "templates": str(templates) if templates else None,
            "baseline": BASELINE, "results": results, "startup_seconds": startup,
            "total_seconds": total,
        }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
