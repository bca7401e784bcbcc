"""What every writer is given: the project's folder, its checked model, and how to render;
with `--since`, the earlier edition's model too."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model.project import Project
    from .read.load import Loaded

PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3u")


@dataclass(frozen=True)
class Options:
    """How to render: the PDF flavour, the longest a render may take, how many processes.

    A build given the PDF flavour '' keeps the one its output folder was last built with.
    """

    pdf_variant: str = PDF_VARIANTS[0]
    timeout: float = 300.0
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    since: str | None = None


@dataclass(frozen=True)
class Context:
    """What every writer may read: the project, its checked model and the options."""

    root: Path
    loaded: Loaded
    options: Options = Options()
    earlier: Project | None = None

    @property
    def layouts(self) -> Path:
        """Return the templates folder."""
        return self.root / "layouts"

    @property
    def styles(self) -> Path:
        """Return the styles folder."""
        return self.root / "styles"
