"""Strategic plans (principles and purposes) and the annual workplans that implement them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .fields import ID, ID_HINT, Located, spec
from .language import TAG, TAG_HINT
from .markup import Rich

MAX_PURPOSES = 8  # tick columns an A4 quarter table holds beside its activities, legibly


@dataclass(frozen=True)
class Purpose(Located):
    """One strategic purpose."""

    number: int = spec("Its number, from 1.", min=1, max=MAX_PURPOSES)
    title: str = spec("Short title.")
    description: Rich = spec("What the office does for this purpose.")
    lang: str | None = spec(
        "Language of its text, as a BCP 47 tag ('km', 'ur', 'zh-Hant'); found from the "
        "script when left out.",
        default=None,
        pattern=TAG,
        pattern_hint=TAG_HINT,
    )


@dataclass(frozen=True)
class StrategicPlan(Located):
    """A strategic plan: purposes and guiding principles that span several workplans."""

    id: str = spec("Id that workplans use to refer to this plan.", pattern=ID, pattern_hint=ID_HINT)
    title: str = spec("Title, as in 'RSO Strategic Plan 2021-22'.")
    principles: tuple[Rich, ...] = spec(
        "Guiding principles; **bold** their lead phrases.", min_items=1
    )
    purposes: tuple[Purpose, ...] = spec(
        "Strategic purposes, numbered from 1.",
        min_items=1,
        max_items=MAX_PURPOSES,
        max_items_hint="an A4 page holds no more tick columns beside the activities legibly",
    )

    def purpose(self, number: int) -> Purpose | None:
        """Return the purpose with `number`, if the plan has it."""
        return next((p for p in self.purposes if p.number == number), None)


@dataclass(frozen=True)
class Section(Located):
    """A titled section of prose: paragraphs, then an optional bulleted list."""

    title: str = spec("Section title.")
    paragraphs: tuple[Rich, ...] = spec("Paragraphs, in order.", min_items=1, max_length=5000)
    bullets: tuple[Rich, ...] = spec("Bulleted list after the paragraphs.", default=())
    lang: str | None = spec(
        "Language of its text, as a BCP 47 tag ('km', 'ur', 'zh-Hant'); found from the "
        "script when left out.",
        default=None,
        pattern=TAG,
        pattern_hint=TAG_HINT,
    )


@dataclass(frozen=True)
class Activity(Located):
    """One forecast activity and the strategic purposes it serves."""

    text: Rich = spec("What the activity is, as it appears in the table.", max_length=600)
    purposes: tuple[int, ...] = spec(
        "The strategic purposes it serves (ticks), among the plan's.", min_items=1, min=1
    )
    release: str | None = spec(
        "Id of the publication this activity releases.",
        default=None,
        pattern=ID,
        pattern_hint=ID_HINT,
    )
    lang: str | None = spec(
        "Language of its text, as a BCP 47 tag ('km', 'ur', 'zh-Hant'); found from the "
        "script when left out.",
        default=None,
        pattern=TAG,
        pattern_hint=TAG_HINT,
    )
    id: str | None = spec(
        "Stable id, the same in every edition: what the change record and calendar know it by.",
        default=None,
        pattern=ID,
        pattern_hint=ID_HINT,
        max_length=60,
    )


@dataclass(frozen=True)
class Period:
    """A quarter's number and days, without its activities (what a notice names of it)."""

    number: int
    start: dt.date
    end: dt.date

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
class Quarter(Located):
    """A quarter of the year and its activities."""

    number: int = spec("1 to 4.", min=1, max=4)
    start: dt.date = spec("First day (YYYY-MM-DD).")
    end: dt.date = spec("Last day (YYYY-MM-DD).")
    activities: tuple[Activity, ...] = spec("Activities in table order.", min_items=1)

    @property
    def period(self) -> Period:
        """Return the quarter's number and days."""
        return Period(self.number, self.start, self.end)

    @property
    def label(self) -> str:
        """Return 'Quarter 1'."""
        return self.period.label

    @property
    def months(self) -> str:
        """Return the span as 'January – March 2021'."""
        return self.period.months

    def holds(self, day: dt.date) -> bool:
        """Return whether `day` falls in this quarter."""
        return self.period.holds(day)


@dataclass(frozen=True)
class Workplan(Located):
    """An annual workplan."""

    year: int = spec("The year the plan covers.", min=2000, max=2100)
    title: str = spec("Title, as in 'Annual Workplan 2021'.")
    strategic_plan: str = spec(
        "Id of the strategic plan it implements.", pattern=ID, pattern_hint=ID_HINT
    )
    introduction: Section = spec("Opening section, after the office's description.")
    principles: Section = spec("Lead-in to the strategic plan's guiding principles.")
    purposes: Section = spec("Lead-in to the strategic plan's purposes.")
    quarters: tuple[Quarter, ...] = spec("The quarters, in order.", min_items=1)
    contact_title: str = spec("Title of the back page with the office's contact.")
    sections: tuple[Section, ...] = spec("Sections after the quarters.", default=())
    issued: dt.date | None = spec(
        "Date of this edition; fixes every date in the outputs. "
        "Defaults to the first day of the plan.",
        default=None,
    )
    edition: int = spec(
        "Number of this edition: 1 for the first, 2 for its first revision...", default=1, min=1
    )
    note: Rich | None = spec(
        "What this edition is for, in a sentence, shown with the summary of changes.",
        default=None,
        max_length=600,
    )

    @property
    def date(self) -> dt.date:
        """Return the date of this edition."""
        return self.issued or self.quarters[0].start

    @property
    def activities(self) -> tuple[Activity, ...]:
        """Return every activity, quarter by quarter."""
        return tuple(a for q in self.quarters for a in q.activities)
