"""The tidying pass (no change in output): a digest computed once per case and passed along is the one
each document carries, official and public alike."""

from __future__ import annotations

import io
import zipfile

from samples import EXAMPLE

from tjansteskrivelse import Renderer, load_case
from tjansteskrivelse.freshness import STAMP
from tjansteskrivelse.publication import public_documents


def _stamp(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.comment


def test_a_digest_passed_along_is_the_one_every_document_carries() -> None:
    renderer = Renderer()
    case = load_case(EXAMPLE)
    digest = renderer.inputs_digest(case)
    computed = renderer.documents(case)
    passed = renderer.documents(case, digest=digest)
    public = public_documents(renderer, case, digest=digest)
    assert passed == computed
    assert public == public_documents(renderer, case)
    assert {_stamp(data) for data in [*passed.values(), *public.values()]} == {STAMP + digest.encode("ascii")}
