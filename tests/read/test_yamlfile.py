"""The strict YAML reader: located nodes, and refusals with the line and column."""

from __future__ import annotations

import pytest

from pipeline.errors import SourcesInvalid
from pipeline.read.yamlfile import MAX_BYTES, Mapping, Scalar, Sequence, parse, read_file


def problems(data: bytes) -> list[str]:
    with pytest.raises(SourcesInvalid) as caught:
        parse(data, "f.yaml")
    return [str(e) for e in caught.value.errors]


def test_scalars_keep_their_text_and_position() -> None:
    root = parse(b"a: no\nb:\n  - 0123\n  - '2021-01-01'\n", "f.yaml")
    assert isinstance(root, Mapping)
    _key, value = root.entries["a"]
    assert isinstance(value, Scalar) and value.value == "no" and value.plain
    assert (value.mark.line, value.mark.col) == (1, 4)
    items = root.entries["b"][1]
    assert isinstance(items, Sequence)
    assert [(i.value, i.plain) for i in items.items] == [("0123", True), ("2021-01-01", False)]


def test_duplicate_keys_name_both_lines() -> None:
    assert problems(b"a: 1\nb: 2\na: 3\n") == [
        "f.yaml:3:1: a: appears twice; first at line 1:1 — keep one of the two"
    ]


def test_an_alias_bomb_is_refused_without_expansion() -> None:
    bomb = b"a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c, *c, *c]\n"
    found = problems(bomb)
    assert found[0].startswith("f.yaml:1:4: anchors (&a) are not allowed — write the value out")
    assert any("aliases (*c)" in p for p in found)


def test_tags_are_refused_and_nothing_runs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "ran"
    data = f"a: !!python/object/apply:os.system ['touch {marker}']\n".encode()
    assert problems(data) == [
        "f.yaml:1:4: tags (tag:yaml.org,2002:python/object/apply:os.system) are not allowed"
        " — if the text starts with '!', put it all in quotes"
    ]
    assert not marker.exists()


def test_a_tab_indent_is_named() -> None:
    assert problems(b"a:\n\tb: 1\n") == [
        "f.yaml:2:1: this line is indented with a tab"
        " — indent with spaces; YAML does not allow tabs there"
    ]


def test_text_that_is_not_utf8_is_located() -> None:
    assert problems(b"a: 1\nb: caf\xe9\n") == [
        "f.yaml:2:7: file is not UTF-8 text (byte 0xe9) — save it as UTF-8"
    ]


def test_empty_and_multi_document_files_are_refused() -> None:
    assert problems(b"") == ["f.yaml:1:1: file is empty"]
    assert problems(b"# only a comment\n") == ["f.yaml:1:1: file is empty"]
    assert problems(b"a: 1\n---\nb: 2\n") == [
        "f.yaml:2:1: a source file holds one YAML document only — remove '---'"
    ]


def test_deep_nesting_is_refused() -> None:
    assert "nested deeper than 24 levels" in problems(b"a: " + b"[" * 30 + b"]" * 30)[0]


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "big.yaml").write_bytes(b"a: " + b"x" * (MAX_BYTES + 1) + b"\n")
    with pytest.raises(SourcesInvalid) as caught:
        read_file(tmp_path, "sources/big.yaml")
    assert str(caught.value) == (
        f"sources/big.yaml: file is larger than the {MAX_BYTES // 1_000_000} MB a source may have"
    )


def test_keys_must_be_words() -> None:
    assert problems(b"[a]: 1\n") == [
        "f.yaml:1:1: a key must be a plain word — write a name followed by ':', like 'title:'"
    ]
