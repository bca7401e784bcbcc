"""What a release notice says of its release: its reference, date, quarter and purposes.

The reference scheme is `<office>/REL/<year>/<number>` (for example RSO/REL/2021/07), from the
release's own number, so it stays the same however the list of releases is edited. A notice
is dated by its release date, or else by the first day of its planned quarter. Its wording
is in `layouts/notice.html.j2`.

Its files are named by its reference and its release, so that a recipient sees a notice
and which one (`RSO-REL-2021-07-notice-guide-victim-identification.pdf`): ASCII letters,
digits and hyphens only, the same on every system, in every mail client and in a URL.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .office import Office
from .plans import Period, Purpose, Workplan
from .project import Project
from .releases import Release

REFERENCE = "{office}/REL/{year}/{number:02d}"
FILE_NAME = "{reference}-notice-{release}"


@dataclass(frozen=True)
class Notice:
    """Everything one release notice says."""

    office: Office
    release: Release
    reference: str
    issued: dt.date
    quarter: Period
    strategic_plan: str
    purposes: tuple[Purpose, ...]

    @property
    def file_stem(self) -> str:
        """Return the name of the notice's files, without extension."""
        reference = re.sub(r"[^A-Za-z0-9]+", "-", self.reference).strip("-")
        return FILE_NAME.format(reference=reference, release=self.release.id)


def notice(project: Project, release: Release) -> Notice:
    """Return the notice of `release`, which the checks have linked to its activity."""
    plan, quarter, activity = project.links[release.id]
    strategic = project.strategic_plan(plan)
    purposes = tuple(p for p in strategic.purposes if p.number in activity.purposes)
    reference = REFERENCE.format(
        office=project.office.short_name, year=plan.year, number=release.number
    )
    return Notice(
        project.office,
        release,
        reference,
        release.date or quarter.start,
        quarter.period,
        strategic.title,
        purposes,
    )


def notices(project: Project, plan: Workplan) -> list[Notice]:
    """Return the notice of every release of `plan`, in release order."""
    return [notice(project, release) for release in project.releases(plan)]
