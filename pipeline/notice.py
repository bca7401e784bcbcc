"""What a release notice says: its reference number, date, purposes and QR code.

The reference scheme is `<office>/REL/<year>/<number>` (for example RSO/REL/2021/07), from the
release's own number, so it stays the same however the list of releases is edited. A notice
is dated by its release date, or else by the first day of its planned quarter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup

from .model import Office, Project, Purpose, Release

REFERENCE = "{office}/REL/{year}/{number:02d}"


@dataclass(frozen=True)
class Notice:
    """Everything one release notice says."""

    office: Office
    release: Release
    reference: str
    issued: dt.date
    planned: str
    strategic_plan: str
    purposes: tuple[Purpose, ...]
    logo: str

    @cached_property
    def qr_svg(self) -> Markup | None:
        """Return a QR code to the release's URL as inline SVG, when there is a URL (made once)."""
        return qr_svg(self.release.url) if self.release.url else None

    @property
    def title(self) -> str:
        """Return the title of the notice's PDF and Word file."""
        return f"Release notice {self.reference}: {self.release.title}"

    @property
    def subject(self) -> str:
        """Return the subject of the notice's PDF and Word file."""
        return f"{self.office.name} announces the release of {self.release.title}"


def notice(project: Project, release: Release, logo: str) -> Notice:
    """Return the notice of `release`."""
    plan, quarter, activity = project.links[release.id]
    strategic = project.strategic_plan(plan)
    purposes = tuple(p for p in strategic.purposes if p.number in activity.purposes)
    reference = REFERENCE.format(office=project.office.short_name, year=plan.year,
                                 number=release.number)
    issued = release.date or quarter.start
    planned = f"{quarter.label}, {quarter.months}"
    return Notice(project.office, release, reference, issued, planned, strategic.title,
                  purposes, logo)


def qr_svg(url: str) -> Markup:
    """Return a QR code for `url` as an inline SVG drawn with vector paths."""
    import segno

    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=4, border=2, dark="#0E3A5B", title=f"QR code: {url}",
                          omitsize=True)
    return Markup(svg)
