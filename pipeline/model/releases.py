"""The publications an annual workplan releases, each announced by a release notice."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..errors import shown
from .fields import ID, ID_HINT, Located, spec
from .language import TAG, TAG_HINT
from .markup import Rich

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
class Release(Located):
    """A publication release announced by a release notice."""

    id: str = spec(
        "Id; the notice's file names end with it.", pattern=ID, pattern_hint=ID_HINT, max_length=60
    )
    number: int = spec("Number in the year's series of notices; never reuse one.", min=1, max=999)
    title: str = spec("Title of the publication.", max_length=300)
    series: str | None = spec("Series the publication belongs to.", default=None)
    partners: tuple[str, ...] = spec("Organisations that publish it with the office.", default=())
    summary: Rich | None = spec("A short description for the notice.", default=None, max_length=900)
    audience: str | None = spec("Who the publication is for.", default=None)
    date: dt.date | None = spec("Release date, once known.", default=None)
    url: str | None = spec(
        "Where to get it (https://...).",
        default=None,
        pattern=URL,
        pattern_hint="is not an https:// address",
        check=url_problem,
    )
    isbn: str | None = spec("ISBN.", default=None, check=isbn_problem)
    languages: tuple[str, ...] = spec(
        "Languages it is published in.",
        default=(),
        pattern=LANGUAGE,
        pattern_hint="is not a language name",
    )
    lang: str | None = spec(
        "Language of its title and summary, as a BCP 47 tag ('km', 'ur', 'zh-Hant'); "
        "found from the script when left out.",
        default=None,
        pattern=TAG,
        pattern_hint=TAG_HINT,
    )


@dataclass(frozen=True)
class Catalogue(Located):
    """The releases that one annual workplan announces."""

    workplan: int = spec("Year of the workplan whose activities release these.", min=2000, max=2100)
    releases: tuple[Release, ...] = spec("The releases, in the order of their notices.", default=())
