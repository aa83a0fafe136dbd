"""The public version of a case (``tjs render --publicering``) and the personal-data warnings of ``tjs validate``.

Memos and extracts are published with the meeting papers, where GDPR applies in
full. The public version is a NEW case built from the official one (which is
never changed), then rendered through the normal pipeline:

- every text and Markdown value (and every ``falt`` label) is passed through
  ``personal_data.mask``: each Luhn-valid personnummer becomes ``ÅÅMMDD-XXXX``;
- the fields named by ``publicering.utelamna`` in tjs.yaml are left out (set to
  their empty default), by default the case officer's phone and e-mail and the
  recipients' e-mail;
- a case with ``sekretess`` becomes a stub (``stub_data``): the header of any
  public memo (diarienummer, datum, organisation, mottagare, the case officer),
  ``rubrik`` and ``sekretess`` "Sekretessärende", one section "Sekretessärende"
  saying the matter is secret, the proposal and decision as the single point
  "Sekretessärende" (the decision keeps organ, datum, paragraf, diarienummer,
  justerat, sekreterare), and nothing else: no parties, summary, sections,
  beslutsunderlag, bilagor, signature, decision process or recipients. Its
  extracts are one unaddressed stub (``…-utdrag-publicering.docx``): the
  recipients of a secret matter are not published either.

Each public document is then read back (every paragraph and property, as the reader sees it) and
refused if it still shows a personnummer that masking the case could not reach: text from tjs.yaml,
a template or the reference document.

The case model is walked generically (``model_dump`` -> masked -> ``model_validate``),
so a field added to the model later is masked too.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args
from urllib.parse import unquote

import yaml
from lxml import etree
from pydantic import BaseModel

from . import personal_data
from .errors import TjsError
from .fields import fold_key_at
from .model import Case, Config
from .names import case_stem
from .personal_data_yaml import scan_case_text

if TYPE_CHECKING:  # not imported at run time: the Renderer loads the rendering stack (python-docx)
    from .renderer import Renderer

SUFFIX = "-publicering"
STUB = "Sekretessärende"
STUB_TEXT = "Ärendet omfattas av sekretess. Handlingen publiceras inte."
# What a stub keeps of the official case (keys joined by '.'); everything else is left out.
STUB_KEEPS = frozenset({
    "diarienummer", "datum", "organisation", "mottagare", "handlaggare",
    "beslut.organ", "beslut.datum", "beslut.paragraf", "beslut.diarienummer", "beslut.justerat", "beslut.sekreterare",
})  # fmt: skip
# tjs.yaml's words for what `tjs validate` warns about -> personal_data's kinds.
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A run's characters as the reader sees them: text, and what stands for a hyphen, a space or a break.
_SHOWN = {_W + "noBreakHyphen": "-", _W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n"}
_SHOWN_TAGS = (_W + "t", *_SHOWN)
KINDS = {"personnummer": personal_data.PERSONNUMMER, "epost": personal_data.EMAIL, "telefon": personal_data.PHONE}


def _models(annotation: Any) -> Iterable[type[BaseModel]]:
    """The pydantic models a field's type may hold (through Annotated, unions and lists)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in get_args(annotation):
        yield from _models(argument)


def _conditionally_required(field: Any) -> bool:
    # datum, handlaggare, forslag, beslut.punkter: needed or not depending on other keys (model._not_lacking).
    return any(getattr(getattr(m, "func", None), "__name__", "") == "_not_lacking" for m in field.metadata)


def removable_fields(model: type[BaseModel] = Case, prefix: str = "") -> dict[str, Any]:
    """Every field the public version may leave out, ``"handlaggare.telefon"`` -> its empty default.

    A field may be left out when the case is complete without it: optional, and
    empty by default (None, [] or {}), so "left out" means "not written".
    """
    found: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        path = prefix + name
        default = None if field.is_required() else field.get_default(call_default_factory=True)
        if not field.is_required() and not _conditionally_required(field) and default in (None, [], {}):
            found[path] = default
        for inner in dict.fromkeys(_models(field.annotation)):
            found.update(removable_fields(inner, path + "."))
    return found


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return personal_data.mask(value)
    if isinstance(value, list):
        return [_masked(item) for item in value]
    if isinstance(value, dict):
        masked = {_masked(key): _masked(item) for key, item in value.items()}
        if len(masked) != len(value):  # two 'falt' labels that differ only by a personnummer
            raise TjsError(
                "two labels under 'falt' differ only by a personnummer, so the public version would "
                "lose one; take the personnummer out of the labels"
            )
        return masked
    return value


def _leave_out(data: Any, keys: list[str], empty: Any) -> None:
    """Set ``keys`` (a field path) to ``empty`` wherever the case writes it; list items are walked."""
    if isinstance(data, list):
        for item in data:
            _leave_out(item, keys, empty)
    elif isinstance(data, dict) and keys[0] in data:
        if len(keys) == 1:
            data[keys[0]] = empty
        else:
            _leave_out(data[keys[0]], keys[1:], empty)


