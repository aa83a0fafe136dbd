# mypy: disable-error-code="union-attr"
"""Other organisations' memos and extracts from tjs.yaml alone (issue 11): read back from the .docx."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest
from docx_dump import dump
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from org_samples import DECIDED, EXAMPLES, kungsbacka, project, render
from samples import EXAMPLE, REPO, VALID, examples, run_tjs

from tjansteskrivelse.cli import main
from tjansteskrivelse.load import load_case
from tjansteskrivelse.model import Headings
from tjansteskrivelse.project import project_for
from tjansteskrivelse.renderer import Renderer

EXTRACT = "BN-2024-0013-utdrag-kommunstyrelsen.docx"


def headings(path) -> list[str]:
    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


@pytest.fixture(scope="module")
def decided(tmp_path_factory) -> dict[str, Path]:
    """DECIDED in a project with Kungsbacka's tjs.yaml, rendered by `tjs render` once for the tests that only
    read it: the files written, by name."""
    case = kungsbacka(tmp_path_factory.mktemp("kungsbacka"))
    with pytest.raises(SystemExit) as done:
        main(["render", str(case), "-o", str(case.parent / "out")])
    assert done.value.code == 0
    return {path.name: path for path in sorted((case.parent / "out").glob("*.docx"))}


def test_kungsbacka_extract_puts_the_decision_first_then_the_parts_in_its_order(decided):
    files = decided
    body = dump(files[EXTRACT])["body"]
    assert headings(files[EXTRACT]) == [
        "Detaljplan för Kolla 3:14 – antagande",
        "Beslut",
        "Sammanfattning",
        "Beslutsunderlag",
        "Yrkanden",
        "Beslutsgång",
        "Reservation",
        "Beslutet skickas till",
    ]
    at = body.index
    assert at("Beslut") < at("Byggnadsnämnden antar detaljplanen för Kolla 3:14.") < at("Sammanfattning")
    assert at("Reservation") < at("Karin Åberg (S) reserverar sig mot beslutet.") < at("Beslutet skickas till")
    # the § line carries the minutes' own dnr after the 'Dnr' word; Kungsbacka's decision is unnumbered
    assert "§ 145\tDnr 2024-00013" in body
    assert "1. Byggnadsnämnden antar detaljplanen för Kolla 3:14." not in body


def test_later_extract_pages_repeat_organ_meeting_date_and_continuation(decided):
    parts = dump(decided[EXTRACT])
    assert parts["header"] == [
        "Kungsbacka kommun\tBN 2024/0013\t1 (1)",
        "Byggnadsnämnden",
        "Sammanträdesdatum 2024-05-13",
        "forts. § 145",
    ]
    # the certification area, with the members who approve the minutes, on every page
    for footer in (parts["first_footer"], parts["footer"]):
        assert "Justerandes signatur | Expedierat/bestyrkt" in footer
        assert "Justerare: Karin Åberg | " in footer
        assert "2024-05-15 | Görel Lund" in footer


def test_page_label_and_continuation_words_come_from_rubriker(tmp_path, capsys):
    extra = "\n".join(["", "  sida: Sida", "  fortsattning: fortsättning", "  sammantradesdatum: null", ""])
    case = kungsbacka(tmp_path, extra="")
    config = (tmp_path / "tjs.yaml").read_text(encoding="utf-8").replace("rubriker:\n", "rubriker:" + extra, 1)
    (tmp_path / "tjs.yaml").write_text(config, encoding="utf-8")
    parts = dump(render(capsys, case)[EXTRACT])
    assert parts["first_header"][0] == "Kungsbacka kommun\tPROTOKOLLSUTDRAG\tSida 1 (1)"
    assert parts["header"][1:] == ["Byggnadsnämnden", "2024-05-13", "fortsättning § 145"]
    assert "Sammanträdesdatum" not in "\n".join(parts["first_header"])


def test_extracts_only_case_renders_its_extracts_and_no_memo(tmp_path, capsys):
    case = EXAMPLES / "nacka" / "KFKS-2024-0401.yaml"
    code, out, err = run_tjs(capsys, "render", case, "-o", tmp_path, "--force", "--json")
    assert code == 0, err
    files = json.loads(out)["cases"][0]["files"]
    assert [f["kind"] for f in files] == ["extract", "extract"]
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == [
        "KFKS-2024-401-102-utdrag-lena-ny-l.docx",
        "KFKS-2024-401-102-utdrag-loneenheten.docx",
    ]
    parts = dump(tmp_path / "KFKS-2024-401-102-utdrag-lena-ny-l.docx")
    assert parts["body"][:6] == [
        "Till: Lena Ny (L)",
        "§ 150\tDnr KFKS 2024/401-102",
        "Val av ersättare i kommunstyrelsens arbetsutskott",
        "Beslut",
        "1. Kommunstyrelsen väljer Lena Ny (L) till ersättare i arbetsutskottet för tiden till och med 2026-12-31.",
        "Jäv",
    ]
    # the renderer plans the same documents as the batch
    renderer = Renderer(project_for(case))
    assert list(renderer.documents(load_case(case, renderer.project))) == [p["path"].split("/")[-1] for p in files]


def test_extracts_only_case_without_recipients_gets_one_unaddressed_extract(tmp_path, capsys):
    case = project(
        tmp_path,
        None,
        "\n".join(
            [
                "diarienummer: KS 2024/9",
                "organisation: Nacka kommun",
                "rubrik: Anmälan av delegationsbeslut",
                "beslut:",
                "  organ: Kommunstyrelsen",
                "  datum: 2024-09-09",
                "  paragraf: 151",
                "  rubrik: Kommunstyrelsens beslut",
                "  inledning: Kommunstyrelsen beslutar att",
                "  punkter:",
                "    - lägga anmälan till handlingarna.",
                "",
            ]
        ),
    )
    files = render(capsys, case)
    assert list(files) == ["KS-2024-9-utdrag.docx"]
    body = dump(files["KS-2024-9-utdrag.docx"])["body"]
    assert body[1:] == [
        "Anmälan av delegationsbeslut",
        "Kommunstyrelsens beslut",
        "Kommunstyrelsen beslutar att",
        "1. lägga anmälan till handlingarna.",
    ]


def test_neither_proposal_nor_decision_points_is_an_error_naming_both(tmp_path, capsys):
    case = project(tmp_path, None, "diarienummer: KS 2024/9\norganisation: Nacka kommun\nrubrik: Något\n")
    code, _, err = run_tjs(capsys, "render", case, "-o", tmp_path / "out")
    assert code == 1
    assert "'forslag'" in err and "'beslut.punkter'" in err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


OFFICER_CASE = VALID  # handläggare: namn and telefon; no titel, no epost


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("", ["Handläggare", "Anna Berg", "Tfn: 0701234567", "E-post:"]),  # visa: the empty e-mail line stays
        ("tomma_falt: dolj\n", ["Handläggare", "Anna Berg", "Tfn: 0701234567"]),
        ("handlaggare_falt: [namn, epost]\n", ["Handläggare", "Anna Berg", "E-post:"]),
        ("handlaggare_falt: [namn, epost]\ntomma_falt: dölj\n", ["Handläggare", "Anna Berg"]),
        ("rubriker: {telefon: null, handlaggare: null}\n", ["Anna Berg", "0701234567", "E-post:"]),
        ("handlaggare_falt: [telefon, namn, avdelning]\n", ["Handläggare", "Tfn: 0701234567", "Anna Berg", "IT"]),
    ],
)
def test_case_officer_lines_follow_handlaggare_falt_and_tomma_falt(tmp_path, capsys, config, expected):
    case = project(tmp_path, config or None, OFFICER_CASE.replace("datum:", "avdelning: IT\ndatum:", 1))
    header = dump(render(capsys, case)["KS-2021-123.docx"])["first_header"]
    officer = header[header.index("2021-03-01") + 1 : header.index("KS 2021/123") - 1]
    if "avdelning" not in config:
        assert officer[0] == "IT"  # avdelning stays in the info block, before the officer
        officer = officer[1:]
    assert officer == expected


def test_empty_contact_lines_in_the_footer_are_left_out_with_dolj(tmp_path, capsys):
    config = "handlaggare_plats: sidfot\ntomma_falt: dolj\nsidfot: [Nacka kommun, 131 81 Nacka]\nsidfot_sidor: forsta\n"
    files = render(capsys, project(tmp_path, config, OFFICER_CASE))
    parts = dump(files["KS-2021-123.docx"])
    assert parts["first_footer"] == ["Handläggare: Anna Berg, Tfn: 0701234567", "Nacka kommun", "131 81 Nacka"]
    assert parts["footer"] == [""]  # sidfot_sidor: forsta: the first page only


def test_a_null_label_leaves_out_the_words_never_the_content(tmp_path, capsys):
    config = "rubriker: {justerande: null, beslutsunderlag: null, dnr: null, beslut: null, diarienummer: null}\n"
    case = project(tmp_path, config, DECIDED)
    files = render(capsys, case)
    parts = dump(files[EXTRACT])
    assert parts["first_footer"][0] == " | Utdragsbestyrkande"
    body = parts["body"]
    assert "§ 145\t2024-00013" in body
    assert "Beslutsunderlag" not in body and "Beslut" not in body
    assert "• Tjänsteskrivelse 2024-04-22" in body and "Byggnadsnämnden antar detaljplanen för Kolla 3:14." in body
    memo_header = dump(files["BN-2024-0013.docx"])["first_header"]
    assert "Diarienummer" not in memo_header and "BN 2024/0013" in memo_header


def test_list_formats_give_plain_lines_and_real_numbers(tmp_path, capsys):
    config = "listformat: {beslutsunderlag: ingen, bilagor: nummer, utdrag_till: punkt}\n"
    lists = "beslutsunderlag: [Tjänsteskrivelse, Karta]\nbilagor: [Riktlinjer, Karta]\nutdrag_till: [KS]\n"
    case = OFFICER_CASE + lists
    path = render(capsys, project(tmp_path, config, case))["KS-2021-123.docx"]
    body = dump(path)["body"]
    start = body.index("Beslutsunderlag")
    assert body[start : start + 8] == [
        "Beslutsunderlag",
        "Tjänsteskrivelse",
        "Karta",
        "Bilagor",
        "1. Riktlinjer",
        "2. Karta",
        "Utdrag till",
        "• KS",
    ]
    styles = {p.text: p.style.name for p in docx.Document(str(path)).paragraphs}
    assert styles["Tjänsteskrivelse"] == "Normal" and styles["Riktlinjer"] == "List Number"


@pytest.mark.parametrize(
    ("config", "case", "expected"),
    [
        (None, DECIDED, ""),  # unset: as forslag.numrerad (false: one paragraph each)
        (None, DECIDED.replace("numrerad: false", "numrerad: true"), "1. "),
        ("listformat: {beslut: punkt}\n", DECIDED, "• "),
    ],
)
def test_decision_points_follow_listformat_beslut(tmp_path, capsys, config, case, expected):
    body = dump(render(capsys, project(tmp_path, config, case))[EXTRACT])["body"]
    assert expected + "Byggnadsnämnden antar detaljplanen för Kolla 3:14." in body


def test_falt_and_er_beteckning_are_labelled_in_the_header_in_order(tmp_path, capsys):
    case = OFFICER_CASE.replace(
        "rubrik:",
        "mottagare: Kommunstyrelsen\ner_beteckning: LST 2024-4411\n"
        'fält:\n  Ansvarig chef: Anneli Granberg\n  Version: "0.1"\nrubrik:',
        1,
    )
    header = dump(render(capsys, project(tmp_path, None, case))["KS-2021-123.docx"])["first_header"]
    assert header[1:] == [
        "Datum",
        "2021-03-01",
        "Handläggare",
        "Anna Berg",
        "Tfn: 0701234567",
        "E-post:",
        "Till",
        "Kommunstyrelsen",
        "Diarienummer",
        "KS 2021/123",
        "Er beteckning",
        "LST 2024-4411",
        "Ansvarig chef",
        "Anneli Granberg",
        "Version",
        "0.1",
    ]


def test_extract_footer_lines_come_from_sidfot_utdrag(tmp_path, capsys):
    config = "sidfot: [Adressrad]\nsidfot_utdrag: []\n"
    files = render(capsys, project(tmp_path, config, DECIDED))
    assert dump(files["BN-2024-0013.docx"])["first_footer"] == ["Adressrad"]
    assert "Adressrad" not in "\n".join(dump(files[EXTRACT])["first_footer"])


def test_typografi_av_turns_typography_off_in_every_spec(tmp_path):
    for config, expected in (("typografi: av\n", False), ("typografi: på\n", True)):
        case = project(tmp_path / str(expected), config, DECIDED)
        renderer = Renderer(project_for(case))
        specs = renderer.specs(load_case(case, renderer.project))
        assert [spec.typography for spec in specs] == [expected, expected]


def styles(path) -> dict[str, list[str]]:
    document = docx.Document(str(path))
    section = document.sections[0]
    return {
        name: [block.style.name for block in part.iter_inner_content()]
        for name, part in (
            ("first_header", section.first_page_header),
            ("header", section.header),
            ("body", document),
            ("first_footer", section.first_page_footer),
            ("footer", section.footer),
        )
    }


def test_region_jh_memo_reads_as_before(tmp_path, capsys):
    """The same paragraphs, styles, list labels, header and footer text as before issue 11."""
    path = render(capsys, project(tmp_path, None, EXAMPLE.read_text(encoding="utf-8")))["RUN-572-2020.docx"]
    parts = dump(path)
    assert parts["first_header"] == [
        "Region Jämtland Härjedalen\tTJÄNSTESKRIVELSE\t1 (1)",
        "Datum",
        "2020-11-20",
        "Välfärd, klimat och kompetens",
        "Handläggare",
        "Marina Gregorsson",
        "Tfn: 063146619",
        "E-post:",
        "Diarienummer",
        "RUN/572/2020",
    ]
    assert parts["header"] == ["Region Jämtland Härjedalen\tRUN/572/2020\t1 (1)"]
    assert parts["first_footer"] == parts["footer"] == [""]
    assert [line[:30] for line in parts["body"]] == [
        "Samverkansavtal mellan Region ",
        "Ärendebeskrivning",
        "Östersunds kommun och Region J",
        "Syftet med avtalet är att Regi",
        "Arbetet ska utveckla Jämtland ",
        "Östersunds kommun och Region J",
        "Regiondirektörens förslag",
        "1. Upprättat förslag till samv",
        "2. Regional utvecklingsdirektö",
        "I tjänsten",
        "Hans Svensson\nRegiondirektör",  # one paragraph each: LibreOffice split name and title
        "Marina Gregorsson\nOmrådeschef ",
        "Utdrag till",
        "Dag Hartman, Välfärd, klimat o",
        "Theresia Grön, Östersunds komm",
    ]
    assert styles(path) == {
        "first_header": [
            "Header",
            "Etikett",
            "Sidhuvudtext",
            "Sidhuvudtext",
            "Etikett",
            "Sidhuvudtext",
            "Sidhuvudtext",
            "Sidhuvudtext",
            "Etikett",
            "Sidhuvudtext",
        ],
        "header": ["Header"],
        "body": [
            "Heading 1",
            "Heading 2",
            "Normal",
            "Normal",
            "Normal",
            "Normal",
            "Heading 2",
            "List Number",
            "List Number",
            "Underskrift",
            "Underskriftsnamn",
            "Underskriftsnamn",
            "Heading 2",
            "Normal",
            "Normal",
        ],
        "first_footer": ["Footer"],
        "footer": ["Footer"],
    }


@pytest.mark.parametrize("organisation", ["kungsbacka", "nacka", "uppsala"])
def test_every_example_renders_and_passes_tjs_check(tmp_path, capsys, organisation):
    cases = sorted((EXAMPLES / organisation).glob("[A-Z]*.yaml"))
    code, _, err = run_tjs(capsys, "render", *cases, "-o", tmp_path, "--force", "-j", "1")
    assert code == 0, err
    outputs = sorted(tmp_path.glob("*.docx"))
    assert len(outputs) >= len(cases)
    code, out, err = run_tjs(capsys, "check", *outputs)
    assert code == 0, out + err


HEADING_WORDS = sorted(Headings.model_fields)


@settings(max_examples=examples(12), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(nulls=st.sets(st.sampled_from(HEADING_WORDS), min_size=1))
@example(nulls=set(HEADING_WORDS))
@example(nulls={"beslut", "reservationer", "justerande", "intyg"})
def test_any_heading_or_label_set_to_null_leaves_every_value_in_place(tmp_path_factory, nulls):
    folder = tmp_path_factory.mktemp("nulls")
    config = "rubriker:\n" + "".join(f"  {word}: null\n" for word in sorted(nulls))
    case = project(folder, config, DECIDED.replace("titel: Planarkitekt", "titel: Planarkitekt\n  epost: k@ek.se"))
    renderer = Renderer(project_for(case))
    documents = renderer.documents(load_case(case, renderer.project))
    folder.joinpath("out").mkdir()
    texts, cells = {}, []
    for name, data in documents.items():
        (folder / "out" / name).write_bytes(data)
        lines = [line for part in dump(folder / "out" / name).values() for line in part]
        texts[name] = "\n".join(lines)
        cells += [cell.strip() for line in lines for piece in line.split("\t") for cell in piece.split(" | ")]
    for value in ("Karin Ek", "k@ek.se", "BN 2024/0013", "2024-04-22", "Tjänsteskrivelse 2024-04-22"):
        assert value in texts["BN-2024-0013.docx"]
    for value in (
        "Byggnadsnämnden antar detaljplanen",
        "Lena Ny (L) yrkar bifall",
        "Ordföranden ställer",
        "Karin Åberg (S) reserverar",
        "Karin Åberg",
        "2024-05-15",
        "Görel Lund",
        "2024-00013",
        "Kommunstyrelsen",
        "Stycke 12.",
    ):
        assert value in texts[EXTRACT]
    for word in nulls:  # the words themselves are gone, as a line, a cell or a label before a value
        default = Headings.model_fields[word].default
        if default:
            labelled = (f"{default}:", f"{default} ")
            assert not [c for c in cells if c == default or c.startswith(labelled)]


def test_an_older_reference_with_sidfot_in_both_footers_still_works(tmp_path, capsys):
    """A reference made before the later pages got their own blocks: no sidetikett, sidhuvud_foljande or
    sidfot_foljande; its footer lines then stand on every page, whatever sidfot_sidor says."""
    builtin = REPO / "templates" / "referens.docx"
    with zipfile.ZipFile(builtin) as source, zipfile.ZipFile(tmp_path / "mall.docx", "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith(("word/header", "word/footer")):
                text = data.decode("utf-8")
                for old, new in (
                    ("{{ sidfot_foljande }}", "{{ sidfot }}"),
                    ("{{ sidetikett }}", ""),
                    ("{{ sidhuvud_foljande }}", ""),
                ):
                    text = text.replace(old, new)
                data = text.encode("utf-8")
            target.writestr(item, data)
    config = "referens: mall.docx\nsidfot: [Nacka kommun]\nsidfot_sidor: forsta\nrubriker: {sida: Sida}\n"
    files = render(capsys, project(tmp_path, config, DECIDED))
    for name in ("BN-2024-0013.docx", EXTRACT):
        parts = dump(files[name])
        assert "Nacka kommun" in parts["first_footer"] and "Nacka kommun" in parts["footer"]
        assert parts["first_header"][0].endswith("\t1 (1)")


@pytest.mark.parametrize(("config", "expected"), [(None, ["Er beteckning"]), ("tomma_falt: dolj\n", [])])
def test_an_empty_er_beteckning_keeps_its_label_unless_dolj(tmp_path, capsys, config, expected):
    case = OFFICER_CASE.replace("rubrik:", 'er_beteckning: ""\nrubrik:', 1)
    header = dump(render(capsys, project(tmp_path, config, case))["KS-2021-123.docx"])["first_header"]
    assert header[header.index("KS 2021/123") + 1 :] == expected


@pytest.mark.parametrize("heading", ["Sammanfattning", None])
def test_headings_in_a_part_follow_whether_the_part_has_its_own_heading(tmp_path, capsys, heading):
    # With `rubriker.sammanfattning: null` the user's '#' stands right below the title, not a level lower:
    # no level is skipped (tjs check's heading rule), and with a heading it stays below it.
    from tjansteskrivelse.accessibility import check_document

    config = "rubriker: {sammanfattning: null, yrkanden: null}\n" if heading is None else None
    text = "sammanfattning: |\n  Sammanfattningen av ärendet.\n"
    mine = "sammanfattning: |\n  # Egen rubrik\n\n  Text.\n\n  ## Under\n\n  Mer.\n"
    case = DECIDED.replace(text, mine).replace("  yrkanden: |\n", "  yrkanden: |\n    # Yrkande\n\n")
    files = render(capsys, project(tmp_path, config, case))
    for path in files.values():
        assert [f for f in check_document(path) if "heading" in f.message.lower()] == [], path.name
    memo = docx.Document(str(files["BN-2024-0013.docx"]))
    levels = {p.text: p.style.name for p in memo.paragraphs if p.style.name.startswith("Heading")}
    first = 2 if heading is None else 3
    assert levels["Egen rubrik"] == f"Heading {first}" and levels["Under"] == f"Heading {first + 1}"
    assert ("Sammanfattning" in levels) == (heading is not None)


def test_a_heading_in_an_unnumbered_point_follows_whether_the_proposal_has_a_heading(tmp_path, capsys):
    from tjansteskrivelse.accessibility import check_document

    point = "    - Byggnadsnämnden antar detaljplanen för Kolla 3:14.\n"
    case = DECIDED.replace(
        point, "    - |\n      Byggnadsnämnden antar detaljplanen.\n\n      # Villkor\n\n      Text.\n"
    )
    files = render(capsys, project(tmp_path, "rubriker: {forslag: null}\n", case))
    memo = files["BN-2024-0013.docx"]
    assert [f for f in check_document(memo) if "heading" in f.message.lower()] == []
    levels = {p.text: p.style.name for p in docx.Document(str(memo)).paragraphs}
    assert levels["Villkor"] == "Heading 2"
