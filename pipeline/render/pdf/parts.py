"""A long publication printed in parts: runs of its chapters laid out and drawn on the
machine's cores, then merged into one file.

A book whose HTML passes `PART_CHARS` is cut at chapter boundaries (`cut`), by the size of
its chapters alone, so the same sources give the same parts, and the same bytes, on any
machine and in a warm build as in a cold one. The first part runs to the contents, and is
printed in this process. Printing is a conversation (`forks.converse`): each part lays out
its chapters and reports their page counts and anchors; this process lays out the contents
with the page of every entry, and answers each part with its first page and the total;
each part numbers its pages, draws their margins over its body (`margins`) and sends back
its PDF and pagination. The PDFs are merged (`merge`) into one structure tree, outline and
tree of names, and the paginations joined, for the Word edition.

A part's body (its pages but their margins, which alone show page numbers) is drawn as
soon as the part is laid out, unless it links to an anchor of another part (then, as the
contents, once answered, when every anchor is known). A process that builds again
(`watch`) prints every part itself and keeps each chapter's layout, as for a book in one
part; any other lets go of a part's boxes once its body is drawn, so that the parts it lays
out next find the memory free: a process holds one part's layout at a time, not all of
its parts' until the last is laid out. A chapter too long for that (`rows.is_long`: a
quarter of thousands of rows) has a part of its own, which lays it out a piece of its
table at a time (`pieces`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property, partial
from itertools import accumulate, pairwise

from .. import forks
from . import chapters, pagination, replay, rows
from .book import Keeper, Layout, Shelf, anchor_names, lay_out_contents
from .part import Answer, Draw, Part, Report
from .pieces import LongPart

PART_CHARS = 150_000  # the HTML of a part, about, once a book is long enough to have parts


@dataclass
class Printed:
    """A publication printed: its page count, and where its pages break and its PDF, each
    worked out when first asked for."""

    pages: int
    paginate: Callable[[], pagination.Pagination] = field(repr=False)
    draw: Callable[[], bytes] = field(repr=False)

    @cached_property
    def pagination(self) -> pagination.Pagination:
        """Return where the pages break, what each starts and heads with."""
        return self.paginate()

    @cached_property
    def data(self) -> bytes:
        """Return the PDF."""
        return self.draw()


def cut(book: chapters.Book) -> list[range]:
    """Return the chapters of `book` in parts of about `PART_CHARS` of HTML each, the first
    ending with the contents (it waits for every other part's pages before it is drawn, so
    it holds nothing more); a short book is one part."""
    sizes = [len(chapter.html) for chapter in book.chapters]
    ends = [0, *accumulate(sizes)]  # the HTML before each chapter, and in all
    count = -(-ends[-1] // PART_CHARS)
    head = max((i + 1 for i, c in enumerate(book.chapters) if c.contents), default=1)
    cuts = {
        min(range(len(ends)), key=lambda e: abs(ends[e] - ends[-1] * k / count))
        for k in range(1, count)
    } | ({head} if count > 1 else set())
    cuts |= {
        end
        for i, chapter in enumerate(book.chapters)
        if rows.is_long(chapter)
        for end in (i, i + 1)
    }
    bounds = [0, *sorted(c for c in cuts if head <= c < len(sizes)), len(sizes)]
    return [range(start, end) for start, end in pairwise(bounds)]


def print_parts(
    shelf: Shelf,
    book: chapters.Book,
    what: str,
    lay_out: Layout,
    how: Hashable,
    draw: Draw,
    workers: int,
) -> Printed | None:
    """Return a book printed in parts on up to `workers` cores (this process only, where it
    builds again and keeps what it laid out), or None where it is one part."""
    runs = cut(book)
    if len(runs) < 2:
        return None
    keep = replay.enabled()  # this process builds again: it prints and keeps every part
    keeper = Keeper(shelf, what, how, lay_out)
    parts = [_kind(book, run)(book, run, keeper, draw, keep) for run in runs]
    tasks = [
        forks.Task(part.report, part.finish, _size(book, part.chapters), here=part is parts[0])
        for part in parts
    ]
    answer = partial(_answer, parts[0], runs, shelf.contents_pages.get(what))
    printed = forks.converse(tasks, answer, 1 if keep else workers)
    keeper.shelve(parts[0].contents_pages)
    joined = pagination.join(found for _, found in printed)
    return Printed(joined.pages, lambda: joined, partial(_merged, [data for data, _ in printed]))


def _kind(book: chapters.Book, run: range) -> type[Part]:
    """Return the kind of part that prints a run of chapters: in pieces, a long one alone."""
    return LongPart if len(run) == 1 and rows.is_long(book.chapters[run.start]) else Part


def _merged(drawn: list[bytes]) -> bytes:
    """Return the parts' PDFs merged into one (where the PDF is wanted: not for Word)."""
    from .merge import merge  # pikepdf: only where there are parts to merge

    return merge(drawn)


def _size(book: chapters.Book, run: range) -> int:
    """Return the HTML of a run of chapters, in characters: what laying it out costs."""
    return sum(len(book.chapters[index].html) for index in run)


def _answer(
    first: Part, runs: list[range], guess: int | None, reports: list[Report]
) -> list[Answer]:
    """Lay out the contents (the first part's, printed here) and answer each part with its
    first page, the total and the name of every anchor."""
    book = first.book
    counts = [0] * len(book.chapters)
    names: list[list[list[str]]] = [[] for _ in book.chapters]
    for pages, anchors in reports:
        for index, count in pages.items():
            counts[index], names[index] = count, anchors[index]
    listed = lay_out_contents(book, counts, names, first.lay_out, guess)
    first.laid.update(listed)
    first.contents_pages = sum(len(laid.document.pages) for laid in listed.values())
    for index, laid in listed.items():
        counts[index], names[index] = len(laid.document.pages), anchor_names(laid)
    starts = [offset + 1 for offset in chapters.offsets(counts)]
    every = frozenset(name for chapter in names for page in chapter for name in page)
    return [(starts[run.start], sum(counts), every) for run in runs]
