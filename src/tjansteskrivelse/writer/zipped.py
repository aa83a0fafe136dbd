"""Deterministic zip files: the same members give the same bytes, every time and everywhere.

Written by hand (as ``zipfile`` would write them, with a fixed date and no extra
fields) so that a reference's unchanged members are deflated once and reused.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO

_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00:00
_ZIP_VERSION = 20  # "version needed to extract": deflate
_EXTERNAL_ATTR = 0o600 << 16  # what zipfile.writestr records (rw-------)


@dataclass(frozen=True)
class Deflated:
    """One zip member's data, compressed once (``zipfile``'s settings: raw deflate, default level)."""

    crc: int
    size: int
    data: bytes

    @classmethod
    def of(cls, blob: bytes) -> Deflated:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        return cls(zlib.crc32(blob), len(blob), compressor.compress(blob) + compressor.flush())


def write_zip(members: Iterable[tuple[str, Deflated]]) -> bytes:
    """A zip byte for byte as ``zipfile`` writes these members with a fixed date and no extra fields."""
    out = bytearray()
    central = bytearray()
    count = 0
    for name, member in members:
        encoded = name.encode("ascii")  # OPC part names are ASCII (non-ASCII is percent-encoded)
        offset = len(out)
        common = struct.pack(
            "<HHHHLLLH",
            0,
            zipfile.ZIP_DEFLATED,
            _DOS_TIME,
            _DOS_DATE,
            member.crc,
            len(member.data),
            member.size,
            len(encoded),
        )
        out += b"PK\x03\x04" + struct.pack("<H", _ZIP_VERSION) + common + b"\x00\x00" + encoded + member.data
        central += (
            b"PK\x01\x02"
            + struct.pack("<BBH", _ZIP_VERSION, 0, _ZIP_VERSION)
            + common
            + struct.pack("<HHHHLL", 0, 0, 0, 0, _EXTERNAL_ATTR, offset)
            + encoded
        )
        count += 1
    end = b"PK\x05\x06" + struct.pack("<HHHHLLH", 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + end)


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip with the same member order, a fixed date and no extra fields."""
    with zipfile.ZipFile(BytesIO(data)) as source:
        return write_zip([(info.filename, Deflated.of(source.read(info))) for info in source.infolist()])
