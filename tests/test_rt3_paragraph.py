"""rt3: beslut.paragraf is printed as written, only a lone number getting its '§' and a non-breaking space."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tjansteskrivelse.views import paragraph_mark


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(["§", " ", "\u00a0", "8", "0", "K", "S", "-", "\t"]), min_size=1))
@example("§")  # was '§\u00a0': a dangling non-breaking space
@example(" § ")
@example("§§")
@example("80 §")
@example("KS § 80")
def test_the_mark_is_the_paragraf_as_written_with_at_most_a_section_sign_added(paragraf):
    mark = paragraph_mark(paragraf)
    assert mark == mark.strip()  # nothing dangling
    text = paragraf.strip()
    if "§" in text:  # written with its sign: kept, at most the space after a leading '§' made non-breaking
        assert mark.replace("\u00a0", " ").split() == text.replace("\u00a0", " ").replace("§", "§ ", 1).split() or (
            mark == text
        )
    else:
        assert mark == f"§\u00a0{text}" if text else mark == ""
