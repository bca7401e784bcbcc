"""The only way WeasyPrint may read a file: project assets by `file:` URL, nothing else.

No network address, no `data:` URL, no file outside the allowed folders (symbolic links
are resolved first), no device or special file, and only the kinds of file a page uses.
A refusal stops the render: a document is never produced without what it asked for.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ... import files
from ...errors import shown

SUFFIXES = {".css", ".svg", ".png", ".jpg", ".jpeg", ".ttf", ".otf", ".woff", ".woff2"}
MAX_BYTES = 16_000_000
MAX_IMPORTS = 8  # times one stylesheet may be fetched per render: more is an @import cycle


class Refused(FatalURLFetchingError):  # type: ignore[misc]
    """WeasyPrint asked for something outside what a document may read."""


class SafeFetcher(URLFetcher):  # type: ignore[misc]
    """Serve files under the allowed folders; refuse every other URL."""

    def __init__(self, allowed: Sequence[Path], shown_from: Path) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=True)
        self.allowed = [folder.resolve() for folder in allowed]
        self.shown_from = shown_from.resolve()
        self.imports: dict[Path, int] = {}

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """Return the file at a `file:` URL inside the allowed folders, or raise Refused."""
        path = self.path_for(url)
        if path.suffix.lower() == ".css":
            self.imports[path] = self.imports.get(path, 0) + 1
            if self.imports[path] > MAX_IMPORTS:
                raise Refused(
                    f"{self.show(path)} is imported again and again (an @import "
                    "cycle?); import each stylesheet once"
                )
        try:
            body = files.read_bytes(self.shown_from, self.show(path), MAX_BYTES)
        except files.Refused as exc:
            raise Refused(str(exc)) from None
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body, {"Content-Type": content_type})

    def path_for(self, url: str) -> Path:
        """Return the local file a URL names, when a document may read it."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise Refused(f"refused to fetch {shown(url, 80)}: only project files may be read")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(folder) for folder in self.allowed):
            raise Refused(f"refused to read {path}: it is outside {self.folders()}")
        if path.suffix.lower() not in SUFFIXES:
            raise Refused(f"refused to read {self.show(path)}: not a stylesheet, image or font")
        return path

    def show(self, path: Path) -> str:
        """Return `path` as the user knows it, relative to the project."""
        return path.relative_to(self.shown_from).as_posix()

    def folders(self) -> str:
        """Return the allowed folders, relative to the project."""
        return ", ".join(f"{self.show(folder)}/" for folder in self.allowed)
