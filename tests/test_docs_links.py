"""Every link in README.md and docs/ resolves inside a clone: relative files exist, and a ``#part``
of a Markdown file names one of its headings (as GitHub makes heading anchors)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def links(page: Path) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(page.read_text(encoding="utf-8"))
    found = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrs["href"]))
    return found


def anchors(page: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation but '-' and '_' dropped, spaces as '-'."""
    tokens = MarkdownIt("commonmark").parse(page.read_text(encoding="utf-8"))
    titles = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    slugs = set()
    for title in titles:
        plain = re.sub(r"[`*]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)).strip().lower()
        slugs.add(re.sub(r"[^\w\- ]", "", plain).replace(" ", "-"))
    return slugs


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(page: Path) -> None:
    broken = []
    for href in links(page):
        if re.match(r"^[a-z][a-z0-9+.-]*:", href):  # https:, mailto:
            continue
        target, _, part = href.partition("#")
        file = (page.parent / unquote(target)).resolve() if target else page
        if not file.exists() or ROOT not in file.parents and file != ROOT:
            broken.append(f"{href}: no such file in the repository")
        elif part and file.suffix == ".md" and unquote(part) not in anchors(file):
            broken.append(f"{href}: {file.name} has no heading '#{part}'")
    assert not broken, broken


def test_the_check_sees_links_and_anchors() -> None:
    readme = links(ROOT / "README.md")
    assert "docs/config.md#examples" in readme and "examples" in readme
    assert "examples" in anchors(ROOT / "docs" / "config.md")
