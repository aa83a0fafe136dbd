"""Red team 4: the official document of a case whose diarienummer masks as another's is found whatever
stands before the personnummer. It was looked for under case_stem() of that part alone, which need not
begin the whole name: 'CON ' (a reserved device name) became 'CON_', while 'CON 19121212-1212' names
'CON-19121212-1212.docx'. The twin went unseen, and the second case's public version silently replaced
the first's."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import docx
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from samples import TWIN_NUMBERS, examples, run_tjs, twin_cases

from tjansteskrivelse.names import case_stem
from tjansteskrivelse.output import FolderListing
from tjansteskrivelse.personal_data import kin
from tjansteskrivelse.public_names import twin

NUMBERS = TWIN_NUMBERS
_CUSTOM = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="Diarienummer">'
    "<vt:lpwstr>{}</vt:lpwstr></property></Properties>"
)


def _official(folder: Path, diarienummer: str) -> str:
    """A stand-in for the case's official document: only the property twin() reads."""
    name = f"{case_stem(diarienummer)}.docx"
    with zipfile.ZipFile(folder / name, "w") as package:
        package.writestr("docProps/custom.xml", _CUSTOM.format(diarienummer.replace("&", "&amp;").replace("<", "&lt;")))
    return name


_HEADS = st.text(st.sampled_from("CONPRUXLTcon1 ./-ǃЖÅ_"), max_size=8)


@settings(max_examples=examples(200), deadline=None)
@given(_HEADS, st.text(st.sampled_from("/ -.abc"), max_size=4))
@example("CON ", "")
@example("lpt1 ", "")
@example("CON.", "")
@example("ǃ", " x")
@example("", "")
def test_the_twin_is_found_whatever_stands_before_the_personnummer(head: str, tail: str) -> None:
    first, second = (f"{head}{number}{tail}" for number in NUMBERS)
    assume(kin(first, second) == "twin")
    with tempfile.TemporaryDirectory() as folder:
        name = _official(Path(folder), first)
        assert twin(Path(folder), second, FolderListing()) == name


def test_the_second_case_is_refused_and_the_first_public_version_kept(tmp_path: Path, capsys) -> None:
    paths = twin_cases(tmp_path, "CON ")
    out = tmp_path / "out"
    assert run_tjs(capsys, "render", paths[0], "--publicering", "-o", out)[0] == 0
    code, _, err = run_tjs(capsys, "render", paths[1], "--publicering", "-o", out)
    assert code == 1 and "differ only by a personnummer" in err, err
    assert docx.Document(str(out / "CON-AAMMDD-XXXX-publicering.docx")).paragraphs[0].text == "Ärende a"
