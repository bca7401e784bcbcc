"""The one semantic document of each publication: the HTML its templates make.

Every edition translates it: the PDF lays it out with the print stylesheets, the Word
edition reads it element by element. So each sentence, heading, table and property of a
publication is written once, in `layouts/`.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from ..context import Context
from ..model import changes
from ..model.notices import Notice
from ..model.plans import Workplan
from ..render import html, qr

PLAN_LAYOUTS = ("layouts/plan.html.j2", "layouts/_blocks.html.j2")
NOTICE_LAYOUTS = ("layouts/notice.html.j2", "layouts/notices.html.j2", "layouts/_blocks.html.j2")


def record(context: Context, workplan: Workplan) -> changes.Record | None:
    """Return the changes to `workplan` since the earlier edition, if the build has one."""
    return changes.between(context.earlier, context.loaded.project, workplan)


def plan(context: Context, workplan: Workplan) -> str:
    """Return the Annual Workplan `workplan` as HTML, with its summary of changes if any."""
    return plan_with(context, workplan, record(context, workplan))


def plan_with(context: Context, workplan: Workplan, changed: changes.Record | None) -> str:
    """Return the Annual Workplan `workplan` as HTML, with the summary of `changed`."""
    project = context.loaded.project
    return html.render(
        context.layouts,
        "plan.html.j2",
        office=project.office,
        plan=workplan,
        strategic=project.strategic_plan(workplan),
        logo=context.loaded.brand.logo,
        language=project.office.language,
        changes=changed,
        keys=changes.keys(workplan),
    )


def notice(context: Context, item: Notice) -> str:
    """Return the article of one release notice as HTML."""
    return html.render(context.layouts, "notice.html.j2", n=item, **_notice_parts(context))


def notices(context: Context, items: list[Notice], year: int, date: dt.date) -> str:
    """Return release notices as one HTML document, one article (and page) each."""
    return html.render(
        context.layouts,
        "notices.html.j2",
        notices=items,
        office=context.loaded.project.office,
        year=year,
        date=date,
        **_notice_parts(context),
    )


def _notice_parts(context: Context) -> dict[str, object]:
    """Return what every notice template draws from the brand: the logo and QR codes."""
    colour = context.loaded.brand.colours.primary
    return {
        "logo": context.loaded.brand.logo,
        "qr": partial(qr.svg, colour=colour),
        "language": context.loaded.project.office.language,
    }
