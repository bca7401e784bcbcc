"""Release notices as Word files, translated from the same HTML wording as their PDFs."""

from __future__ import annotations

from collections.abc import Iterable

from ..model.notices import Notice, notices
from . import documents
from .base import Output, Target, Writer, even_groups, register
from .plan_word import WORD_START, word_inputs

WORD = 0.9  # a Word notice copied from its blank, in 1/100 s (measured)
GROUP = 50  # notices written in one process, at most: more make groups for several processes


@register
class NoticeWordWriter(Writer):
    """Release notices as Word files, one per release."""

    name = "notice-word"
    order = 40

    def targets(self) -> list[Target]:
        """Return one Word file per release."""
        project = self.context.loaded.project
        files = documents.NOTICE_LAYOUTS + word_inputs(self.context.loaded.brand)
        return [
            Target(self.name, f"notices/{n.file_stem}.docx", n.release, n, files)
            for plan in project.workplans
            for n in notices(project, plan)
        ]

    def jobs(self, targets: list[Target]) -> list[list[Target]]:
        """Return the notices in even groups of at most GROUP, to share out among the cores."""
        return even_groups(targets, GROUP, self.context.options.jobs)

    def cost(self, targets: list[Target]) -> float:
        """Return python-docx's start and the measured time per notice, in 1/100 s."""
        return WORD_START + WORD * len(targets)

    def warm(self) -> None:
        """Import python-docx and lxml, and make the branded blank."""
        from ..render.word.document import new_document

        new_document(self.context)

    def write(self, targets: list[Target]) -> Iterable[Output]:
        """Translate each notice's HTML into Word."""
        from ..render.word.translate import Translator

        for target in targets:
            n: Notice = target.shows  # type: ignore[assignment]
            html = documents.notice(self.context, n)
            yield Output(target, Translator(self.context, output=target.output).notice(html), 1)