def stub_data(data: dict[str, Any]) -> dict[str, Any]:
    """A secret case's public stub, from the official case's data (see the module docstring)."""
    stub = {key: data[key] for key in sorted(STUB_KEEPS) if "." not in key and key in data}
    stub |= {"rubrik": STUB, "sekretess": STUB, "avsnitt": [{"rubrik": STUB, "text": STUB_TEXT}]}
    if "forslag" in data:
        stub["forslag"] = {"punkter": [STUB]}
    if isinstance(decision := data.get("beslut"), dict):
        kept = {key.removeprefix("beslut."): None for key in STUB_KEEPS if key.startswith("beslut.")}
        stub["beslut"] = {key: value for key, value in decision.items() if key in kept} | {"punkter": [STUB]}
    return stub


def public_case(case: Case, config: Config) -> Case:
    """The public version of ``case``: masked, fields left out, a stub when secret. ``case`` is not changed."""
    # Unset stays unset (e.g. underskrift.inledning: the config's closing phrase). The text-or-mapping lists
    # serialise correctly but pydantic warns that its discriminator cannot read a model: silenced.
    data = case.model_dump(exclude_unset=True, warnings=False)
    if case.sekretess is not None:
        data = stub_data(data)
    data = _masked(data)
    removable = removable_fields()
    for path in config.publicering.utelamna:
        _leave_out(data, path.split("."), removable[path])
    return Case.model_validate(data)


def public_version(case: Case, config: Config, combined: bool) -> tuple[Case, bool]:
    """The public case, and whether its extracts are one unaddressed copy (a secret case's are)."""
    return public_case(case, config), combined or (case.sekretess is not None and bool(case.utdrag_till))


def public_name(file_name: str) -> str:
    """``RUN-572-2020.docx`` -> ``RUN-572-2020-publicering.docx``.

    A personnummer the name still shows is masked (``AAMMDD-XXXX``, as the masked diarienummer's name reads):
    ``KS 121212/1212`` or a recipient ``Bo 121212/1212`` is no personnummer to the masking, but its name is one.
    """
    path = Path(file_name)
    stem = personal_data.mask(path.stem).replace(personal_data.MASK, case_stem(personal_data.MASK))
    return f"{stem}{SUFFIX}{path.suffix}"


def public_documents(
    renderer: Renderer, case: Case, *, combined: bool = False, digest: str | None = None
) -> dict[str, bytes]:
    """The public version of every document of ``case``, rendered in memory: ``{file name: bytes}``.
    ``digest``: the case's ``inputs_digest`` (its own, as its official documents carry), if the caller has it."""
    public, public_combined = public_version(case, renderer.project.config, combined)
    digest = renderer.inputs_digest(case) if digest is None else digest
    documents = {
        public_name(spec.file_name): renderer.write(spec, digest)
        for spec in renderer.specs(public, combined=public_combined)
    }
    for name, data in documents.items():
        _check_shown(name, data)
    return documents


def _check_shown(name: str, data: bytes) -> None:
    """Refuse a public document that still shows a personnummer: one the case's masking could not reach
    (text of tjs.yaml, a template or the reference document, or a number a template put together)."""
    for part, text in _shown_text(data):
        if found := personal_data.find_personnummer(text):
            raise TjsError(
                f"the public version {name} would still show a personnummer ({found[0].masked}) in {part}, "
                "in a form masking could not reach; nothing was written",
                hint="remove it from tjs.yaml, the templates or the reference document, or write it plainly in "
                "the case (ten bare digits of a phone number may look like one: write it 070-123 45 67)",
            )


def _shown_text(data: bytes) -> Iterable[tuple[str, str]]:
    """``(part, text)`` for each paragraph of the document's XML parts, each of its properties, each
    picture's alternative text and each link's address (decoded, as a browser shows it)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for part in package.namelist():
            if not part.endswith((".xml", ".rels")) or not part.startswith(("word/", "docProps/", "_rels/")):
                continue
            root = etree.fromstring(package.read(part), parser)
            if part.endswith(".rels"):
                yield from ((part, unquote(target)) for target in root.xpath("//@Target"))
            elif part.startswith("docProps/"):
                yield from ((part, "".join(element.itertext())) for element in root)
            else:
                for paragraph in root.iter(_W + "p"):
                    yield part, "".join(_SHOWN.get(node.tag, node.text or "") for node in paragraph.iter(*_SHOWN_TAGS))
                yield from ((part, text) for text in root.xpath("//@descr | //@title"))


def _dotted(path: personal_data.KeyPath) -> str:
    """A YAML key path as tjs.yaml names fields: keys folded and joined by '.', list numbers dropped."""
    folded: list[str | int] = []
    for part in path:
        folded.append(fold_key_at(tuple(folded), part) if isinstance(part, str) else part)
    return ".".join(part for part in folded if isinstance(part, str))


def _published(dotted: str, case: Case, config: Config) -> bool:
    def under(fields: Iterable[str]) -> bool:
        return any(dotted == field or dotted.startswith(field + ".") for field in fields)

    if case.sekretess is not None and not under(STUB_KEEPS):
        return False
    return not under(config.publicering.utelamna)


def case_warnings(path: Path, case: Case, config: Config) -> list[personal_data.DataWarning]:
    """The personal data ``publicering.varna_for`` names, in the text the public version would carry.

    ``case`` is the file's validated case (so the file is valid YAML without aliases or tags).
    """
    kinds = [KINDS[kind] for kind in config.publicering.varna_for]
    if not kinds:
        return []
    text = path.read_bytes().decode("utf-8-sig")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the same marks as the pure-Python one, faster
    found = scan_case_text(text, yaml.compose(text, Loader=loader), kinds)
    return [warning for warning in found if _published(_dotted(warning.path), case, config)]
