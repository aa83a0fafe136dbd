"""``tjs show``: a case's memo (or extracts) as it will read, in the terminal, without opening Word.

The documents' body Markdown comes from the normal pipeline (the Renderer's
templates and the context stage), so the text is the document's own; rich
renders it. The header (organisation, document type, dnr, date, recipient)
is printed first as a short panel. The page's own header and footer blocks
and the document's styles are Word's business and are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console, Group
from rich.markdown import Markdown
from rich.panel import Panel
from rich.text import Text

from .errors import TjsError
from .load import load_case
from .project import project_for
from .publication import public_name, public_version
from .renderer import Renderer
from .spec import EXTRACT, MEMO, DocumentSpec

# Characters a terminal acts on instead of showing (C1 controls such as U+009B, a CSI; direction overrides,
# which reorder the line around them): printed as \uXXXX, as diagnostics print invisible characters.
_TERMINAL_CONTROLS = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069]")
# A fenced div (`::: Mottagare` … `:::`; `::::` around one that holds a table) names a style for the writer;
# its text is shown, the fence not.
_DIV_FENCE = re.compile(r"^:{3,}(?:[ \t]+\S.*)?[ \t]*$")


def body_markdown(spec: DocumentSpec) -> str:
    """The document's body Markdown without the style fences, which only the writer reads."""
    return _visible("\n".join(line for line in spec.body.splitlines() if not _DIV_FENCE.match(line)))


def _visible(text: str) -> str:
    return _TERMINAL_CONTROLS.sub(lambda control: f"\\u{ord(control.group()):04X}", text)


def header(spec: DocumentSpec, title: str) -> Panel:
    """Organisation, document type, dnr and date (and recipient): plain text, never read as markup."""
    fields = spec.fields
    lines = [
        Text(_visible(fields["organisation"]), style="bold"),
        Text(_visible(f"{fields['dokumenttyp']}    Dnr {fields['diarienummer']}    {fields['datum']}")),
    ]
    if spec.recipient:
        lines.append(Text(_visible(f"Till: {spec.recipient}")))
    return Panel(Group(*lines), title=Text(title), title_align="left", expand=False)


def show_case(
    path: Path,
    console: Console,
    *,
    extracts: bool = False,
    combined: bool = False,
    public: bool = False,
    config: Path | None = None,
    templates: Path | None = None,
) -> None:
    """Print the memo of the case file at ``path`` (or, with ``extracts``, each extract) to ``console``."""
    project = project_for(path, config)
    case = load_case(path, project)
    if public:
        case, combined = public_version(case, project.config, combined)
    # A case without 'forslag' has no memo: its extracts are what it will read as.
    wanted = EXTRACT if extracts or case.forslag is None else MEMO
    specs = [
        spec for spec in Renderer(project, templates=templates).specs(case, combined=combined) if spec.kind == wanted
    ]
    if not specs:
        raise TjsError(f"{path}: no extracts: the case has no 'utdrag_till'", hint="try --samlat")
    for number, spec in enumerate(specs):
        if number:
            console.rule()
        console.print(header(spec, public_name(spec.file_name) if public else spec.file_name))
        console.print(Markdown(body_markdown(spec)))
