"""The publishing office: its name, wordmark, who it is, and how to reach it."""

from __future__ import annotations

from dataclasses import dataclass

from .fields import Located, spec
from .language import TAG, TAG_HINT
from .markup import Rich

EMAIL = r"[^@\s]+@[^@\s]+\.[a-z]{2,}"
WEBSITE = r"(https?://)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?"
PUBLISHED_AT = r"https://[a-z0-9-]+(\.[a-z0-9-]+)+/([A-Za-z0-9._~-]+/)*"


@dataclass(frozen=True)
class Contact(Located):
    """How to reach the office."""

    address: tuple[str, ...] = spec("Postal address, one line per item.", min_items=1)
    telephone: str = spec(
        "Telephone number as printed.",
        pattern=r"\+?[0-9 ()-]{6,30}",
        pattern_hint="is not a telephone number",
    )
    email: str = spec(
        "E-mail address for enquiries.", pattern=EMAIL, pattern_hint="is not an e-mail address"
    )
    website: str = spec(
        "Website, as printed (for example www.example.org).",
        pattern=WEBSITE,
        pattern_hint="is not a web address",
    )


@dataclass(frozen=True)
class Office(Located):
    """The publishing office."""

    name: str = spec("Full name, as in 'Regional Support Office of the Bali Process'.")
    short_name: str = spec(
        "Abbreviation used in references, as in 'RSO'.",
        pattern=r"[A-Z][A-Z0-9]{1,9}",
        pattern_hint="is not an abbreviation",
    )
    wordmark: tuple[str, ...] = spec(
        "The name as set on covers and letterheads, line by line.", min_items=1
    )
    description: Rich = spec("Who the office is (the 'established in' paragraph).")
    contact: Contact = spec("How to reach the office.")
    language: str = spec(
        "Language its publications are written in, as a BCP 47 tag ('en-GB'); a text in "
        "another language says so with its own `lang`, or is found from its script.",
        default="en-GB",
        pattern=TAG,
        pattern_hint=TAG_HINT,
    )
    published_at: str | None = spec(
        "Address the outputs are published at, ending in '/' (the web edition's pages are "
        "under its web/): their canonical links start with it.",
        default=None,
        pattern=PUBLISHED_AT,
        pattern_hint="is not an https:// address ending in '/'",
    )
