"""The Annual Workplan as a Word document: the PDF's content, order and words
(layouts/plan.html.j2), each part on its own page, every look a named style of `docxstyles`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from html import escape
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm

from .docxkit import (
    add_bookmark,
    add_lines,
    add_page_footer,
    add_paragraph,
    add_picture,
    add_wordmark,
    field_char,
    instruction_run,
    logo_alt,
    logo_image,
    new_document,
    new_page_section,
    reproducible_bytes,
    set_properties,
    styled,
    update_fields_on_open,
)
from .docxtables import add_activities_table, add_purpose_key
from .model import Office, Quarter, Section, StrategicPlan, Workplan
from .writers.base import Context

TOC = 'TOC \\o "1-2" \\h \\z \\u'
CONTENTS = "Contents"


def plan_docx(context: Context, plan: Workplan) -> bytes:
    """Return the Annual Workplan `plan` as DOCX bytes, the same for the same sources."""
    project = context.loaded.project
    office, strategic = project.office, project.strategic_plan(plan)
    document = new_document(context)
    _properties(document, office, plan, strategic)
    add_page_footer(document.sections[0], running_title(office, plan), first_page_blank=True)
    _cover(document, context, office, plan)
    add_contents(document, chapter_titles(plan))
    numbers = itertools.count(1)
    _opening(document, office, plan, strategic, numbers)
    for quarter in plan.quarters:
        add_chapter(document, quarter_title(quarter), numbers)
        add_activities_table(document, quarter, strategic.purposes)
        add_purpose_key(document, strategic.purposes)
        new_page_section(document)
    for section in plan.sections:
        _section(document, section, numbers)
    new_page_section(document)
    _back(document, context, office, plan, numbers)
    return reproducible_bytes(document, plan.date)


def running_title(office: Office, plan: Workplan) -> str:
    """Return the title the footers and properties give: 'RSO Annual Workplan 2021'."""
    return f"{office.short_name} {plan.title}"


def chapter_titles(plan: Workplan) -> list[str]:
    """Return the Heading 1 titles in document order, as the contents list them."""
    return [plan.introduction.title, plan.principles.title, plan.purposes.title,
            *(quarter_title(q) for q in plan.quarters),
            *(s.title for s in plan.sections), plan.contact_title]


def quarter_title(quarter: Quarter) -> str:
    """Return a quarter's title: 'Quarter 1: January – March 2021'."""
    return f"{quarter.label}: {quarter.months}"


def _properties(document: Any, office: Office, plan: Workplan, strategic: StrategicPlan) -> None:
    """Set the document properties as the PDF's metadata gives them."""
    subject = (f"{plan.title} of the {office.name}: the activities it plans quarter by "
               "quarter and the strategic purposes each serves")
    keywords = [office.short_name, office.name, plan.title, strategic.title, "annual workplan"]
    set_properties(document, title=running_title(office, plan), author=office.name,
                   subject=subject, keywords=keywords, day=plan.date, editor=office.short_name)


def _cover(document: Any, context: Context, office: Office, plan: Workplan) -> None:
    """Add the cover: logo, wordmark, the title word by word, and the office's line."""
    add_wordmark(document, context, office, Mm(30))
    add_lines(document, "Cover Title", plan.title.split())
    add_paragraph(document, "Cover Foot", f"{office.name} · {office.contact.website}")
    new_page_section(document)


def add_contents(document: Any, titles: list[str]) -> None:
    """Add the table of contents field, filled with `titles` until Word updates it."""
    add_paragraph(document, "TOC Heading", CONTENTS)
    for number, title in enumerate(titles, start=1):
        paragraph = styled(document.add_paragraph(), "toc 1")
        if number == 1:
            for run in (field_char("begin", dirty=True), instruction_run(TOC),
                        field_char("separate")):
                paragraph._p.append(run)
        paragraph._p.append(_toc_entry(title, number))
    styled(document.add_paragraph(), "Normal")._p.append(field_char("end"))
    update_fields_on_open(document)
    new_page_section(document)


def _toc_entry(title: str, number: int) -> Any:
    """Return a contents line: the title, linked to its chapter's bookmark."""
    return parse_xml(f'<w:hyperlink {nsdecls("w")} w:anchor="{_bookmark(number)}" '
                     f'w:history="1"><w:r><w:t xml:space="preserve">'
                     f'{escape(title, quote=False)}</w:t></w:r></w:hyperlink>')


def _bookmark(number: int) -> str:
    """Return the name of the bookmark on the chapter `number`."""
    return f"_Toc{number:04d}"


def add_chapter(document: Any, title: str, numbers: Iterator[int]) -> None:
    """Add a Heading 1 bookmarked for the contents."""
    number = next(numbers)
    add_bookmark(add_paragraph(document, "Heading 1", title), _bookmark(number), number)


def _opening(document: Any, office: Office, plan: Workplan, strategic: StrategicPlan,
             numbers: Iterator[int]) -> None:
    """Add the introduction, the guiding principles and the strategic purposes."""
    add_chapter(document, plan.introduction.title, numbers)
    add_paragraph(document, "Lead", office.description)
    _prose(document, plan.introduction)
    add_chapter(document, plan.principles.title, numbers)
    _prose(document, plan.principles)
    for principle in strategic.principles:
        add_paragraph(document, "List Bullet", principle)
    new_page_section(document)
    add_chapter(document, plan.purposes.title, numbers)
    _prose(document, plan.purposes)
    for purpose in strategic.purposes:
        add_paragraph(document, "Purpose Label", f"Purpose {purpose.number}")
        add_paragraph(document, "Heading 2", purpose.title)
        add_paragraph(document, "Normal", purpose.description)
    new_page_section(document)


def _section(document: Any, section: Section, numbers: Iterator[int]) -> None:
    """Add a titled section of prose."""
    add_chapter(document, section.title, numbers)
    _prose(document, section)


def _prose(document: Any, section: Section) -> None:
    """Add a section's paragraphs, then its bullets."""
    for paragraph in section.paragraphs:
        add_paragraph(document, "Normal", paragraph)
    for item in section.bullets:
        add_paragraph(document, "List Bullet", item)


def _back(document: Any, context: Context, office: Office, plan: Workplan,
          numbers: Iterator[int]) -> None:
    """Add the back page: its title, the logo and the office's contact lines."""
    add_chapter(document, plan.contact_title, numbers)
    add_picture(document, logo_image(context), Mm(22), logo_alt(office))
    contact = office.contact
    add_paragraph(document, "Contact Name", f"{office.name} ({office.short_name})")
    add_lines(document, "Contact", contact.address)
    add_lines(document, "Contact", [f"Telephone: {contact.telephone}",
                                    f"Email: {contact.email}", contact.website])
