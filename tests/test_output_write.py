"""write_all: every file of a case whole, or nothing changed; never another case's document."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from samples import examples

from tjansteskrivelse import output
from tjansteskrivelse.errors import OutputError
from tjansteskrivelse.output import Interrupted, Terminated, write_all


def docx_of(diarienummer: str, body: str = "text") -> bytes:
    """A minimal package carrying a Diarienummer custom property, as the writer makes it."""
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"tjs-test-{os.getpid()}-{threading.get_ident()}.zip"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("word/document.xml", body)
        package.writestr(
            "docProps/custom.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Diarienummer">'
            f"<vt:lpwstr>{diarienummer}</vt:lpwstr></property></Properties>",
        )
    data = path.read_bytes()
    path.unlink()
    return data


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_writes_every_file(tmp_path: Path) -> None:
    out = tmp_path / "ut" / "nested"
    assert write_all(out, {"a.docx": b"A", "b.docx": b"B"}) == [out / "a.docx", out / "b.docx"]
    assert listing(out) == {"a.docx": b"A", "b.docx": b"B"}


def test_new_files_follow_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        write_all(tmp_path, {"a.docx": b"A"})
    finally:
        os.umask(previous)
    assert (tmp_path / "a.docx").stat().st_mode & 0o777 == 0o640


def test_copies_from_a_file(tmp_path: Path) -> None:
    source = tmp_path / "staged.pdf"
    source.write_bytes(b"%PDF-1.7")
    write_all(tmp_path / "out", {"memo.pdf": source})
    assert listing(tmp_path / "out") == {"memo.pdf": b"%PDF-1.7"}


@pytest.mark.parametrize("name", ["", ".", "..", "../x.docx", "a/b.docx"])
def test_only_plain_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError, match="not a plain file name"):
        write_all(tmp_path / "out", {name: b"x"})
    assert not (tmp_path / "x.docx").exists()


# ------------------------------------------------------------ owner (the diarienummer)


def test_same_case_replaces_its_own_files(tmp_path: Path) -> None:
    write_all(tmp_path, {"KS-A-1.docx": docx_of("KS Å/1", "old")}, owner="KS Å/1")
    write_all(tmp_path, {"KS-A-1.docx": docx_of("KS Å/1", "new")}, owner="KS Å/1")
    with zipfile.ZipFile(tmp_path / "KS-A-1.docx") as package:
        assert package.read("word/document.xml") == b"new"


def test_another_case_with_the_same_file_name_is_refused(tmp_path: Path) -> None:
    """KS Å/1 and KS Ä/1 both fold to KS-A-1: the second must not replace the first's documents."""
    first = {"KS-A-1.docx": docx_of("KS Å/1"), "KS-A-1-utdrag-dag.docx": docx_of("KS Å/1")}
    write_all(tmp_path, first, owner="KS Å/1")
    second = {"KS-A-1.docx": docx_of("KS Ä/1"), "KS-A-1-utdrag-dag.docx": docx_of("KS Ä/1")}
    with pytest.raises(OutputError) as error:
        write_all(tmp_path, second, owner="KS Ä/1")
    message = str(error.value)
    assert f"{tmp_path / 'KS-A-1.docx'} belongs to case 'KS Å/1', not 'KS Ä/1'" in message
    assert "another folder (-o)" in message and "delete the old file" in message
    assert listing(tmp_path) == first


def test_owner_in_the_message_is_shortened(tmp_path: Path) -> None:
    write_all(tmp_path, {"x.docx": docx_of("A" * 500)}, owner="A" * 500)
    with pytest.raises(OutputError) as error:
        write_all(tmp_path, {"x.docx": b"new"}, owner="B" * 500)
    assert "A" * 61 not in str(error.value) and "B" * 61 not in str(error.value)


@pytest.mark.parametrize("old", [b"not a zip", b"", None])
def test_files_without_a_recorded_case_are_replaced(tmp_path: Path, old: bytes | None) -> None:
    if old is None:  # a .docx without custom properties (made by hand)
        with zipfile.ZipFile(tmp_path / "x.docx", "w") as package:
            package.writestr("word/document.xml", "x")
    else:
        (tmp_path / "x.docx").write_bytes(old)
    write_all(tmp_path, {"x.docx": b"new"}, owner="KS 1")
    assert (tmp_path / "x.docx").read_bytes() == b"new"


