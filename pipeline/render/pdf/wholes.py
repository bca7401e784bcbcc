"""The structure of what spans pages kept whole: WeasyPrint 70 tags each page alone.

- Whole tables (Kozea/WeasyPrint#2508 for the scopes): a table that continues on the next
  page is one /Table, its repeated header drawn as an artifact; every header cell has its
  /Scope (those of body rows too), and every data cell lists every header over it (a
  spanning one too). A table can go on from another document, a piece of a long chapter
  (`rows`): its first header is drawn as the repeat it is, and its header cells are named
  by the stem its pieces share, so that its rows name the first piece's header.
- Whole groupings: a section, a division, a list, a table's body over several pages is one
  element, each later page's fragment joined to the first.

Both are run-time patches, installed by `patches` with the others of `tagging`.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from . import rows

REPEATED: contextvars.ContextVar[frozenset[Any]] = contextvars.ContextVar(
    "repeated", default=frozenset()
)  # the boxes of the table headers a page repeats, while it is drawn
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


def whole_tables() -> None:
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
        token = REPEATED.set(_repeated_header_boxes(page_box))
        try:
            return draw_page(page_box, stream)
        finally:
            REPEATED.reset(token)

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
    if "ID" not in mark or table["shared"]:  # WeasyPrint's, by its number, is the piece's
        table["rows"] = table.get("rows", 0) + 1
        mark["ID"] = pydyf.String(f"{table['rows stem']}-row-{table['rows']}")
    return mark["ID"] if heads_row else None


def _join(pdf: Any, first: Any, fragments: list[Any]) -> None:
    """Move the kids of an element's later fragments into its first: a table's rows, a
    section's blocks."""
    import pydyf

    for fragment in fragments:
        for kid in fragment["K"]:
            first["K"].append(kid)
            pdf.objects[int(kid.split()[0])]["P"] = first.reference
        fragment["K"] = pydyf.Array()


def whole_groups() -> None:
    """Tag a section (a list, a division...) once, whatever the pages it spans.

    WeasyPrint 70 builds the structure of each page alone, so a section over three pages
    became three /Sect elements (the later ones emptied by `whole_tables`, or holding
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
            if element["S"] not in GROUPS:
                yield element
                continue
            first = groups.setdefault((box.element, element["S"]), element)
            if first is element or not _elements_only(element):
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
