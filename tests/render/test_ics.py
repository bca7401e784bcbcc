"""iCalendar lines: folded at 75 octets, never inside a character or an escape, and read
back by unfolding exactly as written."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.render import ics
from pipeline.render.html import ics_text


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=400))
def test_folded_lines_unfold_to_what_was_written(text: str) -> None:
    line = "SUMMARY:" + ics_text(text)
    folded = ics.fold(line)
    pieces = folded.split(b"\r\n")
    assert all(len(piece) <= 75 for piece in pieces)
    assert all(piece.startswith(b" ") for piece in pieces[1:])
    for piece in pieces:
        piece.decode("utf-8")  # no character cut in two
        trailing = len(piece) - len(piece.rstrip(b"\\"))
        assert trailing % 2 == 0  # no escape cut in two
    assert b"".join(p.removeprefix(b" ") if i else p for i, p in enumerate(pieces)) == line.encode()


def test_text_values_are_escaped() -> None:
    assert ics_text("a, b; c\\d\ne") == "a\\, b\\; c\\\\d\\ne"
    assert ics.content("A:1\n\nB:2\n") == b"A:1\r\nB:2\r\n"
