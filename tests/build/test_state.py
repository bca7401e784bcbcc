"""The build's state: a cache read strictly, which can only ever remove what it wrote."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from pipeline.build.state import STATE_FILE, State, clean_name, output_digest, signature
from tests.conftest import run_cli

DIGEST = "a" * 64


@pytest.mark.parametrize(
    "name",
    ["annual-plan-2021.pdf", "notices/guide.docx", "web/annual-plan-2021/index.html"],
)
def test_names_the_pipeline_makes_are_clean(name: str) -> None:
    assert clean_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "",
        "/tmp/x",
        "../x",
        "a/../b",
        "./a",
        "a//b",
        "a/",
        "a\\b",
        "x\x00",
        "x\n",
        STATE_FILE,
        ".pipeline-staging/journal.json",
        ".pipeline-anything",
        7,
        None,
        "a" * 401,
    ],
)
def test_names_that_could_leave_the_outputs_are_not(name: object) -> None:
    assert not clean_name(name)


@pytest.mark.parametrize(
    "text",
    [
        "7",
        "[]",
        '"a"',
        "{" * 100_000,
        "not json",
        '{"version": 2, "signature": "", "outputs": {}, "files": {}}',
        '{"version": 3, "signature": 5, "outputs": {}, "files": {}}',
        '{"version": 3, "signature": "", "outputs": {"annual-plan-2021.pdf": "abc"}, "files": {}}',
        '{"version": 3, "signature": "", "outputs": {"x.pdf": ["ab", "cd"]}, "files": {}}',
        '{"version": 3, "signature": "", "outputs": {"x.pdf": [1, 2]}, "files": {}}',
        f'{{"version": 3, "signature": "", "outputs": {{"/tmp/x": ["{DIGEST}", "{DIGEST}"]}}, '
        '"files": {}}',
    ],
)
def test_a_malformed_state_is_an_empty_one(tmp_path: Path, text: str) -> None:
    (tmp_path / STATE_FILE).write_text(text)
    assert State.load(tmp_path) == State()


@pytest.mark.parametrize("make", [os.mkdir, os.mkfifo, lambda p: os.symlink("/etc/hostname", p)])
def test_a_state_that_is_no_regular_file_is_not_read(tmp_path: Path, make: object) -> None:
    make(tmp_path / STATE_FILE)  # type: ignore[operator]
    assert State.load(tmp_path) == State()


def test_a_state_survives_its_own_round_trip(tmp_path: Path) -> None:
    state = State(DIGEST, {"notices/a.pdf": [DIGEST, DIGEST]}, {"sources/a.yaml": [1, 2, DIGEST]})
    (tmp_path / STATE_FILE).write_bytes(state.dumps())
    assert State.load(tmp_path) == state
    assert json.loads(state.dumps())["version"] == 3


def test_only_a_regular_file_reached_through_no_link_has_a_digest(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.pdf").write_bytes(b"pdf")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "link.pdf").symlink_to(tmp_path / "real" / "a.pdf")
    os.mkfifo(tmp_path / "fifo.pdf")
    assert output_digest(tmp_path, "real/a.pdf") == hashlib.sha256(b"pdf").hexdigest()
    for name in ("linked/a.pdf", "link.pdf", "fifo.pdf", "real", "missing.pdf"):
        assert output_digest(tmp_path, name) is None, name


def test_a_recorded_output_is_removable_only_as_it_was_written(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"mine")
    (tmp_path / "b.pdf").write_bytes(b"changed by a colleague")
    (tmp_path / "c").mkdir()
    written = hashlib.sha256(b"mine").hexdigest()
    state = State("", {n: [DIGEST, written] for n in ("a.pdf", "b.pdf", "c", "gone.pdf")})
    assert state.removable(tmp_path, "a.pdf") is None
    assert state.removable(tmp_path, "b.pdf") == "it has changed since the pipeline wrote it"
    assert "not the file the pipeline wrote" in str(state.removable(tmp_path, "c"))
    assert state.removable(tmp_path, "gone.pdf") == ""


def test_the_signature_moves_with_any_output_and_can_be_planned(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"one")
    before = signature("inputs", tmp_path, ["a.pdf"])
    info = (tmp_path / "a.pdf").stat()
    assert signature("inputs", tmp_path, ["a.pdf"]) == before
    assert signature("inputs", tmp_path, ["a.pdf"], {"a.pdf": (3, info.st_mtime_ns)}) == before
    assert signature("other", tmp_path, ["a.pdf"]) != before
    (tmp_path / "a.pdf").write_bytes(b"three")
    assert signature("inputs", tmp_path, ["a.pdf"]) != before


def test_input_digests_are_reused_only_while_the_file_is_unchanged(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    source = tmp_path / "sources" / "a.yaml"
    source.write_text("year: 2021\n")
    os.utime(source, ns=(10**18, 10**18))  # 2001: long settled
    state = State()
    first = state.file_digest(tmp_path, "sources/a.yaml")
    assert first == hashlib.sha256(b"year: 2021\n").hexdigest()
    state.files["sources/a.yaml"][2] = DIGEST  # a cached digest is trusted while the stat holds
    assert state.file_digest(tmp_path, "sources/a.yaml") == DIGEST
    source.write_text("year: 2022\n")
    os.utime(source, ns=(1, 1))
    assert (
        state.file_digest(tmp_path, "sources/a.yaml") == hashlib.sha256(b"year: 2022\n").hexdigest()
    )


def test_a_file_changed_just_before_it_was_read_is_read_again_whatever_its_stat(
    tmp_path: Path,
) -> None:
    (tmp_path / "sources").mkdir()
    source = tmp_path / "sources" / "a.yaml"
    source.write_text("year: 2021\n")  # now: the same clock tick may see it change again
    state = State()
    state.file_digest(tmp_path, "sources/a.yaml")
    modified = source.stat().st_mtime_ns
    source.write_text("year: 2022\n")  # the same size, and (a coarse clock) the same time
    os.utime(source, ns=(modified, modified))
    assert (
        state.file_digest(tmp_path, "sources/a.yaml") == hashlib.sha256(b"year: 2022\n").hexdigest()
    )


@pytest.fixture
def code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a copy of the pipeline's modules, which the build takes for its own code."""
    import shutil

    from pipeline.build import state

    copy = tmp_path / "pipeline"
    shutil.copytree(state.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(state, "PACKAGE", copy)
    return copy


def _change(module: Path) -> None:
    """Change a module of the pipeline, as an update of the pipeline would."""
    module.write_text(module.read_text("utf-8") + "\n# changed\n", "utf-8")


def test_every_module_of_the_pipeline_is_in_the_stamps(project: Path, code: Path) -> None:
    from pipeline.build.state import code_version, input_stamp

    settled = 10**18  # 2001: stamps trust only a file's settled stat
    for path in [*project.rglob("*"), *code.rglob("*")]:
        os.utime(path, ns=(settled, settled))
    before = input_stamp(project, {}), code_version()
    module = code / "writers" / "plan_changes.py"  # far from the build's own modules
    _change(module)
    os.utime(module, ns=(settled + 10**9, settled + 10**9))
    after = input_stamp(project, {}), code_version()
    assert before[0] and after[0]
    assert before[0] != after[0] and before[1] != after[1]


def test_a_change_to_a_writer_rebuilds_what_it_writes(project: Path, code: Path) -> None:
    calendar = ("build", "--root", project, "--only", "annual-plan-2021.ics")
    assert run_cli(*calendar).returncode == 0
    assert "1 up to date" in run_cli(*calendar).stdout
    _change(code / "writers" / "plan_changes.py")
    again = run_cli(*calendar)
    assert again.returncode == 0 and "1 written" in again.stdout, again.stdout


def test_a_source_saved_again_in_the_clock_tick_of_the_last_build_is_built(project: Path) -> None:
    """Saved, built and saved again within its clock's tick (one letter changed on a FAT
    stick, whose clock ticks every 2 s), a source keeps its size and time: the build after
    must not take the stat it recorded for proof that nothing changed."""
    plan = project / "sources" / "workplans" / "2021.yaml"
    plan.write_text(plan.read_text("utf-8"), "utf-8")  # saved just now
    assert run_cli("build", "--root", project, "-q").returncode == 0
    modified = plan.stat().st_mtime_ns
    text = plan.read_text("utf-8").replace("Release of the Regional", "Relaase of the Regional")
    plan.write_text(text, "utf-8")
    os.utime(plan, ns=(modified, modified))
    again = run_cli("build", "--root", project, "-q")
    assert again.returncode == 0, again.stderr
    assert "Relaase of the Regional" in (project / "dist" / "annual-plan-2021.ics").read_text()


def test_a_warm_build_reads_a_stylesheet_saved_again_in_its_clock_tick(project: Path) -> None:
    """As `watch` builds again in one process: its engine keeps each stylesheet it read, and
    must read one again that was saved within the clock tick of the last reading."""
    from pipeline.build import stages
    from pipeline.context import Options

    css, pdf = project / "styles" / "plan.css", project / "dist" / "annual-plan-2021.pdf"
    css.write_text(css.read_text("utf-8"), "utf-8")  # saved just now
    assert stages.build(project, project / "dist", Options(jobs=1)).ok
    before, modified = pdf.read_bytes(), css.stat().st_mtime_ns
    text = css.read_text("utf-8")
    css.write_text(text.replace("line-height: 1.02;", "line-height: 1.62;", 1), "utf-8")
    os.utime(css, ns=(modified, modified))
    assert stages.build(project, project / "dist", Options(jobs=1)).ok
    assert pdf.read_bytes() != before
