"""The peers tjs is measured against: python-docx, docxtpl, pandoc, two zip floors, and cold one-case scripts.

Every peer makes the same documents per case as tjs (the memo and one extract per
recipient) from the same case file, which it reads itself with ``yaml.safe_load``.
"""

from __future__ import annotations

import inspect
import subprocess
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import yaml

Run = Callable[[list[Path], Path], int]  # (case paths, output folder) -> documents written


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


# --------------------------------------------------------------------------- python-docx


def python_docx_document(d: dict, path: Path) -> None:
    """One document with python-docx used plainly (its default template)."""
    import docx

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
    document.save(str(path))


def each_document(paths: list[Path], out: Path, write: Callable[[dict, Path], None]) -> int:
    """Every document of every case, written into ``out`` by ``write(data, path)``: how many."""
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for path in paths:
        for stem, d in documents_of(memo_data(path)):
            write(d, out / f"{stem}.docx")
            written += 1
    return written


def python_docx_peer(paths: list[Path], out: Path) -> int:
    return each_document(paths, out, python_docx_document)


# --------------------------------------------------------------------------- docxtpl


def make_docxtpl_template(path: Path) -> None:
    """A docxtpl template with the same layout, built once with python-docx."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "{{ organisation }}\t{{ dokumenttyp }}\tDnr {{ diarienummer }}"
    lines: list[tuple[str, str | None]] = [
        ("{%p if mottagare %}", None),
        ("Utdrag till: {{ mottagare }}", None),
        ("{%p endif %}", None),
        ("{{ rubrik }}", "Heading 1"),
        ("{{ avsnittsrubrik }}", "Heading 2"),
        ("{%p for stycke in stycken %}", None),
        ("{{ stycke }}", None),
        ("{%p endfor %}", None),
        ("{{ forslagsrubrik }}", "Heading 2"),
        ("{%p for punkt in punkter %}", None),
        ("{{ punkt }}", "List Number"),
        ("{%p endfor %}", None),
        ("{{ inledning }}", None),
        ("{%p for person in personer %}", None),
        ("{{ person.namn }}", None),
        ("{{ person.titel }}", None),
        ("{%p endfor %}", None),
        ("Utdrag till", "Heading 2"),
        ("{%p for mottagare in utdrag_till %}", None),
        ("{{ mottagare }}", "List Bullet"),
        ("{%p endfor %}", None),
    ]
    for text, style in lines:
        document.add_paragraph(text, style=style)
    document.save(str(path))


def docxtpl_document(template: Path, d: dict, path: Path) -> None:
    from docxtpl import DocxTemplate

    document = DocxTemplate(template)  # a template renders once: load it per document
    document.render(d)
    document.save(path)


def docxtpl_peer(template: Path) -> Run:
    def run(paths: list[Path], out: Path) -> int:
        return each_document(paths, out, lambda d, path: docxtpl_document(template, d, path))

    return run


# --------------------------------------------------------------------------- pandoc


def pandoc_markdown(d: dict) -> str:
    def esc(text: str) -> str:
        return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>$@^~'\"" else c for c in text)

    lines = [
        "---",
        f'title: "{d["rubrik"]}"',
        f'author: "{d["handlaggare"]}"',
        "---",
        "",
        esc(header_text(d).replace("\t", " | ")),
        "",
    ]
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
            subprocess.run(
                ["pandoc", "-f", "markdown", "-t", "docx", "-o", str(out / f"{stem}.docx")],
                input=pandoc_markdown(d).encode(),
                check=True,
            )
            written += 1
    return written


# --------------------------------------------------------------------------- zip floors

#: A .docx as its parts (name, uncompressed bytes) in order, and its ZIP comment (tjs's input digest).
Parts = tuple[list[tuple[str, bytes]], bytes]
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def read_parts(docx: Path) -> Parts:
    """Every part of a .docx tjs wrote, uncompressed, in its order, and its comment: what a floor writes again."""
    with zipfile.ZipFile(docx) as source:
        return [(info.filename, source.read(info)) for info in source.infolist()], source.comment


def zip_parts(parts: Parts, compress_type: int) -> bytes:
    """The parts zipped with tjs's fixed metadata; deflated, this is byte for byte what tjs writes."""
    members, comment = parts
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.comment = comment
        for name, blob in members:
            member = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            member.compress_type = compress_type
            member.create_system = 0
            member.external_attr = 0
            target.writestr(member, blob)
    return out.getvalue()


def zip_floor(documents: dict[str, Parts], compress_type: int) -> Callable[[Path], int]:
    """Write every precomputed document (name -> parts) into a folder: zip, then one file write each."""

    def run(out: Path) -> int:
        out.mkdir(parents=True, exist_ok=True)
        for name, parts in documents.items():
            (out / name).write_bytes(zip_parts(parts, compress_type))
        return len(documents)

    return run


# --------------------------------------------------------------------------- cold one-case scripts

_COLD_HEAD = "import sys\nfrom pathlib import Path\n\nimport yaml\n\n"
_COLD_DOCXTPL = """
case, template, out = map(Path, sys.argv[1:4])
out.mkdir(parents=True, exist_ok=True)
for stem, d in documents_of(memo_data(case)):
    docxtpl_document(template, d, out / f"{stem}.docx")
"""
_COLD_PYTHON_DOCX = """
case, out = map(Path, sys.argv[1:3])
out.mkdir(parents=True, exist_ok=True)
for stem, d in documents_of(memo_data(case)):
    python_docx_document(d, out / f"{stem}.docx")
"""
TYPER_NOTHING = '''import typer

app = typer.Typer()


@app.command()
def main(name: str = "") -> None:
    """Does nothing."""


if __name__ == "__main__":
    app()
'''


def cold_script(peer: str) -> str:
    """A standalone script that renders one case's documents with ``peer`` (docxtpl or python-docx)."""
    helpers: list[Callable[..., object]] = [memo_data, documents_of, header_text]
    if peer == "docxtpl":
        helpers.append(docxtpl_document)
        tail = _COLD_DOCXTPL
    else:
        helpers.append(python_docx_document)
        tail = _COLD_PYTHON_DOCX
    return _COLD_HEAD + "\n\n".join(inspect.getsource(f) for f in helpers) + tail
