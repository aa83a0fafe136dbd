"""`tjs new` shows the version 2 keys as comments; switched on and filled in, they validate."""

from __future__ import annotations

import re
from pathlib import Path

from samples import write

from tjansteskrivelse import load_case
from tjansteskrivelse.scaffold import write_new_case

SWITCHED_ON = re.compile(r"^# (?=(beslut|fält|er_beteckning):)|^# (?=  )")


def switch_everything_on(text: str) -> str:
    """Uncomment every commented key (and the keys commented inside the beslut block), then fill in."""
    text = re.sub(r"^# organisation: ‹Organisation›.*$", "organisation: Nacka kommun", text, flags=re.MULTILINE)
    lines = [
        re.sub(r"^(\s*)# ", r"\1", SWITCHED_ON.sub("", line)) if SWITCHED_ON.match(line) else line
        for line in text.splitlines()
    ]
    text = "\n".join(lines).replace("‹ÅÅÅÅ-MM-DD›", "2021-04-01")
    return re.sub(r"‹[^‹›\n]+›", "Ifylld text", text) + "\n"


def test_new_shows_the_new_keys_where_a_user_looks(tmp_path: Path) -> None:
    text = write_new_case("KS 2021/123", tmp_path / "new.yaml").read_text(encoding="utf-8")
    for key in (
        "# er_beteckning:",
        "# fält:",
        "# beslut:",
        "#   # yrkanden:",
        "#   # omröstning:",
        "#   # reservationer:",
        "#   # justerare:",
        "#   # jäv:",
        "#   # protokollsanteckningar:",
    ):
        assert f"\n{key}" in text, key


def test_every_commented_key_validates_once_switched_on(tmp_path: Path) -> None:
    text = write_new_case("KS 2021/123", tmp_path / "new.yaml").read_text(encoding="utf-8")
    case = load_case(write(tmp_path, switch_everything_on(text), "full.yaml"))
    assert case.er_beteckning == "Ifylld text"
    assert case.falt == {"Ansvarig chef": "Ifylld text", "Version": "Ifylld text"}
    assert case.beslut is not None
    assert case.beslut.reservationer == ["Ifylld text"] and case.beslut.justerare == ["Ifylld text"]
    assert case.beslut.omrostning is not None and case.beslut.omrostning.startswith("| Ledamot | Ja | Nej |")
    assert case.forslag is not None and case.forslag.punkter == ["Ifylld text"]
