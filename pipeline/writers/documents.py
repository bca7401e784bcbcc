"""The one semantic document of each publication: the HTML its templates make.

Every edition translates it: the PDF lays it out with the print stylesheets, the Word
edition reads it element by element, the web edition serves it as a page. So each sentence,
heading, table and property of a publication is written once, in `layouts/`. A document
extends a *shell*, the page around it: `PRINT` for the paged editions, `WEB` for the web.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from ..context import Context
from ..model import changes
from ..model.language import is_rtl
from ..model.notices import Notice
from ..model.plans import Workplan
from ..render import html, qr

PRINT, WEB = "_print.html.j2", "_web.html.j2"
PLAN_LAYOUTS = ("layouts/plan.html.j2", "layouts/_blocks.html.j2", f"layouts/{PRINT}")
NOTICE_LAYOUTS = (
    "layouts/notice.html.j2",
    "layouts/notices.html.j2",
    "layouts/_blocks.html.j2",
    f"layouts/{PRINT}",
)
WEB_LAYOUTS = ("layouts/_blocks.html.j2", "layouts/_downloads.html.j2", f"layouts/{WEB}")


def record(context: Context, workplan: Workplan) -> changes.Record | None:
    """Return the changes to `workplan` since the earlier edition, if the build has one."""
    return changes.between(context.earlier, context.loaded.project, workplan)


def plan_shows(context: Context, workplan: Workplan) -> tuple[object, ...]:
    """Return what the plan's document is made from: the fingerprint its editions share."""
    project = context.loaded.project
    strategic = project.strategic_plan(workplan)
    return (project.office, workplan, strategic, record(context, workplan))


def plan(context: Context, workplan: Workplan, shell: str = PRINT, **page: object) -> str:
    """Return the Annual Workplan `workplan` as HTML in `shell`, with its summary of changes."""
    return plan_with(context, workplan, record(context, workplan), shell, **page)


def plan_with(
    context: Context,
    workplan: Workplan,
    changed: changes.Record | None,
    shell: str = PRINT,
    **page: object,
) -> str:
    """Return the Annual Workplan `workplan` as HTML, with the summary of `changed`."""
    project = context.loaded.project
    return html.render(
        context.layouts,
        "plan.html.j2",
        shell=shell,
        office=project.office,
        plan=workplan,
        strategic=project.strategic_plan(workplan),
        changes=changed,
        keys=changes.keys(workplan),
        **({"logo": context.loaded.brand.logo} | _language(project.office.language) | page),
    )


def notice(context: Context, item: Notice) -> str:
    """Return the article of one release notice as HTML."""
    return html.render(context.layouts, "notice.html.j2", n=item, **_notice_parts(context))


def notices(context: Context, items: list[Notice], year: int, date: dt.date) -> str:
    """Return release notices as one HTML document, one article (and page) each."""
    return html.render(
        context.layouts,
        "notices.html.j2",
        shell=PRINT,
        notices=items,
        office=context.loaded.project.office,
        year=year,
        date=date,
        **_notice_parts(context),
    )


def notice_page(context: Context, item: Notice, **page: object) -> str:
    """Return one release notice as a page of the web edition, given the shell's `page`."""
    parts = _notice_parts(context) | page
    office = context.loaded.project.office
    return html.render(
        context.layouts, "notice_page.html.j2", shell=WEB, n=item, office=office, **parts
    )


def index(context: Context, **page: object) -> str:
    """Return the web edition's list of publications, given its entries in `page`."""
    office = context.loaded.project.office
    language = _language(office.language)
    return html.render(
        context.layouts, "index.html.j2", shell=WEB, office=office, **language, **page
    )


def _notice_parts(context: Context) -> dict[str, object]:
    """Return what every notice template draws from the brand: the logo and QR codes."""
    colour = context.loaded.brand.colours.primary
    return {
        "logo": context.loaded.brand.logo,
        "qr": partial(qr.svg, colour=colour),
    } | _language(context.loaded.project.office.language)


def _language(language: str) -> dict[str, str]:
    """Return the document's language and the way it runs, as the shell reads them."""
    return {"language": language, "direction": "rtl" if is_rtl(language) else "ltr"}
