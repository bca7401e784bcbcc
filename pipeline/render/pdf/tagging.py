"""The patches of WeasyPrint 70's tagging, which make its structure tree what PDF/UA asks for.

Each is a run-time patch (see `patches`, which installs them once and names the versions
they were checked against):

- Running heads (Kozea/WeasyPrint#1836): page-margin boxes are tagged as content that the
  structure tree never reaches; they are drawn as /Artifact /Pagination instead.
- Languages (no upstream issue yet): WeasyPrint sets only the catalog's /Lang; each
  structure element of an element with a `lang` gets its own.
- Reordered scripts (no upstream issue yet): WeasyPrint maps each glyph to one text for
  the whole font, so copying Devanagari, Sinhala, Khmer... loses vowel signs; each such line
  is marked with its text as /ActualText.
- Whole tables and sections (`wholes`): a table, a section, a list that spans pages is one
  element, a table's repeated header an artifact, its cells linked to their headers.
- Links (no upstream issue yet): WeasyPrint gives every inline box inside a link an
  annotation of its own, so a `<wbr>` in a long address became an empty annotation that
  no /Link element holds (PDF/UA 7.18.5); only the link's own boxes get one now.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from typing import Any

from . import wholes

_IN_ARTIFACT: contextvars.ContextVar[bool] = contextvars.ContextVar("in_artifact", default=False)


def _margins_as_artifacts() -> None:
    """Draw page-margin boxes as /Artifact /Pagination /Header or /Footer, without MCIDs.

    WeasyPrint 70 marks each text box of a margin box with an MCID, and `_build_box_tree`
    builds elements for them that /Document never lists (its comment takes artifacts for
    a PDF 2.0 feature; content-stream artifacts are PDF 1.7, as PDF/UA 7.8 asks).
    """
    import pydyf
    from weasyprint import draw
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import stream as streams
    from weasyprint.pdf import tags

    marked, artifact = streams.Stream.marked, streams.Stream.artifact
    draw_context, build = draw.draw_stacking_context, tags._build_box_tree

    @contextlib.contextmanager
    def marked_outside_artifacts(self: Any, box: Any, tag: Any) -> Any:
        if _IN_ARTIFACT.get():
            yield
        elif box in wholes.REPEATED.get():  # a table's header, repeated on a later page
            self.begin_marked_content("Artifact")
            token = _IN_ARTIFACT.set(True)
            try:
                yield
            finally:
                _IN_ARTIFACT.reset(token)
                self.end_marked_content()
        else:
            with marked(self, box, tag):
                yield

    @contextlib.contextmanager
    def artifact_once(self: Any) -> Any:
        if _IN_ARTIFACT.get():
            yield
            return
        with artifact(self):
            yield

    def draw_margins_as_artifacts(stream: Any, stacking_context: Any) -> Any:
        box = stacking_context.box
        if not isinstance(box, boxes.MarginBox) or stream._tags is None:
            return draw_context(stream, stacking_context)
        keyword = box.at_keyword or ""
        kind = (
            "/Header"
            if keyword.startswith("@top")
            else "/Footer"
            if keyword.startswith("@bottom")
            else None
        )
        properties = pydyf.Dictionary(
            {"Type": "/Pagination", **({"Subtype": kind} if kind else {})}
        )
        stream.begin_marked_content("Artifact", properties)
        token = _IN_ARTIFACT.set(True)
        try:
            return draw_context(stream, stacking_context)
        finally:
            _IN_ARTIFACT.reset(token)
            stream.end_marked_content()

    def build_without_margins(box: Any, *args: Any) -> Any:
        if isinstance(box, boxes.MarginBox):
            return  # nothing in it was marked: nothing to map
        yield from build(box, *args)

    streams.Stream.marked = marked_outside_artifacts
    streams.Stream.artifact = artifact_once
    draw.draw_stacking_context = draw_margins_as_artifacts  # recursive calls use the globals
    tags._build_box_tree = build_without_margins


def _element_languages() -> None:
    """Give the structure element of each element with `lang` its /Lang (WeasyPrint 70 sets
    only the catalog's, from `<html lang>`)."""
    import pydyf
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags

    build = tags._build_box_tree
    skipped = (boxes.PageBox, boxes.MarginBox)

    def build_with_languages(box: Any, *args: Any) -> Any:
        real = getattr(box, "_box", box)  # an absolutely placed box's own
        tag, element = getattr(real, "element_tag", None) or "", real.element
        own = None
        if (
            element is not None
            and "::" not in tag
            and tag not in ("html", "body")
            and (not isinstance(box, skipped))
        ):
            own = element.get("lang")
        for structure in build(box, *args):
            if own and "Lang" not in structure:
                structure["Lang"] = pydyf.String(own)
            yield structure

    tags._build_box_tree = build_with_languages


# Scripts whose shaping reorders, splits or stacks vowel signs: Devanagari to Sinhala, Thai,
# Lao, Myanmar, Khmer and their extensions. Not right-to-left scripts: readers apply the
# bidirectional algorithm to /ActualText again, and would reverse it.
REORDERED = re.compile(
    "[\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
    "\u19e0-\u19ff\ua8e0-\ua8ff\ua9e0-\ua9ff\uaa60-\uaa7f]"
)


RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def _actual_text() -> None:
    """Mark each drawn line in a reordered script with its text, as /ActualText.

    WeasyPrint 70 maps each glyph to one text for the whole font, the first it meets: a
    pre-base vowel sign's glyph then maps to nothing and a consonant to its first cluster,
    so copying 'विरोधी' gives 'वरोधी'. Every line goes through `draw_first_line` with its
    exact text; the mark nests inside WeasyPrint's own marked content.
    """
    import pydyf
    from weasyprint.draw import text

    draw_line = text.draw_first_line  # svg/text.py imports it when it runs: the patch holds

    def draw_with_actual_text(stream: Any, textbox: Any, *args: Any) -> Any:
        line = textbox.text.replace("\u200b", "")  # break opportunities are not text
        broken = line != textbox.text and not RIGHT_TO_LEFT.search(line)
        if not (REORDERED.search(line) or broken) or not line.strip():
            return draw_line(stream, textbox, *args)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(line)}))
        try:
            return draw_line(stream, textbox, *args)
        finally:
            stream.end_marked_content()

    text.draw_first_line = draw_with_actual_text


def _one_annotation_per_link() -> None:
    """Give a link's annotations to the link's own boxes, not to the inline boxes inside it.

    WeasyPrint 70 passes a link down to every box inside it and annotates each box that is
    not text: an inline box inside a link (a `<wbr>`, an `<em>`) lies on its line within
    the link's own box, whose annotation already covers it.
    """
    import weasyprint.document
    from weasyprint import anchors
    from weasyprint.formatting_structure import boxes

    gather = anchors.gather_anchors

    def gather_once(box: Any, named: Any, links: list[Any], *args: Any, **kwargs: Any) -> Any:
        parent_link = args[4] if len(args) > 4 else kwargs.get("parent_link")
        inherited = parent_link is not None and not box.link
        kept = len(links)
        result = gather(box, named, links, *args, **kwargs)
        if inherited and isinstance(box, boxes.InlineBox):
            del links[kept:]  # this box's and its children's: all the same link, covered
        return result

    anchors.gather_anchors = weasyprint.document.gather_anchors = gather_once  # both names


PATCHES = (
    _margins_as_artifacts,
    _element_languages,
    _actual_text,
    wholes.whole_tables,
    wholes.whole_groups,
    _one_annotation_per_link,
)
