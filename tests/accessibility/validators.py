"""The independent validator, page-validation, run on a PDF against every profile it declares.

page-validation takes one profile per run and refuses a file that declares both PDF/A and
PDF/UA, so each declared profile is validated on its own. Its rule METADATA-FILTER-001 is
PDF/A-1's (veraPDF checks it for part 1 only), which page applies to every part: on a
PDF/A-3 file (the archival variant's part) it is a false positive, allowed there and
nowhere else.
"""

from __future__ import annotations

import re
from pathlib import Path

import page
import pikepdf

ALLOWED = {"3": {"METADATA-FILTER-001"}}  # by PDF/A part: the one false positive


def declared(path: Path) -> list[str]:
    """Return the page-validation profiles the PDF's XMP metadata declares ("3u", "ua1")."""
    with pikepdf.open(path) as pdf, pdf.open_metadata() as xmp:
        part, level = xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")
        profiles = [f"{part}{level}".lower()] if part and level else []
        if xmp.get("pdfuaid:part"):
            profiles.append(f"ua{xmp.get('pdfuaid:part')}")
    return profiles


def page_findings(path: Path) -> list[str]:
    """Return every rule page-validation finds broken, for every profile declared."""
    profiles = declared(path)
    if not profiles:
        return ["declares neither PDF/A nor PDF/UA in its metadata"]
    found = []
    for profile in profiles:
        report = page.validate_pdf(str(path), profile=profile)
        allowed = ALLOWED.get(profile[0], set()) if profile[0].isdigit() else set()
        for failure in report.failures:
            rule = re.sub(r"^PDF(A\d[ABU]|UA\d)-", "", failure.rule_id)
            if rule not in allowed:
                found.append(f"{profile}: {failure.rule_id}: {failure.message}")
    return found
