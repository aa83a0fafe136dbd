"""The plainest document the writer makes: a memo of only a body, no header or footer text, placeholder
fields and properties. Timed by scaling.py; rendered by the tests of untrusted reference documents
(tests/test_writer_untrusted.py), which import it from here so that benchmarks/ needs nothing of tests/.
"""

from __future__ import annotations

import datetime as dt

from tjansteskrivelse.spec import MEMO, DocumentProperties, DocumentSpec

BLOCKS = {
    "logotyp": "",
    "sekretessrad": "",
    "sidhuvud": "",
    "sidfot": "",
    "sidhuvud_foljande": "",
    "sidfot_foljande": "",
}
FIELDS = {"organisation": "Org", "dokumenttyp": "TJÄNSTESKRIVELSE", "diarienummer": "1/2020", "sidetikett": ""}
PROPS = DocumentProperties(
    title="t", subject="s", keywords="k", author="a", created=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
)


def plain_spec(body: str) -> DocumentSpec:
    """A memo ``x.docx`` of ``body`` (Markdown) and nothing else."""
    return DocumentSpec(kind=MEMO, file_name="x.docx", body=body, blocks=BLOCKS, fields=FIELDS, properties=PROPS)
