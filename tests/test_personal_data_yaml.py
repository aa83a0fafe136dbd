"""personal_data on case files: positions of findings in the YAML source, warnings that never echo a number."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from samples import examples

from tjansteskrivelse.personal_data import EMAIL, KINDS, PERSONNUMMER, PHONE
from tjansteskrivelse.personal_data_yaml import locate, position, scan_case_text

CASE = Path(__file__).parents[1] / "cases" / "RUN-572-2020.yaml"


def scalar(source: str, key: str) -> yaml.ScalarNode:
    """The value node of a top-level key, as the loader composes it."""
    root = yaml.compose(source, Loader=yaml.SafeLoader)
    assert root is not None
    for key_node, value_node in root.value:
        if key_node.value == key:
            return value_node
    raise KeyError(key)


def located(source: str, key: str, needle: str) -> list[tuple[int, int]]:
    node = scalar(source, key)
    return locate(source, node.start_mark.index, node.end_mark.index, needle)


def test_plain_scalar() -> None:
    source = "titel: Ärende\ntext: Sökande 121212-1212 bor här\n"
    assert located(source, "text", "121212-1212") == [(2, 15)]


def test_double_quoted_scalar() -> None:
    source = 'titel: x\ntext: "Sökande: 121212-1212, \\"citat\\""\n'
    assert located(source, "text", "121212-1212") == [(2, 17)]


def test_single_quoted_scalar_over_lines() -> None:
    source = "text: 'Sökandes ''nummer''\n  är 19121212-1212'\n"
    assert "19121212-1212" in scalar(source, "text").value
    assert located(source, "text", "19121212-1212") == [(2, 6)]


def test_literal_block_scalar_with_two_occurrences() -> None:
    source = "titel: x\ntext: |\n  Första raden.\n  Nummer 121212-1212 och\n    igen 121212-1212.\nnästa: y\n"
    assert located(source, "text", "121212-1212") == [(4, 10), (5, 10)]


def test_folded_block_scalar() -> None:
    source = "text: >\n  Ett långt stycke\n  med 811228-9874 mitt i.\n"
    assert located(source, "text", "811228-9874") == [(3, 7)]


def test_only_the_given_span_is_searched() -> None:
    source = "a: 121212-1212\nb: 121212-1212\n"
    assert located(source, "b", "121212-1212") == [(2, 4)]


def test_a_needle_is_not_located_inside_a_longer_number() -> None:
    source = "text: 19121212-1212 och 121212-1212\n"
    assert located(source, "text", "121212-1212") == [(1, 25)]


def test_a_number_broken_by_a_line_fold_is_not_located() -> None:
    source = "text: Nummer 121212-\n  1212 här\n"
    assert scalar(source, "text").value == "Nummer 121212- 1212 här"
    assert located(source, "text", "121212-1212") == []


def test_positions_count_lines_and_columns_as_pyyaml_does() -> None:
    source = "\ufeffa: 1\r\nb: [1,\r  2]\u2028c: 3\n"
    marks = []
    root = yaml.compose(source, Loader=yaml.SafeLoader)
    assert root is not None
    for node in root.value:
        marks += [node[0].start_mark, node[1].start_mark]
    for mark in marks:
        assert position(source, mark.index) == (mark.line + 1, mark.column + 1)


@settings(max_examples=examples(60), deadline=None)
@given(
    st.lists(st.text(alphabet=st.sampled_from("ab åä1-."), max_size=8), min_size=1, max_size=5),
    st.sampled_from(["plain", "double", "literal", "folded"]),
)
@example(["a"], "plain")
@example(["-", ""], "plain")
def test_scan_locates_a_number_in_any_scalar_style(words: list[str], style: str) -> None:
    """Whatever the surrounding text, a contiguous number is reported where the source has it."""
    text = " ".join(["Text", *words[:-1], "121212-1212", words[-1], "slut"])
    if style == "plain":
        source = f"titel: ok\ntext: {text}\n"
    elif style == "double":
        source = f'titel: ok\ntext: "{text}"\n'
    else:
        source = "titel: ok\ntext: " + ("|" if style == "literal" else ">") + "\n  " + text + "\n"
    warnings = scan_case_text(source, yaml.compose(source, Loader=yaml.SafeLoader), [PERSONNUMMER])
    index = source.index("121212-1212")
    assert [(w.line, w.column) for w in warnings] == [position(source, index)]


def test_scan_warns_at_each_number_and_never_echoes_one() -> None:
    source = (
        "titel: Bidrag till 19121212-1212\n"
        "sammanfattning: |\n"
        "  Sökande 121212-1212 och dnr 20201120-0000.\n"
        "handlaggare:\n"
        "  namn: Anna\n"
        "  telefon: 070-123 45 67\n"
        "  e-post: anna@kungsbacka.se\n"
    )
    root = yaml.compose(source, Loader=yaml.SafeLoader)
    warnings = scan_case_text(source, root, [PERSONNUMMER])
    assert [(w.line, w.column, w.kind) for w in warnings] == [(1, 20, PERSONNUMMER), (3, 11, PERSONNUMMER)]
    assert "personnummer (19121212-…)" in warnings[0].message
    assert "personnummer (121212-…)" in warnings[1].message
    assert "tjs render --publicering" in warnings[0].message
    for warning in warnings:
        assert "1212-1212" not in warning.message and len(warning.message) < 200

    everything = scan_case_text(source, root, KINDS)
    assert [(w.line, w.column, w.kind) for w in everything] == [
        (1, 20, PERSONNUMMER),
        (3, 11, PERSONNUMMER),
        (6, 12, PHONE),
        (7, 11, EMAIL),
    ]
    assert "45 67" not in everything[2].message and "anna@" not in everything[3].message
    assert [w.path for w in everything] == [
        ("titel",),
        ("sammanfattning",),
        ("handlaggare", "telefon"),
        ("handlaggare", "e-post"),
    ]


def test_scan_reports_a_folded_number_at_its_scalar() -> None:
    source = 'titel: x\ntext: "Nummer 121212-\\\n  1212 här"\n'  # an escaped line break joins the number
    assert scalar(source, "text").value == "Nummer 121212-1212 här"
    [warning] = scan_case_text(source, yaml.compose(source, Loader=yaml.SafeLoader), [PERSONNUMMER])
    assert (warning.line, warning.column) == (2, 7)


def test_scan_reads_keys_and_aliased_nodes_once() -> None:
    source = "a: &nr 121212-1212\nb: *nr\nlista:\n  - 811228-9874: ja\n"
    warnings = scan_case_text(source, yaml.compose(source, Loader=yaml.SafeLoader), [PERSONNUMMER])
    assert [(w.line, w.column, w.path) for w in warnings] == [(1, 8, ("a",)), (4, 5, ("lista", 0, "811228-9874"))]


def test_scan_of_an_empty_file_and_of_the_sample_case() -> None:
    assert scan_case_text("", yaml.compose("", Loader=yaml.SafeLoader), KINDS) == []
    source = CASE.read_text(encoding="utf-8")
    root = yaml.compose(source, Loader=yaml.SafeLoader)
    assert scan_case_text(source, root, [PERSONNUMMER]) == []
    # The officer's phone number is the only personal data in the real memo's text.
    [phone] = scan_case_text(source, root, KINDS)
    assert (phone.line, phone.column, phone.kind) == (9, 12, PHONE)
    assert source.splitlines()[8] == "  telefon: 063146619"
