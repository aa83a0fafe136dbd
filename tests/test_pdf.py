"""convert_to_pdf: one LibreOffice run, tagged PDF/A-2b, clear errors."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from tjansteskrivelse import pdf
from tjansteskrivelse.errors import ConversionError, OutputError
from tjansteskrivelse.pdf import convert_to_pdf, find_soffice


def soffice_or_skip() -> str:
    try:
        return find_soffice()
    except ConversionError:
        pytest.skip("LibreOffice (soffice) is not installed: real PDF conversion not tested")


def make_docx(path: Path, title: str, text: str) -> Path:
    document = docx.Document()
    document.core_properties.title = title
    r_pr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(r_pr, qn("w:lang"))
    lang.set(qn("w:val"), "sv-SE")
    document.add_heading(title, 1)
    document.add_paragraph(text)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict:
    soffice_or_skip()
    src = tmp_path_factory.mktemp("src")
    out = tmp_path_factory.mktemp("out")
    files = [
        make_docx(src / "KS 2018-14 tjänsteskrivelse.docx", "Yttrande över remiss", "Nämnden antar yttrandet."),
        make_docx(src / "utdrag.docx", "Protokollsutdrag § 92", "Beslutet skickas till kommunstyrelsen."),
    ]
    started = time.perf_counter()
    result = convert_to_pdf(files, out)
    seconds = time.perf_counter() - started
    return {"files": files, "out": out, "result": result, "seconds": seconds}


@pytest.mark.libreoffice
def test_both_pdfs_in_one_run(converted: dict) -> None:
    out = converted["out"]
    assert converted["result"] == [out / "KS 2018-14 tjänsteskrivelse.pdf", out / "utdrag.pdf"]
    assert all(p.is_file() and p.read_bytes().startswith(b"%PDF-") for p in converted["result"])
    assert sorted(p.name for p in out.iterdir()) == ["KS 2018-14 tjänsteskrivelse.pdf", "utdrag.pdf"]
    print(f"2-file conversion took {converted['seconds']:.1f} s")


@pytest.mark.libreoffice
def test_pdf_is_pdfa2_and_tagged_in_swedish(converted: dict) -> None:
    for path in converted["result"]:
        data = path.read_bytes()
        # LibreOffice writes the XMP metadata stream uncompressed.
        assert re.search(rb"pdfaid:part(>|=['\"])\s*2", data), "not PDF/A-2"
        assert re.search(rb"pdfaid:conformance(>|=['\"])\s*B", data), "not PDF/A-2b"
        assert b"/StructTreeRoot" in data, "not tagged"
        assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", data)
        assert b"/Lang(sv-SE)" in data


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler's pdfinfo is not installed")
def test_pdf_carries_the_title(converted: dict) -> None:
    titles = []
    for path in converted["result"]:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        title = re.search(r"^Title:\s*(.*)$", info, re.MULTILINE)
        assert title is not None, info
        titles.append(title.group(1))
        assert re.search(r"^Tagged:\s*yes$", info, re.MULTILINE)
    assert titles == ["Yttrande över remiss", "Protokollsutdrag § 92"]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_pdf_holds_the_text(converted: dict) -> None:
    texts = [
        subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True, check=True).stdout
        for p in converted["result"]
    ]
    assert "Nämnden antar yttrandet." in texts[0]
    assert "Beslutet skickas till kommunstyrelsen." in texts[1]


@pytest.mark.libreoffice
def test_two_conversions_at_once_do_not_collide(tmp_path: Path) -> None:
    """Each run has a private profile, so parallel runs (or an open LibreOffice) work."""
    soffice_or_skip()
    jobs = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        jobs.append(([make_docx(tmp_path / name / f"{name}.docx", name, name)], tmp_path / name / "out"))
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda job: convert_to_pdf(*job), jobs))
    assert [r[0].name for r in results] == ["a.pdf", "b.pdf"]
    assert all(r[0].is_file() for r in results)


@pytest.mark.libreoffice
def test_real_timeout(tmp_path: Path) -> None:
    soffice_or_skip()
    source = make_docx(tmp_path / "a.docx", "T", "Text")
    with pytest.raises(ConversionError, match=r"did not finish within 0\.001 s"):
        convert_to_pdf([source], tmp_path / "out", timeout=0.001)
    assert not (tmp_path / "out" / "a.pdf").exists()


@pytest.mark.libreoffice
def test_damaged_docx_names_the_file(tmp_path: Path) -> None:
    soffice_or_skip()
    good = make_docx(tmp_path / "good.docx", "T", "Text")
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(damaged, "w") as package:  # a zip, but no Word document inside
        package.writestr("hello.txt", "hej")
    with pytest.raises(ConversionError, match=r"no PDF for .*damaged\.docx"):
        convert_to_pdf([good, damaged], tmp_path / "out")
    assert not (tmp_path / "out" / "good.pdf").exists(), "nothing is moved unless all succeed"


# ----------------------------------------------- without LibreOffice: fakes


def test_missing_soffice_gives_install_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pdf, "_COMMON_PATHS", ())
    with pytest.raises(ConversionError) as error:
        find_soffice()
    assert error.value.message == "LibreOffice (soffice) is not installed"
    assert "sudo apt-get install libreoffice-writer-nogui" in (error.value.hint or "")
    source = make_docx(tmp_path / "a.docx", "T", "Text")
    with pytest.raises(ConversionError, match="not installed"):
        convert_to_pdf([source], tmp_path / "out")


def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> Path:
    path = tmp_path / "fake-soffice"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(path))
    return path


@pytest.mark.skipif(os.name != "posix", reason="fake soffice is a shell script")
def test_timeout_kills_the_whole_process_group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pid_file = tmp_path / "child.pid"
    # Like the real soffice: a wrapper script that starts the actual program.
    fake_soffice(tmp_path, monkeypatch, f"sleep 60 &\necho $! > '{pid_file}'\nwait\n")
    source = make_docx(tmp_path / "a.docx", "T", "Text")
    with pytest.raises(ConversionError, match=r"did not finish within 0\.5 s"):
        convert_to_pdf([source], tmp_path / "out", timeout=0.5)
    child = int(pid_file.read_text())
    assert not process_alive(child), "the program started by the wrapper is still running"


def process_alive(pid: int) -> bool:
    """True while ``pid`` runs; a killed child nobody reaped yet (zombie) counts as dead."""
    for _ in range(50):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return False
        except OSError:  # no /proc (macOS): fall back to signal 0
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return False
            state = "R"
        if state in ("Z", "X"):
            return False
        time.sleep(0.05)
    return True


@pytest.mark.skipif(os.name != "posix", reason="fake soffice is a shell script")
def test_exit_zero_without_output_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args_file = tmp_path / "args"
    fake_soffice(tmp_path, monkeypatch, f'printf "%s\\n" "$@" > "{args_file}"\nexit 0\n')
    sources = [make_docx(tmp_path / f"{n}.docx", n, n) for n in ("a", "b")]
    with pytest.raises(ConversionError, match=r"no PDF for .*a\.docx, .*b\.docx"):
        convert_to_pdf(sources, tmp_path / "out")
    args = args_file.read_text().splitlines()
    # One run for the batch, private profile, the PDF/A filter, both files.
    assert args[0].startswith("-env:UserInstallation=file:///")
    assert "--headless" in args
    assert args[args.index("--convert-to") + 1] == pdf.PDF_FILTER
    assert args[-2:] == [str(s.resolve()) for s in sources]


@pytest.mark.skipif(os.name != "posix", reason="fake soffice is a shell script")
def test_nonzero_exit_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_soffice(tmp_path, monkeypatch, "echo 'Error: source file could not be loaded' >&2\nexit 81\n")
    source = make_docx(tmp_path / "a.docx", "T", "Text")
    with pytest.raises(ConversionError, match="exit code 81: Error: source file could not be loaded"):
        convert_to_pdf([source], tmp_path / "out")


def test_filter_asks_for_pdfa2_tagged() -> None:
    assert pdf.PDF_FILTER == (
        'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
        '"UseTaggedPDF":{"type":"boolean","value":"true"},'
        '"PDFUACompliance":{"type":"boolean","value":"true"}}'
    )


def test_not_a_docx_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "memo.docx"
    text.write_text("not a Word document")
    with pytest.raises(ConversionError, match="not a Word document"):
        convert_to_pdf([text], tmp_path / "out")


def test_missing_source(tmp_path: Path) -> None:
    with pytest.raises(ConversionError, match="no such document"):
        convert_to_pdf([tmp_path / "nowhere.docx"], tmp_path / "out")


def test_same_stem_twice_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    a = make_docx(tmp_path / "memo.docx", "T", "Text")
    b = make_docx(tmp_path / "x" / "memo.docx", "T", "Text")
    with pytest.raises(ConversionError, match="same PDF name: memo.pdf"):
        convert_to_pdf([a, b], tmp_path / "out")


def test_nothing_to_convert(tmp_path: Path) -> None:
    assert convert_to_pdf([], tmp_path / "out") == []


@pytest.mark.skipif(os.name != "posix", reason="fake soffice is a shell script")
def test_unwritable_output_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The fake writes the PDF where --outdir says, like LibreOffice does.
    fake_soffice(
        tmp_path,
        monkeypatch,
        'while [ "$1" != "--outdir" ]; do shift; done\nprintf "%%PDF-1.6" > "$2/a.pdf"\n',
    )
    source = make_docx(tmp_path / "a.docx", "T", "Text")
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder")
    with pytest.raises(OutputError, match="cannot create the folder"):
        convert_to_pdf([source], blocker / "out")
    assert convert_to_pdf([source], tmp_path / "out") == [tmp_path / "out" / "a.pdf"]
    assert (tmp_path / "out" / "a.pdf").read_bytes() == b"%PDF-1.6"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.pdf"]


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tempfile's folder, private to the test, so leftovers (profile, logs) can be seen."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.libreoffice
def test_profile_is_removed_after_a_real_run_and_a_timeout(tmp_path: Path, private_tmp: Path) -> None:
    soffice_or_skip()
    source = make_docx(tmp_path / "a.docx", "T", "Text")
    with pytest.raises(ConversionError, match="did not finish"):
        convert_to_pdf([source], tmp_path / "out", timeout=0.5)
    assert list(private_tmp.iterdir()) == []
    assert convert_to_pdf([source], tmp_path / "out") == [tmp_path / "out" / "a.pdf"]
    assert list(private_tmp.iterdir()) == []


PRODUCE_BOTH = (
    'while [ "$1" != "--outdir" ]; do shift; done\nprintf "%%PDF new" > "$2/a.pdf"\nprintf "%%PDF new" > "$2/b.pdf"\n'
)


@pytest.mark.skipif(os.name != "posix", reason="fake soffice is a shell script")
def test_pdfs_replace_old_ones_all_or_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_soffice(tmp_path, monkeypatch, PRODUCE_BOTH)
    sources = [make_docx(tmp_path / f"{n}.docx", n, n) for n in ("a", "b")]
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.pdf").write_bytes(b"%PDF old")
    (out / "b.pdf").mkdir()  # something in the way of the second PDF
    with pytest.raises(OutputError, match=r"cannot write .*b\.pdf: a folder of that name is in the way"):
        convert_to_pdf(sources, out)
    assert (out / "a.pdf").read_bytes() == b"%PDF old"
    assert sorted(p.name for p in out.iterdir()) == ["a.pdf", "b.pdf"], "no temp files left"
    (out / "b.pdf").rmdir()
    assert convert_to_pdf(sources, out) == [out / "a.pdf", out / "b.pdf"]
    assert [(out / n).read_bytes() for n in ("a.pdf", "b.pdf")] == [b"%PDF new"] * 2
