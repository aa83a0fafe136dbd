"""markdown.parse: the zero preset plus exactly the constructs the writer supports."""

from __future__ import annotations

import pytest

from tjansteskrivelse import markdown
from tjansteskrivelse.errors import MarkdownError
from tjansteskrivelse.markdown import CONTAINER, MarkdownLineError, container_style, line_of, parse


def texts(tree) -> list[str]:
    return [node.content for node in tree.walk() if node.type == "text"]


def types(tree) -> list[str]:
    return [node.type for node in tree.walk()]


def test_parser_is_built_once_and_reused():
    assert markdown._parser() is markdown._parser()


def test_escapes_stay_literal_text():
    tree = parse("a\\*b\\* \\<b>x\\</b> &amp; `kod` \\_c\\_ a < b", source="t")
    assert texts(tree) == ["a*b* <b>x</b> & `kod` _c_ a < b"]
    assert "code_inline" not in types(tree)


@pytest.mark.parametrize("text", ["a <b>x</b>", "<div>\nblock\n</div>", "x <!-- kommentar -->"])
def test_raw_html_is_refused_not_printed_or_dropped(text: str):
    with pytest.raises(MarkdownLineError, match="raw HTML"):
        parse(text, source="t")


@pytest.mark.parametrize("text", [">::: Quote\n>", "> ::: Quote\n> ", "> > ::: Quote\n> >", ">::: Quote\n>  "])
def test_a_style_block_opened_in_a_quote_that_ends_the_text_is_named_unclosed(text: str):
    # mdit-py-plugins' container rule read past the end of such a text (IndexError: exit 3).
    with pytest.raises(MarkdownLineError, match="^t:1: '::: Quote' is never closed"):
        parse(text, source="t")


def test_a_closed_style_block_in_a_quote_that_ends_the_text_is_a_quote():
    tree = parse(">::: Quote\n>a\n>:::\n>", source="t")
    assert [child.type for child in tree.children] == ["blockquote"]
    assert CONTAINER in types(tree) and texts(tree) == ["a"]


def test_unsupported_blocks_stay_paragraph_text():
    tree = parse("    indraget\n\n```\nkod\n```\n\n***\n", source="t")
    assert set(types(tree)) <= {"root", "paragraph", "inline", "text", "softbreak"}


def test_headings_lists_emphasis_links_images():
    tree = parse(
        "# Ett\n\nTvå\n---\n\n3. tre\n4. fyra\n\n- a\n  - b\n\n"
        "**fet** *kursiv* [l](https://x.se) ![alt](bild.png)  \nrad\n",
        source="t",
    )
    headings = [n.tag for n in tree.walk() if n.type == "heading"]
    assert headings == ["h1", "h2"]
    ordered = next(n for n in tree.walk() if n.type == "ordered_list")
    assert ordered.attrs["start"] == 3
    assert {"bullet_list", "strong", "em", "link", "image", "hardbreak"} <= set(types(tree))


def test_container_holds_style_name_paragraphs_and_tables():
    tree = parse("::: Layouttabell\n| a | b |\n|---|:-:|\n| c | d |\n:::\n\n::: Etikett\nDatum\n:::\n", source="t")
    containers = [n for n in tree.children if n.type == CONTAINER]
    assert [container_style(c) for c in containers] == ["Layouttabell", "Etikett"]
    assert containers[0].children[0].type == "table"
    assert containers[1].children[0].type == "paragraph"
    cell = next(n for n in tree.walk() if n.type == "th" and n.attrs)
    assert cell.attrs["style"] == "text-align:center"


def test_line_of_inline_node_uses_its_block():
    tree = parse("\n\nett *två*\n", source="t")
    em = next(n for n in tree.walk() if n.type == "em")
    assert line_of(em) == 3


def test_unsupported_node_names_source_and_line(monkeypatch):
    from tjansteskrivelse import markdown_checks

    monkeypatch.setattr(markdown_checks, "SUPPORTED_NODE_TYPES", markdown_checks.SUPPORTED_NODE_TYPES - {"table"})
    with pytest.raises(MarkdownError) as caught:
        parse("Text\n\n| a |\n|---|\n| b |\n", source="mall memo.md.j2")
    assert caught.value.message.startswith("mall memo.md.j2:3: ")
    assert "'table' is not supported" in caught.value.message
    assert caught.value.hint


def test_control_character_is_an_error_with_line():
    with pytest.raises(MarkdownError, match=r"^t:2: control character U\+0007"):
        parse("ok\nbad \x07 char\n", source="t")
