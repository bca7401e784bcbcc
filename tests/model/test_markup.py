"""Inline markup becomes runs; everything else is literal text."""

from __future__ import annotations

import pytest

from pipeline.model.markup import MarkupError, Run, parse
from pipeline.render.html import html_runs


def runs(text: str) -> list[tuple[str, bool, bool, bool]]:
    return [(r.text, r.italic, r.bold, r.superscript) for r in parse(text).runs]


def test_italic_bold_and_superscript() -> None:
    assert runs("The *Plan* by **lead** on the 1^st^") == [
        ("The ", False, False, False),
        ("Plan", True, False, False),
        (" by ", False, False, False),
        ("lead", False, True, False),
        (" on the 1", False, False, False),
        ("st", False, False, True),
    ]


def test_nested_styles() -> None:
    assert runs("**bold *both* bold**") == [
        ("bold ", False, True, False),
        ("both", True, True, False),
        (" bold", False, True, False),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "{{ 7*7 }}",
        "2 * 3 = 6",
        "<script>alert(1)</script>",
        "{% raw %}",
        "x^2 + y",
        "a ** b",
        "</style>",
        '<img src="file:///etc/passwd">',
        "50% & more",
    ],
)
def test_everything_else_is_literal(text: str) -> None:
    assert parse(text).plain == text
    assert all(r == Run(r.text) for r in parse(text).runs)


def test_escapes() -> None:
    assert parse(r"\*not italic\* and \\").plain == "*not italic* and \\"


@pytest.mark.parametrize("text", [r"C:\Shared\web", r"UNODC\UNHCR", "x \\", r"a\b\\c"])
def test_a_backslash_before_anything_else_is_printed_as_typed(text: str) -> None:
    expected = text.replace("\\\\", "\\")  # only an escaped backslash loses its escape
    assert parse(text).plain == expected


def test_whitespace_is_one_space() -> None:
    assert parse("  a\n  b\t c ").plain == "a b c"


@pytest.mark.parametrize(("text", "offset"), [("a *b", 2), ("**b c", 0), ("x ^a", None)])
def test_markup_that_does_not_close_is_an_error(text: str, offset: int | None) -> None:
    if offset is None:  # a lone caret is a caret
        assert parse(text).plain == text
        return
    with pytest.raises(MarkupError) as caught:
        parse(text)
    assert caught.value.offset == offset


def test_html_writer_escapes_every_run() -> None:
    html = html_runs(parse('*<b>* & **"x"** 1^st^'))
    assert str(html) == "<em>&lt;b&gt;</em> &amp; <strong>&#34;x&#34;</strong> 1<sup>st</sup>"
