"""logotyp.bredd in tjs.yaml: the logo printed at that width, read back from the header of the .docx."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn
from samples import png, run_tjs, write

CASE = """\
diarienummer: KS 2024/7
datum: 2024-01-02
handläggare: {namn: Anna Berg}
rubrik: Logotypen
förslag: {punkter: [Ja.]}
"""


def logo_extent(path) -> tuple[int, int]:
    header = docx.Document(str(path)).sections[0].first_page_header._element
    (extent,) = header.iter(qn("wp:extent"))
    return int(extent.get("cx")), int(extent.get("cy"))


@pytest.mark.parametrize(
    ("bredd", "emu"),
    [("4 cm", 1_440_000), ("40 mm", 1_440_000), ('"4,5 cm"', 1_620_000), ("25mm", 900_000), (None, None)],
)
def test_the_logo_is_printed_at_the_width_asked_for(tmp_path, capsys, bredd, emu):
    (tmp_path / "logo.png").write_bytes(png(300, 100))  # 300 x 100 pixels at 72 dpi: 10.58 cm wide
    width = f", bredd: {bredd}" if bredd else ""
    write(tmp_path, f"organisation: X kommun\nlogotyp: {{fil: logo.png, alt: X kommuns logotyp{width}}}\n", "tjs.yaml")
    code, _, err = run_tjs(capsys, "render", write(tmp_path, CASE), "-o", tmp_path / "out")
    assert code == 0, err
    cx, cy = logo_extent(tmp_path / "out" / "KS-2024-7.docx")
    if emu is None:  # as before: the picture's own size
        assert (cx, cy) == (3_810_000, 1_270_000)
    else:
        assert cx == emu and cy == emu // 3  # the height follows the picture


def test_a_file_whose_name_ends_like_a_width_is_still_that_file(tmp_path, capsys):
    (tmp_path / "logo.png#bredd=10mm").write_bytes(png(300, 100))
    write(tmp_path, "organisation: X kommun\nlogotyp: {fil: 'logo.png#bredd=10mm', alt: Logotyp}\n", "tjs.yaml")
    code, _, err = run_tjs(capsys, "render", write(tmp_path, CASE), "-o", tmp_path / "out")
    assert code == 0, err
    assert logo_extent(tmp_path / "out" / "KS-2024-7.docx")[0] == 3_810_000


@pytest.mark.parametrize("bredd", ["4 tum", "0 cm", "'-3 cm'", "4", "'4 cm; 5 cm'", "'0,01 mm'", "4.9 mm", "0,4 cm"])
def test_a_width_that_is_not_one_is_an_error_at_its_place(tmp_path, capsys, bredd):
    (tmp_path / "logo.png").write_bytes(png())
    config = write(tmp_path, f"logotyp:\n  fil: logo.png\n  alt: Logotyp\n  bredd: {bredd}\n", "tjs.yaml")
    code, _, err = run_tjs(capsys, "validate", write(tmp_path, "organisation: X kommun\n" + CASE))
    assert code == 1
    assert f"{config}:4:10: error: 'logotyp.bredd':" in err and "write it in cm or mm" in err, err


@pytest.mark.parametrize(("fragment", "emu"), [("#bredd=30mm", 1_080_000), ("#bredd=3.5cm", 1_260_000)])
def test_a_template_of_ones_own_asks_for_a_width_after_the_file(tmp_path, capsys, fragment, emu):
    (tmp_path / "logo.png").write_bytes(png(300, 100))
    write(tmp_path, f"{{% if logotyp %}}\n![{{{{ logotyp.alt }}}}](<{{{{ logotyp.fil }}}}{fragment}>)\n{{% endif %}}\n",
          "mallar/sidhuvud/logotyp.md.j2")  # fmt: skip
    write(tmp_path, "organisation: X kommun\nmallar: mallar\nlogotyp: {fil: logo.png, alt: Logotyp}\n", "tjs.yaml")
    code, _, err = run_tjs(capsys, "render", write(tmp_path, CASE), "-o", tmp_path / "out")
    assert code == 0, err
    assert logo_extent(tmp_path / "out" / "KS-2024-7.docx")[0] == emu
