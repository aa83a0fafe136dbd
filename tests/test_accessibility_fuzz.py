"""For every damaged or odd document, check_document returns findings or raises TjsError: never a crash."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from accessibility_docs import EXAMPLE, craft, render
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from samples import examples

from tjansteskrivelse.accessibility import Finding, check_document
from tjansteskrivelse.errors import TjsError

ACTIONS = ("delete", "strip-attributes", "set-attributes", "duplicate", "empty-text")


@pytest.fixture(scope="module")
def memo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(EXAMPLE, tmp_path_factory.mktemp("fuzz"))[0]


def checked(path: Path) -> list[Finding] | None:
    try:
        return check_document(path)
    except TjsError as error:
        assert "\n" not in str(error)
        return None


def mutate(action: str, position: int, value: str) -> Callable[[etree._Element], None]:
    def edit(root: etree._Element) -> None:
        elements = [e for e in root.iter() if isinstance(e.tag, str)]
        element = elements[position % len(elements)]
        parent = element.getparent()
        if action == "delete" and parent is not None:
            parent.remove(element)
        elif action == "strip-attributes":
            element.attrib.clear()
        elif action == "set-attributes":
            for key in list(element.attrib):
                element.set(key, value)
        elif action == "duplicate" and parent is not None:
            element.addnext(etree.fromstring(etree.tostring(element)))
        elif action == "empty-text":
            element.text = value

    return edit


# Text XML can hold: no surrogates or control characters, no U+FFFE/U+FFFF.
TEXT = st.text(st.characters(exclude_categories=["Cs", "Cc"], exclude_characters="\ufffe\uffff"), max_size=20)


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(part=st.integers(0, 100), action=st.sampled_from(ACTIONS), position=st.integers(0, 10_000), value=TEXT)
@example(part=0, action="set-attributes", position=2, value="")  # a relationship with an empty target
@example(part=5, action="delete", position=1, value="")
def test_odd_but_well_formed_parts_never_crash(
    memo: Path, tmp_path: Path, part: int, action: str, position: int, value: str
) -> None:
    with zipfile.ZipFile(memo) as package:
        names = sorted(n for n in package.namelist() if n.endswith((".xml", ".rels")))
    name = names[part % len(names)]
    result = checked(craft(memo, tmp_path / "odd.docx", {name: mutate(action, position, value)}))
    assert result is None or all(isinstance(f, Finding) for f in result)


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(offset=st.integers(0, 100_000), noise=st.binary(min_size=1, max_size=64), cut=st.booleans())
@example(offset=0, noise=b"\x00", cut=True)
@example(offset=49, noise=b"\x00", cut=False)  # zlib.error from a damaged deflate stream
@example(offset=45225, noise=b"@", cut=False)  # NotImplementedError: a damaged central directory claims zip version 6.4
@example(offset=75014, noise=b"\x00\x00\n", cut=False)  # a part name turned into "\nord/…", and one into ""
def test_damaged_bytes_never_crash(memo: Path, tmp_path: Path, offset: int, noise: bytes, cut: bool) -> None:
    data = memo.read_bytes()
    offset %= len(data)
    damaged = data[:offset] if cut else data[:offset] + noise + data[offset + len(noise) :]
    path = tmp_path / "damaged.docx"
    path.write_bytes(damaged)
    checked(path)