def test_oversized_property_part_is_not_read(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "x.docx", "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("docProps/custom.xml", b"<a>" + b" " * 10_000_000 + b"</a>")
    assert output.recorded_diarienummer(tmp_path / "x.docx") is None


def test_without_owner_nothing_is_compared(tmp_path: Path) -> None:
    write_all(tmp_path, {"x.docx": docx_of("KS 1")})
    write_all(tmp_path, {"x.docx": b"new"})
    assert (tmp_path / "x.docx").read_bytes() == b"new"


# ------------------------------------------------------------ all or nothing


def test_a_folder_in_the_way_changes_nothing(tmp_path: Path) -> None:
    write_all(tmp_path, {"a.docx": b"old A", "b.docx": b"old B"})
    (tmp_path / "b.docx").unlink()
    (tmp_path / "b.docx").mkdir()
    with pytest.raises(OutputError) as error:
        write_all(tmp_path, {"a.docx": b"new A", "b.docx": b"new B"})
    assert f"cannot write {tmp_path / 'b.docx'}: a folder of that name is in the way" in str(error.value)
    assert listing(tmp_path) == {"a.docx": b"old A"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "b.docx"], "temp files left"


def test_a_failing_replace_restores_the_files_already_replaced(tmp_path: Path) -> None:
    """The rename of the 2nd file fails for real (a non-empty folder appeared there after the check)."""
    (tmp_path / "a.docx").write_bytes(b"old A")
    (tmp_path / "b.docx").mkdir()
    (tmp_path / "b.docx" / "keep").write_bytes(b"k")
    staged = [output._stage(tmp_path, data, tmp_path / name) for name, data in (("a.docx", b"new A"), ("b.docx", b"B"))]
    backup = output._backup(tmp_path, tmp_path / "a.docx")
    assert backup is not None
    backups = {tmp_path / "a.docx": backup}
    with pytest.raises(OutputError) as error:
        targets = [tmp_path / "a.docx", tmp_path / "b.docx"]
        output._replace_all(tmp_path, list(zip(staged, targets, strict=True)), backups)
    assert str(error.value).startswith(f"cannot write {tmp_path / 'b.docx'}: ")
    assert "nothing was changed" in str(error.value)
    assert (tmp_path / "a.docx").read_bytes() == b"old A"
    assert backups == {}, "the backup was moved back"


def test_a_new_file_is_removed_when_a_later_one_fails(tmp_path: Path) -> None:
    (tmp_path / "b.docx").mkdir()
    (tmp_path / "b.docx" / "keep").write_bytes(b"k")
    staged = [output._stage(tmp_path, b"A", tmp_path / "a.docx"), output._stage(tmp_path, b"B", tmp_path / "b.docx")]
    with pytest.raises(OutputError):
        output._replace_all(tmp_path, list(zip(staged, [tmp_path / "a.docx", tmp_path / "b.docx"], strict=True)), {})
    assert not (tmp_path / "a.docx").exists()


def chattr(flag: str, path: Path) -> None:
    if shutil.which("chattr") is None or os.geteuid() != 0:
        pytest.skip("chattr as root is needed to lock a file")
    done = subprocess.run(["chattr", flag, str(path)], check=False, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"this file system has no immutable flag: {done.stderr.strip()}")


@pytest.mark.parametrize("flag", ["+i", "+a"])
def test_a_locked_file_changes_nothing(tmp_path: Path, flag: str) -> None:
    write_all(tmp_path, {"a.docx": b"old A", "b.docx": b"old B"})
    chattr(flag, tmp_path / "b.docx")
    try:
        with pytest.raises(OutputError) as error:
            write_all(tmp_path, {"a.docx": b"new A", "b.docx": b"new B", "c.docx": b"C"})
    finally:
        subprocess.run(["chattr", "-i", "-a", str(tmp_path / "b.docx")], check=True)
    assert str(error.value).startswith(f"cannot replace {tmp_path / 'b.docx'}: Operation not permitted")
    assert listing(tmp_path) == {"a.docx": b"old A", "b.docx": b"old B"}


def test_a_read_only_file_is_replaced(tmp_path: Path) -> None:
    """Like any rename: the folder's permission decides, not the old file's."""
    write_all(tmp_path, {"a.docx": b"old"})
    (tmp_path / "a.docx").chmod(0o444)
    write_all(tmp_path, {"a.docx": b"new"})
    assert listing(tmp_path) == {"a.docx": b"new"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder(tmp_path: Path) -> None:
    write_all(tmp_path, {"a.docx": b"old"})
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(OutputError, match=r"cannot write .*a\.docx: Permission denied"):
            write_all(tmp_path, {"a.docx": b"new"})
    finally:
        tmp_path.chmod(0o755)
    assert listing(tmp_path) == {"a.docx": b"old"}


# ------------------------------------------------------------ signals


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
@pytest.mark.parametrize(
    ("signum", "raised", "code"), [(signal.SIGINT, Interrupted, 130), (signal.SIGTERM, Terminated, 143)]
)
def test_a_signal_waits_until_the_case_is_written(
    tmp_path: Path, signum: int, raised: type[Interrupted | Terminated], code: int
) -> None:
    """The signal arrives while the 2nd file is staged: the case is finished, then the signal acts."""
    out = tmp_path / "out"
    write_all(out, {"a.docx": b"old A"})
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("wb") as writer:  # returns once write_all opened the FIFO to read
            os.kill(os.getpid(), signum)
            writer.write(b"new B")

    feeder = threading.Thread(target=feed)
    feeder.start()
    handler_before = signal.getsignal(signum)
    try:
        with pytest.raises(raised) as stop:
            write_all(out, {"a.docx": b"new A", "b.docx": fifo})
    finally:
        feeder.join()
    assert isinstance(stop.value, Interrupted | Terminated)
    assert stop.value.exit_code == code
    assert stop.value.files == [out / "a.docx", out / "b.docx"]
    if isinstance(stop.value, Terminated):
        assert stop.value.code == 143
    assert listing(out) == {"a.docx": b"new A", "b.docx": b"new B"}
    assert signal.getsignal(signum) is handler_before


def test_no_signal_handler_outside_the_main_thread(tmp_path: Path) -> None:
    results: list[list[Path]] = []
    worker = threading.Thread(target=lambda: results.append(write_all(tmp_path, {"a.docx": b"A"})))
    worker.start()
    worker.join()
    assert results == [[tmp_path / "a.docx"]]


# ------------------------------------------------------------ with documents the writer made


def test_real_documents_of_two_cases_that_fold_alike(tmp_path: Path) -> None:
    from samples import VALID

    from tjansteskrivelse.api import render_case

    first = tmp_path / "a.yaml"
    first.write_text(VALID.replace("KS 2021/123", "KS Å/1"), encoding="utf-8")
    second = tmp_path / "b.yaml"
    second.write_text(VALID.replace("KS 2021/123", "KS Ä/1"), encoding="utf-8")
    written = render_case(first, tmp_path / "ut")
    assert written[0].name == "KS-A-1.docx"
    assert output.recorded_diarienummer(written[0]) == "KS Å/1"
    before = listing(tmp_path / "ut")
    theirs = {p.name: p.read_bytes() for p in render_case(second, tmp_path / "other")}
    with pytest.raises(OutputError, match=r"KS-A-1\.docx belongs to case 'KS Å/1', not 'KS Ä/1'"):
        write_all(tmp_path / "ut", theirs, owner="KS Ä/1")
    assert listing(tmp_path / "ut") == before
    write_all(tmp_path / "ut", {p.name: p.read_bytes() for p in written}, owner="KS Å/1")  # its own: fine


# ------------------------------------------------------------ every layout: all or nothing

STATES = ("absent", "file", "read-only", "folder", "full folder", "append-only", "immutable")


def lay_out(folder: Path, name: str, state: str) -> None:
    path = folder / name
    if state in ("folder", "full folder"):
        path.mkdir()
        if state == "full folder":
            (path / "inside").write_bytes(b"inside")
    elif state != "absent":
        path.write_bytes(b"old " + name.encode())
        if state == "read-only":
            path.chmod(0o444)
        elif state in ("append-only", "immutable"):
            subprocess.run(["chattr", "+a" if state == "append-only" else "+i", str(path)], check=True)


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {p.name: p.read_bytes() if p.is_file() else None for p in sorted(folder.iterdir())}


@pytest.mark.skipif(shutil.which("chattr") is None or os.geteuid() != 0, reason="chattr as root is needed")
@settings(max_examples=examples(40), deadline=None)
@given(st.lists(st.sampled_from(STATES), min_size=1, max_size=4))
@example(["file", "full folder"])
@example(["absent", "append-only", "file"])
def test_every_layout_gives_all_new_files_or_no_change(
    tmp_path_factory: pytest.TempPathFactory, states: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("layout")
    names = [f"{i}.docx" for i in range(len(states))]
    try:
        for name, state in zip(names, states, strict=True):
            lay_out(folder, name, state)
        before = snapshot(folder)
        new = {name: b"new " + name.encode() for name in names}
        try:
            written = write_all(folder, new)
        except OutputError as error:
            assert any(name in str(error) for name in names), "the error names the file"
            assert snapshot(folder) == before
        else:
            assert written == [folder / n for n in names]
            assert snapshot(folder) == new
            assert set(states) <= {"absent", "file", "read-only"}
    finally:
        for path in folder.iterdir():
            subprocess.run(["chattr", "-i", "-a", str(path)], check=False, capture_output=True)


def test_rerender_with_a_locked_extract_changes_nothing(tmp_path: Path) -> None:
    """Issue 9: the memo was replaced and a new extract written while the locked one stayed old."""
    from samples import EXAMPLE

    from tjansteskrivelse.api import render_case

    case = tmp_path / "case.yaml"
    case.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "ut"
    written = render_case(case, out)
    assert len(written) == 3
    before = listing(out)
    locked = written[2]
    case.write_text(case.read_text(encoding="utf-8").replace("samverkat", "arbetat"), encoding="utf-8")
    chattr("+i", locked)
    try:
        with pytest.raises(OutputError) as error:
            render_case(case, out)
    finally:
        subprocess.run(["chattr", "-i", str(locked)], check=True)
    assert str(error.value).startswith(f"cannot replace {locked}: Operation not permitted; nothing was written")
    assert listing(out) == before
    assert render_case(case, out) == written
    assert listing(out) != before


CHILD = """
import sys
from pathlib import Path
from tjansteskrivelse.output import write_all
out, fifo = Path(sys.argv[1]), Path(sys.argv[2])
print("ready", flush=True)
write_all(out, {"a.docx": b"new A", "b.docx": fifo})
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_sigterm_exits_143_after_the_case_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_all(out, {"a.docx": b"old A", "b.docx": b"old B"})
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(out), str(fifo)], stdout=subprocess.PIPE)
    assert child.stdout is not None and child.stdout.readline() == b"ready\n"
    with fifo.open("wb") as writer:  # open returns once the child is staging b.docx from the FIFO
        child.send_signal(signal.SIGTERM)
        writer.write(b"new B")
    assert child.wait(timeout=60) == 143
    assert listing(out) == {"a.docx": b"new A", "b.docx": b"new B"}
    assert sorted(p.name for p in out.iterdir()) == ["a.docx", "b.docx"]


def test_a_document_the_case_no_longer_makes_is_named_not_kept_silently(tmp_path, capsys):
    """A recipient taken off utdrag_till: the old extract stays (nothing is deleted behind the
    user's back), and the render says which file is stale."""
    from samples import VALID, run_tjs, write

    two = VALID + "utdrag_till:\n  - Bo Ek\n  - Al Ek\n"
    case = write(tmp_path, two)
    out = tmp_path / "out"
    assert run_tjs(capsys, "render", case, "-o", out, "-j", "1")[0] == 0
    write(tmp_path, two.replace("  - Al Ek\n", ""))
    code, _, err = run_tjs(capsys, "render", case, "-o", out, "-j", "1", "--force")
    assert code == 0
    stale = out / "KS-2021-123-utdrag-al-ek.docx"
    assert stale.exists()
    assert f"warning: {stale} is from an earlier render of case.yaml" in err
    assert "utdrag-bo-ek.docx is from" not in err
