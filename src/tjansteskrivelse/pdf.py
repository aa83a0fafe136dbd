"""DOCX -> tagged PDF/A-2b with LibreOffice (``soffice --headless``).

One LibreOffice start converts the whole batch. It runs with a private,
throw-away profile (so it works while the user's own LibreOffice is open,
and as root in CI), with no stdin and under a timeout that kills the whole
process group. LibreOffice exits 0 even when a conversion fails, so the
outputs are checked one by one. Each PDF is written into a private folder
first, then moved into place by ``output.write_all`` (fsynced, all or none).

The export options (JSON filter-options syntax, LibreOffice >= 7.4):
PDF/A-2b (``SelectPdfVersion`` 2), tagged (``UseTaggedPDF``) and
PDF/UA-flagged (``PDFUACompliance``). The PDF title comes from the .docx
core properties, the language (``/Lang``) from its default style language.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from tjansteskrivelse.errors import ConversionError, OutputError
from tjansteskrivelse.output import write_all

__all__ = ["PDF_FILTER", "convert_to_pdf", "find_soffice"]

_INSTALL_HINT = (
    "install it: sudo apt-get install libreoffice-writer-nogui (Debian/Ubuntu), or from libreoffice.org; then run again"
)

_EXPORT_OPTIONS = {
    "SelectPdfVersion": {"type": "long", "value": "2"},  # PDF/A-2b
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "PDFUACompliance": {"type": "boolean", "value": "true"},
}

#: The ``--convert-to`` argument: writer's PDF export with the options above.
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps(_EXPORT_OPTIONS, separators=(",", ":"))

_COMMON_PATHS = (
    "/usr/bin/soffice",
    "/usr/local/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/snap/bin/libreoffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str:
    """Return the path of LibreOffice's ``soffice``; ConversionError if none is installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _COMMON_PATHS:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise ConversionError("LibreOffice (soffice) is not installed", hint=_INSTALL_HINT)


def convert_to_pdf(docx_files: Sequence[Path], out_dir: Path, *, timeout: float = 180.0) -> list[Path]:
    """Convert every .docx to ``out_dir/<stem>.pdf`` with one LibreOffice run.

    Returns the PDF paths in the order of ``docx_files``. Raises
    ConversionError when LibreOffice is missing, times out, fails, or leaves
    out a PDF; no PDF is moved into ``out_dir`` unless all were produced.
    """
    sources = [Path(f).resolve() for f in docx_files]
    if not sources:
        return []
    stems = [src.stem for src in sources]
    duplicates = sorted({s for s in stems if stems.count(s) > 1})
    if duplicates:
        raise ConversionError(
            "two documents would give the same PDF name: " + ", ".join(f"{s}.pdf" for s in duplicates),
            hint="convert them in separate calls or rename one of them",
        )
    for src in sources:
        if not src.is_file():
            raise ConversionError(f"{src}: no such document to convert to PDF")
        if not zipfile.is_zipfile(src):
            # LibreOffice would happily "convert" it as plain text.
            raise ConversionError(f"{src}: not a Word document (.docx), so it cannot be converted")
    soffice = find_soffice()
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{out_dir}: cannot create the folder: {error.strerror}") from None

    with tempfile.TemporaryDirectory(prefix="tjs-soffice-", ignore_cleanup_errors=True) as tmp:
        tmp_path = Path(tmp)
        profile = tmp_path / "profile"
        produced = tmp_path / "out"
        produced.mkdir()
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--norestore",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(produced),
            *(str(src) for src in sources),
        ]
        env = dict(os.environ, HOME=str(tmp_path))
        _run(command, env=env, timeout=timeout, log=tmp_path / "soffice.log")

        missing = [src for src in sources if not (produced / f"{src.stem}.pdf").is_file()]
        if missing:
            raise ConversionError(
                "LibreOffice produced no PDF for " + ", ".join(str(m) for m in missing),
                hint="open the document in LibreOffice or Word to check that it is not damaged",
            )
        # All PDFs of the batch replace their old versions together, or none does.
        return write_all(out_dir, {f"{src.stem}.pdf": produced / f"{src.stem}.pdf" for src in sources})


def _run(command: list[str], *, env: dict[str, str], timeout: float, log: Path) -> None:
    """Run LibreOffice in its own process group; kill the group on timeout.

    Output goes to a file, not a pipe: a pipe held open by a stray child
    could block us after the kill.
    """
    with log.open("w+b") as output:
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=(os.name == "posix"),
            )
        except OSError as error:
            raise ConversionError(
                f"LibreOffice could not be started ({command[0]}): {error.strerror}",
                hint=_INSTALL_HINT,
            ) from None
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise ConversionError(
                f"LibreOffice did not finish within {timeout:g} s",
                hint="a very large document may need more time; try again with a longer timeout",
            ) from None
        except BaseException:  # Ctrl+C: do not leave LibreOffice running
            _kill_group(process)
            raise
        if process.returncode != 0:
            output.seek(0)
            lines = output.read().decode("utf-8", "replace").strip().splitlines()
            errors = [line for line in lines if line.startswith("Error")] or lines
            raise ConversionError(
                f"LibreOffice failed with exit code {process.returncode}"
                + (f": {errors[-1].strip()}" if errors else "")
            )


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    if os.name == "posix":
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    else:  # pragma: no cover - Windows
        process.kill()
    process.wait()
