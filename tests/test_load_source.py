"""libyaml's C parser and the pure-Python one give the same position tree of exact strings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from samples import REPO, VALID, examples

from tjansteskrivelse.yaml_source import compose, default_loader

LOADERS = [pytest.param(yaml.SafeLoader, id="python")] + (
    [pytest.param(yaml.CSafeLoader, id="libyaml")] if yaml.__with_libyaml__ else []
)
FILES = sorted([*REPO.glob("cases/*.yaml"), *REPO.glob("tests/cases/*.yaml"), *REPO.glob("examples/**/*.yaml")])
TRICKY = [
    VALID,
    VALID.replace("\n", "\r\n"),
    'a: "x\\x07"\nb: |\n  rad ett\n  rad två\nc:\n- å😀 y\n- ~\n- ""\n- null\n',
    "a: x\x85b: y\u2028c: z\rd: e\n",  # YAML 1.1's other line breaks
    "k: [1, {x: 2}, 'tre']\nl: >-\n  veckad\n  text\n",
]


def outcome(text: str, loader: type) -> tuple[object, list[str]]:
    issues: list = []
    document = compose(text, "F", issues, loader)
    tree = None if document is None else (document.data, document.values, document.keys)
    return tree, [str(issue) for issue in issues]


def test_libyaml_is_used_when_pyyaml_has_it() -> None:
    assert default_loader() is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_both_parsers_give_the_same_tree_for_every_case_file(path: Path, loader: type) -> None:
    text = path.read_text(encoding="utf-8-sig")
    tree, issues = outcome(text, loader)
    assert issues == [] and tree is not None
    assert (tree, issues) == outcome(text, yaml.SafeLoader)


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("text", TRICKY)
def test_both_parsers_give_the_same_tree_and_positions(text: str, loader: type) -> None:
    assert outcome(text, loader) == outcome(text, yaml.SafeLoader)


@pytest.mark.parametrize("loader", LOADERS)
def test_errors_are_worded_the_same_by_both(loader: type) -> None:
    text = VALID.replace("rubrik: Ny förskola i Kolla", 'rubrik: "Ny förskola')
    assert outcome(text, loader) == (
        None,
        ["F:7:9: error: YAML syntax: this quote is never closed; add the closing quote"],
    )


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")
@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet="ab: -\n\"'[]{},#&*!|>\tå😀\r\x85\u2028?%@`~\\0\x07", max_size=40))
@example("0\t")  # the pure-Python scanner refuses a tab after a value; libyaml reads the value
@example("|#")  # likewise a comment glued to a block indicator
@example('a: x\r\nb: "q"\r\nc:\n  - å😀 y: z\n  - \x85w: 1\n')
@example("[?:]")  # a key left out: the Python parser placed it at ':', libyaml after it
@example("\u2028{\n?\n}#0|")
def test_whenever_the_python_parser_reads_a_file_libyaml_reads_the_same(text: str) -> None:
    python = outcome(text, yaml.SafeLoader)
    if python[0] is not None:
        assert outcome(text, yaml.CSafeLoader) == python


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("text", ["a: b\n\ufeffc: d\n", "a: \ufeffb\n"])
def test_a_byte_order_mark_inside_the_text_is_an_error(text: str, loader: type) -> None:
    # libyaml skips it at the start of a line and the pure-Python parser keeps it: refused, both agree.
    tree, issues = outcome(text, loader)
    assert tree is None
    assert len(issues) == 1 and "U+FEFF" in issues[0] and issues[0].startswith("F:")


@settings(max_examples=examples(200), deadline=None)
@given(st.text(max_size=60))
@example("a: &x b\nc: *x\n")
@example("[" * 100)
@example("a: \x0b")
def test_any_text_gives_a_tree_or_positioned_issues_never_an_exception(text: str) -> None:
    for loader in (yaml.SafeLoader, default_loader()):
        issues: list = []
        document = compose(text, "F", issues, loader)
        assert document is not None or issues  # no tree without saying why
        assert all(issue.line is not None for issue in issues)
