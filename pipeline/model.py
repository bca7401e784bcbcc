"""The typed content model: the office, strategic plans, workplans and publication releases.

Each dataclass is also the schema of its YAML (see `binding.py`); `Project` is the whole,
linked and checked, that every writer reads.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

from .binding import Located, spec
from .errors import shown
from .markup import Rich

ID = r"[a-z0-9]+(-[a-z0-9]+)*"
ID_HINT = "is not an id: use lower-case letters, digits and single hyphens (like 'guide-access')"
EMAIL = r"[^@\s]+@[^@\s]+\.[a-z]{2,}"
WEBSITE = r"(https?://)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?"
URL = r"https://[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?"
LANGUAGE = r"[A-Z][A-Za-z ()'-]*"


URL_MAX = 400  # bytes: its QR code still scans at the size a notice prints it


def url_problem(value: str) -> str | None:
    """Return why `value` cannot be printed as a QR code on a notice, or None."""
    size = len(value.encode("utf-8"))
    if size > URL_MAX:
        return f"is {size} bytes long; a QR code of at most {URL_MAX} stays readable"
    return None


def isbn_problem(value: str) -> str | None:
    """Return why `value` is not a valid ISBN-10 or ISBN-13, or None when it is."""
    digits = value.replace("-", "").replace(" ", "").upper()
    if not re.fullmatch(r"[0-9]{9}[0-9X]|[0-9]{13}", digits):
        return f"'{shown(value)}' is not an ISBN (10 or 13 digits, hyphens allowed)"
    if len(digits) == 13:
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
        return None if total % 10 == 0 else f"'{value}' is not an ISBN: its check digit is wrong"
    total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
    return None if total % 11 == 0 else f"'{value}' is not an ISBN: its check digit is wrong"


@dataclass(frozen=True)
class Contact(Located):
    """How to reach the office."""

    address: tuple[str, ...] = spec("Postal address, one line per item.", min_items=1)
    telephone: str = spec("Telephone number as printed.", pattern=r"\+?[0-9 ()-]{6,30}",
                          pattern_hint="is not a telephone number")
    email: str = spec("E-mail address for enquiries.", pattern=EMAIL,
                      pattern_hint="is not an e-mail address")
    website: str = spec("Website, as printed (for example www.example.org).", pattern=WEBSITE,
                        pattern_hint="is not a web address")


@dataclass(frozen=True)
class Office(Located):
    """The publishing office."""

    name: str = spec("Full name, as in 'Regional Support Office of the Bali Process'.")
    short_name: str = spec("Abbreviation used in references, as in 'RSO'.",
                           pattern=r"[A-Z][A-Z0-9]{1,9}", pattern_hint="is not an abbreviation")
    wordmark: tuple[str, ...] = spec("The name as set on covers and letterheads, line by line.",
                                     min_items=1)
    description: Rich = spec("Who the office is (the 'established in' paragraph).")
    contact: Contact = spec("How to reach the office.")


@dataclass(frozen=True)
class Purpose(Located):
    """One strategic purpose."""

    number: int = spec("Its number, from 1.", min=1, max=20)
    title: str = spec("Short title.")
    description: Rich = spec("What the office does for this purpose.")


@dataclass(frozen=True)
class StrategicPlan(Located):
    """A strategic plan: purposes and guiding principles that span several workplans."""

    id: str = spec("Id that workplans use to refer to this plan.", pattern=ID, pattern_hint=ID_HINT)
    title: str = spec("Title, as in 'RSO Strategic Plan 2021-22'.")
    principles: tuple[Rich, ...] = spec("Guiding principles; **bold** their lead phrases.",
                                        min_items=1)
    purposes: tuple[Purpose, ...] = spec("Strategic purposes, numbered from 1.", min_items=1)

    def purpose(self, number: int) -> Purpose | None:
        """Return the purpose with `number`, if the plan has it."""
        return next((p for p in self.purposes if p.number == number), None)


@dataclass(frozen=True)
class Section(Located):
    """A titled section of prose: paragraphs, then an optional bulleted list."""

    title: str = spec("Section title.")
    paragraphs: tuple[Rich, ...] = spec("Paragraphs, in order.", min_items=1, max_length=5000)
    bullets: tuple[Rich, ...] = spec("Bulleted list after the paragraphs.", default=())


@dataclass(frozen=True)
class Activity(Located):
    """One forecast activity and the strategic purposes it serves."""

    text: Rich = spec("What the activity is, as it appears in the table.", max_length=600)
    purposes: tuple[int, ...] = spec("The strategic purposes it serves (ticks).", min_items=1,
                                     min=1, max=20)
    release: str | None = spec("Id of the publication this activity releases.", default=None,
                               pattern=ID, pattern_hint=ID_HINT)


@dataclass(frozen=True)
class Quarter(Located):
    """A quarter of the year and its activities."""

    number: int = spec("1 to 4.", min=1, max=4)
    start: dt.date = spec("First day (YYYY-MM-DD).")
    end: dt.date = spec("Last day (YYYY-MM-DD).")
    activities: tuple[Activity, ...] = spec("Activities in table order.", min_items=1)

    @property
    def label(self) -> str:
        """Return 'Quarter 1'."""
        return f"Quarter {self.number}"

    @property
    def months(self) -> str:
        """Return the span as 'January – March 2021'."""
        return f"{self.start:%B} – {self.end:%B %Y}"

    def holds(self, day: dt.date) -> bool:
        """Return whether `day` falls in this quarter."""
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Workplan(Located):
    """An annual workplan."""

    year: int = spec("The year the plan covers.", min=2000, max=2100)
    title: str = spec("Title, as in 'Annual Workplan 2021'.")
    strategic_plan: str = spec("Id of the strategic plan it implements.", pattern=ID,
                               pattern_hint=ID_HINT)
    introduction: Section = spec("Opening section, after the office's description.")
    principles: Section = spec("Lead-in to the strategic plan's guiding principles.")
    purposes: Section = spec("Lead-in to the strategic plan's purposes.")
    quarters: tuple[Quarter, ...] = spec("The quarters, in order.", min_items=1)
    contact_title: str = spec("Title of the back page with the office's contact.")
    sections: tuple[Section, ...] = spec("Sections after the quarters.", default=())
    issued: dt.date | None = spec("Date of this edition; fixes every date in the outputs. "
                                  "Defaults to the first day of the plan.", default=None)

    @property
    def date(self) -> dt.date:
        """Return the date of this edition."""
        return self.issued or self.quarters[0].start

    @property
    def activities(self) -> tuple[Activity, ...]:
        """Return every activity, quarter by quarter."""
        return tuple(a for q in self.quarters for a in q.activities)


@dataclass(frozen=True)
class Release(Located):
    """A publication release announced by a release notice."""

    id: str = spec("Id, also the notice's file name.", pattern=ID, pattern_hint=ID_HINT,
                   max_length=60)
    number: int = spec("Number in the year's series of notices; never reuse one.", min=1,
                       max=999)
    title: str = spec("Title of the publication.", max_length=300)
    series: str | None = spec("Series the publication belongs to.", default=None)
    partners: tuple[str, ...] = spec("Organisations that publish it with the office.",
                                     default=())
    summary: Rich | None = spec("A short description for the notice.", default=None,
                                max_length=900)
    audience: str | None = spec("Who the publication is for.", default=None)
    date: dt.date | None = spec("Release date, once known.", default=None)
    url: str | None = spec("Where to get it (https://...).", default=None, pattern=URL,
                           pattern_hint="is not an https:// address", check=url_problem)
    isbn: str | None = spec("ISBN.", default=None, check=isbn_problem)
    languages: tuple[str, ...] = spec("Languages it is published in.", default=(),
                                      pattern=LANGUAGE, pattern_hint="is not a language name")


@dataclass(frozen=True)
class Catalogue(Located):
    """The releases that one annual workplan announces."""

    workplan: int = spec("Year of the workplan whose activities release these.", min=2000,
                         max=2100)
    releases: tuple[Release, ...] = spec("The releases, in the order of their notices.",
                                         default=())


@dataclass(frozen=True)
class Project:
    """Everything the writers need, linked and checked."""

    office: Office
    strategic_plans: tuple[StrategicPlan, ...]
    workplans: tuple[Workplan, ...]
    catalogues: tuple[Catalogue, ...]
    links: dict[str, tuple[Workplan, Quarter, Activity]] = field(default_factory=dict)

    def strategic_plan(self, plan: Workplan) -> StrategicPlan:
        """Return the strategic plan a workplan implements."""
        return next(s for s in self.strategic_plans if s.id == plan.strategic_plan)

    def releases(self, plan: Workplan) -> tuple[Release, ...]:
        """Return the releases a workplan announces, in notice order."""
        return tuple(r for c in self.catalogues if c.workplan == plan.year for r in c.releases)

    @cached_property
    def all_releases(self) -> tuple[Release, ...]:
        """Return every release of every workplan."""
        return tuple(r for c in self.catalogues for r in c.releases)
