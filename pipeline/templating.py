"""The Jinja environment: autoescaped, strict about undefined names, with the model's filters.

Jinja is imported on first use, so that a build writing only Word files never loads it.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from .errors import BuildError
from .markup import Rich, Run

if TYPE_CHECKING:
    import jinja2


def html_runs(text: Rich | str) -> Markup:
    """Return inline runs as HTML: every character escaped, styles as em, strong and sup."""
    if isinstance(text, str):
        return escape(text)
    return Markup("").join(_html_run(run) for run in text.runs)


def _html_run(run: Run) -> Markup:
    html = escape(run.text)
    for on, tag in ((run.superscript, "sup"), (run.italic, "em"), (run.bold, "strong")):
        if on:
            html = Markup(f"<{tag}>") + html + Markup(f"</{tag}>")
    return html


def long_date(day: dt.date) -> str:
    """Return a date as '1 July 2021'."""
    return f"{day.day} {day:%B %Y}"


@cache
def environment(layouts: Path) -> jinja2.Environment:
    """Return the environment for templates in `layouts` (one per folder and process)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(layouts),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["runs"] = html_runs
    env.filters["long_date"] = long_date
    return env


def render(layouts: Path, name: str, **context: object) -> str:
    """Return the template `name` rendered with `context`, or raise BuildError naming the line."""
    import jinja2

    try:
        return environment(layouts).get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(f"layouts/{exc.name or name}:{exc.lineno}: {exc.message}") from None
    except (jinja2.UndefinedError, jinja2.TemplateError) as exc:
        raise BuildError(f"{_where(exc, layouts) or 'layouts/' + name}: {exc}") from None


def _where(exc: BaseException, layouts: Path) -> str | None:
    """Return 'layouts/<template>:<line>' of the innermost template line that failed."""
    found, trace = None, exc.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"layouts/{Path(filename).relative_to(layouts).as_posix()}:{trace.tb_lineno}"
        trace = trace.tb_next
    return found
