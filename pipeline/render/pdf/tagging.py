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
- Whole tables (Kozea/WeasyPrint#2508 for the scopes): a table that continues on the next
  page is one /Table, its repeated header drawn as an artifact; every header cell has its
  /Scope (those of body rows too), and every data cell lists every header over it (a
  spanning one too).
- Links (no upstream issue yet): WeasyPrint gives every inline box inside a link an
  annotation of its own, so a `<wbr>` in a long address became an empty annotation that
  no /Link element holds (PDF/UA 7.18.5); only the link's own boxes get one now.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterator
from typing import Any

from . import rows

_IN_ARTIFACT: contextvars.ContextVar[bool] = contextvars.ContextVar("in_artifact", default=False)
_REPEATED: contextvars.ContextVar[frozenset[Any]] = contextvars.ContextVar(
    "repeated", default=frozenset()
)


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
        elif box in _REPEATED.get():  # a table's header, repeated on a later page
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


_TABLES: contextvars.ContextVar[dict[Any, dict[str, Any]] | None] = contextvars.ContextVar(
    "tables", default=None
)
_GROUPS: contextvars.ContextVar[dict[tuple[Any, str], Any] | None] = contextvars.ContextVar(
    "groups", default=None
)
GROUPS = ("/Sect", "/Div", "/Art", "/Part", "/BlockQuote", "/L", "/TBody")


def groups(table: Any) -> list[tuple[Any, Any]]:
    """Return the row groups of a laid-out table (or its wrapper), each with its parent."""
    from weasyprint.formatting_structure import boxes

    found = []
    for child in getattr(table, "children", ()):
        if isinstance(child, boxes.TableRowGroupBox):
            found.append((table, child))
        elif not isinstance(child, boxes.TableCellBox):
            found += groups(child)
    return found


def is_table(box: Any) -> bool:
    """Return whether `box` is the outermost box of an HTML table."""
    return getattr(box, "element_tag", None) == "table" and bool(groups(box))


def continues(table: Any) -> bool:
    """Return whether a laid-out table continues a table begun on an earlier page (of its
    own document, or of the piece of a long chapter before it: `rows`)."""
    if table.element is not None and table.element.get(rows.CONTINUES):
        return True
    first = table.element.find("tbody/tr") if table.element is not None else None
    for _, group in groups(table):
        if not (group.is_header or group.is_footer) and group.children:
            return group.children[0].element is not first
    return False


def repeated_header(table: Any) -> tuple[Any, Any] | None:
    """Return the header group (with its parent) a continued table repeats, if it does."""
    if not continues(table):
        return None
    return next(((parent, group) for parent, group in groups(table) if group.is_header), None)


def _repeated_header_boxes(page_box: Any) -> frozenset[Any]:
    """Return every box inside the table headers a page repeats from an earlier page.

    Drawing works on copies of the parent boxes, but the text and images inside are the
    same objects: those are what `Stream.marked` is asked to mark.
    """
    found: set[Any] = set()

    def inside(box: Any) -> None:
        found.add(box)
        for child in getattr(box, "children", ()):
            inside(child)

    def walk(box: Any) -> None:
        if is_table(box):
            if (header := repeated_header(box)) is not None:
                inside(header[1])
            return
        for child in getattr(box, "children", ()):
            walk(child)

    walk(page_box)
    return frozenset(found)


def _whole_tables() -> None:
    """Tag each table once, whatever the pages it spans, with its headers linked right."""
    import weasyprint.document
    import weasyprint.pdf
    from weasyprint import draw
    from weasyprint.pdf import tags

    add_tags, build, draw_page = tags.add_tags, tags._build_box_tree, draw.draw_page

    def add_tags_per_document(*args: Any, **kwargs: Any) -> Any:
        token, grouped = _TABLES.set({}), _GROUPS.set({})
        try:
            return add_tags(*args, **kwargs)
        finally:
            _TABLES.reset(token)
            _GROUPS.reset(grouped)

    def draw_page_marking_repeats(page_box: Any, stream: Any) -> Any:
        token = _REPEATED.set(_repeated_header_boxes(page_box))
        try:
            return draw_page(page_box, stream)
        finally:
            _REPEATED.reset(token)

    def build_whole_tables(box: Any, parent: Any, pdf: Any, *args: Any) -> Any:
        tables = _TABLES.get()
        if tables is None or not is_table(box):
            yield from build(box, parent, pdf, *args)
            return
        first = tables.get(box.element)
        with _without_repeated_header(box):
            fragments = list(build(box, parent if first is None else first["element"], pdf, *args))
        if first is None:
            for element in fragments:
                tables[box.element] = _table(box, element)
                _identify_headers(tables[box.element], element)
                _link_cells(tables[box.element], box)
                yield element
            return
        _join(pdf, first["element"], fragments)
        _link_cells(first, box)

    tags.add_tags = weasyprint.pdf.add_tags = add_tags_per_document  # imported by name there
    tags._build_box_tree = build_whole_tables
    draw.draw_page = weasyprint.document.draw_page = draw_page_marking_repeats  # and there


@contextlib.contextmanager
def _without_repeated_header(box: Any) -> Iterator[None]:
    """Leave out of a table's structure, while it is built, the header its page repeats."""
    header = repeated_header(box)
    if header is None:
        yield
        return
    holder, group = header
    kept = holder.children
    holder.children = [child for child in kept if child is not group]
    try:
        yield
    finally:
        holder.children = kept


def _table(box: Any, element: Any) -> dict[str, Any]:
    """Return what the tagging of a table keeps: its element, its first page's header cells
    and the stem of its ids (the table's own, where the pieces of a long chapter share it;
    else its element's number) and of its body rows' (the piece's, where it is one)."""
    stem = box.element.get(rows.TABLE) if box.element is not None else None
    piece = box.element.get(rows.CONTINUES) or "0" if stem else ""
    return {
        "element": element,
        "headers": _header_cells(box),
        "stem": stem or str(element.number),
        "shared": bool(stem),  # the header cells' ids are known where they are not drawn
        "rows stem": f"{stem}.{piece}" if stem else str(element.number),
    }


def _rows(box: Any, header: bool) -> list[Any]:
    """Return the rows of a table box: its header's, or its body's."""
    return [
        row
        for _, group in groups(box)
        if bool(group.is_header) == header and not group.is_footer
        for row in group.children
    ]


def _cells(row: Any) -> list[tuple[Any, int]]:
    """Return the cells of a row with the column each starts at (spans respected)."""
    found, column = [], 0
    for cell in row.children:
        found.append((cell, column))
        column += cell.colspan
    return found


def _heads_row(cell: Any) -> bool:
    """Return whether a header cell heads its row (HTML scope), not its column."""
    return cell.element.get("scope") in ("row", "rowgroup")


def _header_cells(box: Any) -> list[tuple[Any, int, int, int]]:
    """Return each header cell of a table's first page: the box, its row, column, span."""
    return [
        (cell, i, column, cell.colspan)
        for i, row in enumerate(_rows(box, header=True))
        for cell, column in _cells(row)
        if cell.element_tag == "th"
    ]


def _identify_headers(table: dict[str, Any], element: Any) -> None:
    """Give each header cell an /ID and a /Scope (from its HTML scope; columns by default)."""
    import pydyf

    for cell, i, column, _span in table["headers"]:
        mark = getattr(cell, "mark", None)
        if mark is None:
            continue
        mark["ID"] = pydyf.String(f"{table['stem']}-{i}-{column}")
        scope = "/Row" if _heads_row(cell) else "/Column"
        attributes = mark.get("A") or pydyf.Dictionary({"O": "/Table"})
        attributes["Scope"] = scope
        mark["A"] = attributes


def _link_cells(table: dict[str, Any], box: Any) -> None:
    """List in each data cell of `box` every column header over it and row header beside it."""
    import pydyf

    columns = [
        (pydyf.String(f"{table['stem']}-{i}-{start}"), start, start + span)
        for cell, i, start, span in table["headers"]
        if not _heads_row(cell) and (table["shared"] or getattr(cell, "mark", None) is not None)
    ]
    for row in _rows(box, header=False):
        row_headers = []
        for cell, start in _cells(row):
            mark = getattr(cell, "mark", None)
            if mark is None:
                continue
            if cell.element_tag == "th":
                row_headers.append(_scope_row_header(table, cell, mark))
            elif cell.element_tag == "td":
                _list_headers(mark, columns, start, cell.colspan, row_headers)
    for row in _rows(box, header=True):  # a data cell among the headers: a corner
        for cell, start in _cells(row):
            if cell.element_tag == "td" and getattr(cell, "mark", None) is not None:
                _list_headers(cell.mark, columns, start, cell.colspan, [])


def _list_headers(
    mark: Any, columns: list[tuple[Any, int, int]], start: int, span: int, beside: list[Any]
) -> None:
    """Give a data cell the /Headers of the columns over it and of the row headers beside."""
    import pydyf

    over = [key for key, first, last in columns if first < start + span and start < last]
    attributes = mark.get("A") or pydyf.Dictionary({"O": "/Table"})
    attributes["Headers"] = pydyf.Array([*over, *filter(None, beside)])
    mark["A"] = attributes


def _scope_row_header(table: dict[str, Any], cell: Any, mark: Any) -> Any:
    """Give a header cell of a body row its /Scope (WeasyPrint 70 writes none) and an /ID;
    return the /ID if it heads its row (HTML scope="row"), for the cells after it."""
    import pydyf

    attributes = mark.get("A") or pydyf.Dictionary({"O": "/Table"})
    heads_row = _heads_row(cell)
    attributes["Scope"] = "/Row" if heads_row else "/Column"
    mark["A"] = attributes
    if "ID" not in mark:
        table["rows"] = table.get("rows", 0) + 1
        mark["ID"] = pydyf.String(f"{table['rows stem']}-row-{table['rows']}")
    return mark["ID"] if heads_row else None


def _join(pdf: Any, first: Any, fragments: list[Any]) -> None:
    """Move the rows of a table's later fragments into its first /Table element."""
    import pydyf

    for fragment in fragments:
        for kid in fragment["K"]:
            first["K"].append(kid)
            pdf.objects[int(kid.split()[0])]["P"] = first.reference
        fragment["K"] = pydyf.Array()


def _whole_groups() -> None:
    """Tag a section (a list, a division...) once, whatever the pages it spans.

    WeasyPrint 70 builds the structure of each page alone, so a section over three pages
    became three /Sect elements (the later ones emptied by `_whole_tables`, or holding
    only what follows the table): each later one's elements now go into the first.
    """
    from weasyprint.pdf import tags

    build = tags._build_box_tree

    def build_whole_groups(box: Any, parent: Any, pdf: Any, *args: Any) -> Any:
        groups = _GROUPS.get()
        if groups is None or not _own_element(box):
            yield from build(box, parent, pdf, *args)
            return
        for element in build(box, parent, pdf, *args):
            first = groups.setdefault((box.element, element["S"]), element)
            if first is element or element["S"] not in GROUPS or not _elements_only(element):
                yield element
            else:
                _join(pdf, first, [element])

    tags._build_box_tree = build_whole_groups


def _own_element(box: Any) -> bool:
    """Return whether the structure a box yields is its element's own: not its children's
    (the root, the body, a page), nor an anonymous box's (which shares its parent's)."""
    if box.element is None or box.element_tag in ("html", "body"):
        return False
    return type(box.style).__name__ != "AnonymousStyle" and type(box).__name__ != "PageBox"


def _elements_only(element: Any) -> bool:
    """Return whether a structure element holds elements only (no content of its page)."""
    return all(isinstance(kid, bytes | str) for kid in element["K"])  # references


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
    _whole_tables,
    _whole_groups,
    _one_annotation_per_link,
)
