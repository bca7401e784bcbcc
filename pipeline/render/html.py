"""The Jinja environment: sandboxed, autoescaped, strict about undefined names.

Templates are read only from `layouts/`, through the project's safe file reads; the sandbox
lets a template call no function but the model's own and reach no attribute that starts
with `_`, so a layout received from elsewhere cannot run code or read files. Jinja is
imported on first use, so that a build writing only Word files never loads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from .. import files
from ..errors import BuildError
from ..model.markup import Rich
from . import inline

if TYPE_CHECKING:
    import jinja2


def html_runs(text: Rich | str, declared: str | None = None, document: str = "en") -> Markup:
    """Return inline runs as HTML (see `inline.runs`)."""
    return inline.runs(text, declared, document)


def long_date(day: dt.date) -> str:
    """Return a date as '1 July 2021'."""
    return f"{day.day} {day:%B %Y}"


def ics_text(text: Rich | str) -> str:
    """Return text as an iCalendar TEXT value: backslash, semicolon, comma, newline escaped."""
    value = str(text)
    for plain, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        value = value.replace(plain, escaped)
    return value


def file_size(count: int) -> str:
    """Return a file's size as GOV.UK writes it: '812 Bytes', '61 KB', '2.35 MB'."""
    if count < 1024:
        return f"{count} Bytes"
    value, unit = count / 1024, "KB"
    if value >= 1024:
        value, unit = value / 1024, "MB"
    shown = f"{value:.3g}"  # three significant digits, as GOV.UK's attachments show
    return f"{shown if 'e' not in shown else f'{value:.0f}'} {unit}"


TEMPLATE_MAX_BYTES = 1_000_000


def _loader(root: Path) -> jinja2.BaseLoader:
    """Return a loader of templates under `root`/layouts/, read by the project's safe reads."""
    import jinja2

    class Layouts(jinja2.BaseLoader):
        def get_source(
            self, environment: jinja2.Environment, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            rel = f"layouts/{template}"
            stamp = _stamp(root / rel)  # before reading: a change while it is read shows
            try:
                text = files.read_text(root, rel, TEMPLATE_MAX_BYTES)
            except files.Refused as exc:
                if exc.missing:
                    raise jinja2.TemplateNotFound(template) from None
                raise BuildError(str(exc)) from None
            return text, rel, lambda: stamp is not None and _stamp(root / rel) == stamp

    return Layouts()


def _stamp(path: Path) -> int | None:
    """Return the modification time of `path`, or None when it is gone or was saved too
    recently to tell a change (`files.settled_time`): the template is then read again."""
    try:
        return files.settled_time(path.stat())
    except OSError:
        return None


@cache
def environment(layouts: Path) -> jinja2.Environment:
    """Return the environment for templates in `layouts` (one per folder and process)."""
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        loader=_loader(layouts.parent),
        autoescape=_escaped,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["runs"] = jinja2.pass_context(_runs)
    env.filters["lang"] = jinja2.pass_context(_lang)
    env.filters["long_date"] = long_date
    env.filters["ics"] = ics_text
    env.filters["filesize"] = file_size
    return env


TEXT_LAYOUTS = (".txt.j2", ".ics.j2")  # layouts of plain-text files: nothing to escape


def _escaped(name: str | None) -> bool:
    """Return whether the template `name` writes HTML (all but the plain-text layouts)."""
    return not (name or "").endswith(TEXT_LAYOUTS)


def _runs(context: jinja2.runtime.Context, text: Rich | str, declared: str | None = None) -> Markup:
    """Return `text` as HTML runs, in the language the template's `language` says."""
    return inline.runs(text, declared, str(context.get("language", "en")))


def _lang(context: jinja2.runtime.Context, text: Rich | str, declared: str | None = None) -> Markup:
    """Return the lang and dir attributes of an element holding `text`, if not the page's."""
    return inline.attributes(text, declared, str(context.get("language", "en")))


def render(layouts: Path, name: str, **context: object) -> str:
    """Return the template `name` rendered with `context`, or raise BuildError naming the line."""
    import jinja2

    try:
        return environment(layouts).get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(f"layouts/{exc.name or name}:{exc.lineno}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        where = _where(exc, layouts) or f"layouts/{name}"
        raise BuildError(f"{where}: template '{exc.name}' is not in layouts/") from None
    except jinja2.exceptions.SecurityError as exc:
        where = _where(exc, layouts) or f"layouts/{name}"
        raise BuildError(f"{where}: not allowed in a template: {exc}") from None
    except (jinja2.UndefinedError, jinja2.TemplateError) as exc:
        raise BuildError(f"{_where(exc, layouts) or 'layouts/' + name}: {exc}") from None


def _where(exc: BaseException, layouts: Path) -> str | None:
    """Return 'layouts/<template>:<line>' of the innermost template line that failed."""
    found, trace = None, exc.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.startswith("layouts/"):
            found = f"{filename}:{trace.tb_lineno}"
        trace = trace.tb_next
    return found
