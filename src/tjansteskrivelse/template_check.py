"""``tjs validate`` compiles the project's own templates, so a Jinja syntax error in one shows before
the meeting, not at render: each is reported at its template file:line, nothing is rendered.

Only the templates the project's folders (``mallar:``) put on the search path are compiled, each
where its name resolves (an override hidden by another is not used); the built-in ones are tested
with tjs. A template needing a case's data to *run* (a missing include, a wrong expression) can
only fail at render.
"""

from __future__ import annotations

from pathlib import Path

from .errors import InputError, Issue, TjsError
from .load import load_case
from .model import Case
from .project import Project
from .renderer import resolved_templates, template_dirs, template_names


def check_templates(project: Project) -> None:
    """Raise ``InputError`` with every template of ``project``'s own folders that does not compile."""
    folders = template_dirs(project)
    if not folders:  # only the built-in templates: Jinja is not even imported (a quick validate)
        return
    from jinja2 import TemplateSyntaxError

    from .templates import Templates

    templates = Templates(folders)
    # Every name the loader may look up (any *.j2 of these folders, and the built-in names: a folder
    # or pipe named like a built-in template hides it, too), where it resolves in these folders.
    names = template_names(templates.search_path)
    issues = []
    for name, (path, *_) in resolved_templates(folders, names).items():
        try:
            templates.compile(name)  # in the environment render uses: same loader limits, filters, sandbox
        except TemplateSyntaxError as error:  # the template's own text, never case data: said whole
            issues.append(Issue(str(path), error.lineno, None, f"template syntax: {error.message}"))
        except TjsError as error:  # the loader's refusals: not UTF-8, too large, a link out of the folder
            issues.append(Issue(str(path), None, None, error.message))
    if issues:
        raise InputError(issues)


def load_with_templates(path: Path, project: Project, templates: InputError | None) -> Case:
    """The case at ``path``; the project's template problems (``templates``), if any, are raised
    together with the case's own, so one ``tjs validate`` lists them all."""
    try:
        case = load_case(path, project)
    except InputError as error:
        raise error if templates is None else InputError([*templates.issues, *error.issues]) from None
    if templates is not None:
        raise templates
    return case
