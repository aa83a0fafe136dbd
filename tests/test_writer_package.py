"""writer.package: the deterministic zip writer and the reference's reused members."""

from __future__ import annotations

import io
import zipfile

from tjansteskrivelse.writer.zipped import Deflated, write_zip


def zipfile_bytes(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, blob in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, blob)
    return out.getvalue()


def test_own_zip_writer_matches_zipfile_byte_for_byte():
    members = [("[Content_Types].xml", b"<x/>"), ("word/document.xml", "åäö".encode() * 5000), ("e", b"")]
    data = write_zip([(name, Deflated.of(blob)) for name, blob in members])
    assert data == zipfile_bytes(members)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == members
