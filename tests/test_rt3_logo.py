"""rt3: the logo's file is the one named in tjs.yaml and printed at logotyp.bredd, whatever the folder
holds beside it and whatever characters ('#', '%', spaces, non-ASCII) its name has."""

from __future__ import annotations

import pytest
from samples import png, run_tjs, write
from test_orgs2_logo import CASE, logo_extent


def test_a_sibling_named_like_the_width_does_not_replace_the_logo(tmp_path, capsys):
    # Was: the template's 'logo.png#bredd=40mm' named this other file, printed at its own size (bredd ignored).
    (tmp_path / "logo.png").write_bytes(png(300, 100))
    (tmp_path / "logo.png#bredd=40mm").write_bytes(png(100, 100))
    write(tmp_path, "organisation: X kommun\nlogotyp: {fil: logo.png, alt: Logotyp, bredd: 4 cm}\n", "tjs.yaml")
    code, _, err = run_tjs(capsys, "render", write(tmp_path, CASE), "-o", tmp_path / "out")
    assert code == 0, err
    assert logo_extent(tmp_path / "out" / "KS-2024-7.docx") == (1_440_000, 480_000)


@pytest.mark.parametrize("name", ["lå go%41 #x.png", "a%20b.png", "logo.png#bredd=10mm"])
def test_any_file_name_is_that_file_with_or_without_a_width(tmp_path, capsys, name):
    # Was: '%41' in a name was undone to 'A' ('image file not found').
    (tmp_path / name).write_bytes(png(300, 100))
    for width, emu in (("", 3_810_000), (", bredd: 2 cm", 720_000)):
        config = f"organisation: X kommun\nlogotyp: {{fil: '{name}', alt: Logotyp{width}}}\n"
        write(tmp_path, config, "tjs.yaml")
        code, _, err = run_tjs(capsys, "render", "--force", write(tmp_path, CASE), "-o", tmp_path / "out")
        assert code == 0, err
        assert logo_extent(tmp_path / "out" / "KS-2024-7.docx")[0] == emu
