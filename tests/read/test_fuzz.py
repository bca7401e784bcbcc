"""Property-based: whatever a source holds, the loader gives a model or located errors."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import SourcesInvalid
from pipeline.model.markup import MarkupError, parse
from pipeline.read import load as sources
from pipeline.read.yamlfile import Node
from pipeline.read.yamlfile import parse as parse_yaml

from ..conftest import FIXTURES, copy_project

SHIPPED = (FIXTURES / "minimal" / "sources" / "workplans" / "2021.yaml").read_bytes()
YAML_BITS = st.sampled_from(
    [
        b":",
        b"-",
        b" ",
        b"\n",
        b"\t",
        b"&a",
        b"*a",
        b"!!",
        b"[",
        b"]",
        b"{",
        b"}",
        b"'",
        b'"',
        b"#",
        b"no",
        b"0123",
        b"2021-01-01",
        b"---",
        b"\\x00",
        b"\xff",
        b"\xe2\x80\xae",
        b"purposes",
        b"release",
    ]
)
SETTINGS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@SETTINGS
@given(st.binary(max_size=400) | st.lists(YAML_BITS, max_size=60).map(b"".join))
def test_any_bytes_give_a_node_or_located_errors(data: bytes) -> None:
    try:
        assert isinstance(parse_yaml(data, "f.yaml"), Node)
    except SourcesInvalid as exc:
        assert exc.errors and all(e.mark.path == "f.yaml" for e in exc.errors)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """Return the minimal workplan with a few bytes replaced, inserted or deleted."""
    data = bytearray(SHIPPED)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data) - 1))
        chunk = draw(YAML_BITS | st.binary(min_size=1, max_size=3))
        action = draw(st.sampled_from(["replace", "insert", "delete"]))
        if action == "delete":
            del data[at : at + len(chunk)]
        else:
            data[at : at + (len(chunk) if action == "replace" else 0)] = chunk
    return bytes(data)


@SETTINGS
@given(mutated())
def test_mutated_sources_give_a_model_or_located_errors(tmp_path: Path, data: bytes) -> None:
    root = tmp_path / "p"
    if not root.exists():
        copy_project(root, FIXTURES / "minimal" / "sources")
    (root / "sources" / "workplans" / "2021.yaml").write_bytes(data)
    try:
        assert sources.load(root).project.workplans
    except SourcesInvalid as exc:
        assert exc.errors
        for error in exc.errors:
            assert error.mark.path.startswith("sources/") and error.message
            assert str(error).startswith(f"{error.mark.path}:") or str(error).startswith(
                error.mark.path
            )
    shutil.rmtree(root / "dist", ignore_errors=True)


@SETTINGS
@given(st.text(alphabet=st.sampled_from("ab *^\\<>&{}%\n\t"), max_size=40))
def test_markup_gives_runs_or_a_located_error(text: str) -> None:
    try:
        rich = parse(text)
    except MarkupError as exc:
        assert 0 <= exc.offset <= len(text)
        return
    assert all(run.text for run in rich.runs)
    if not any(c in text for c in "*^\\"):
        assert rich.plain == " ".join(text.split())
