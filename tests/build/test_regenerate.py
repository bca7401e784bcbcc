"""Regenerating after edits: only what changed, atomically, reproducibly, and while watching."""

from __future__ import annotations

import errno
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipeline.build import commit
from pipeline.build import stages as build
from pipeline.context import Options

from ..conftest import ROOT, copy_project, run_cli, snapshot

pytestmark = pytest.mark.slow
NOTICE = (
    "notices/RSO-REL-2021-11-notice-guide-victim-witnesses.pdf",
    "notices/RSO-REL-2021-11-notice-guide-victim-witnesses.docx",
    "release-notices-2021.pdf",
    "web/notices/guide-victim-witnesses/index.html",
)
PLAN = ("annual-plan-2021.pdf", "annual-plan-2021.docx", "web/annual-plan-2021/index.html")
INDEX = "web/index.html"  # it lists every file's size: rewritten whenever one changes
WEB = 1 + 12 + 1 + 2 + 5  # pages of the plan, notices and the index; style, logo, fonts
CALENDAR = "annual-plan-2021.ics"


@pytest.fixture
def root(built_project: Path) -> Path:
    return built_project


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
        for p in folder.rglob("*")
        if p.is_file()
    }


def build_json(root: Path, *args: str) -> dict[str, object]:
    result = run_cli("build", "--root", root, "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def written(report: dict[str, object]) -> list[str]:
    """Return the files a build wrote, but the index of the web edition."""
    return sorted(w["path"] for w in report["written"] if w["path"] != INDEX)  # type: ignore[attr-defined, index]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_second_build_writes_nothing_and_says_so(root: Path) -> None:
    before = stats(root / "dist")
    result = run_cli("build", "--root", root)
    assert result.returncode == 0
    assert result.stdout.startswith("Nothing to do: every output is up to date")
    assert stats(root / "dist") == before


def test_editing_one_release_rebuilds_its_notice_and_the_bundle(root: Path) -> None:
    releases = root / "sources" / "releases" / "2021.yaml"
    edit(
        releases,
        "    title: Special and Additional Measures for Victim-Witnesses\n",
        "    title: Special and Additional Measures for Victim-Witnesses\n"
        "    summary: Measures that help victims give evidence safely.\n",
    )
    before = snapshot(root / "dist")
    report = build_json(root)
    assert written(report) == sorted(NOTICE)
    after = snapshot(root / "dist")
    changed = {n for n in after if after[n] != before.get(n)}
    assert changed == {*NOTICE, INDEX, ".pipeline-state.json"}


def test_editing_an_activity_rebuilds_the_plan_only(root: Path) -> None:
    edit(
        root / "sources" / "workplans" / "2021.yaml",
        "First Workshop of Female Officer",
        "First Workshop of the Female Officer",
    )
    assert written(build_json(root)) == sorted([*PLAN, CALENDAR])  # which shows the text


def test_editing_a_release_activity_rebuilds_the_plan_and_that_notice(root: Path) -> None:
    plan = root / "sources" / "workplans" / "2021.yaml"
    edit(
        plan,
        "Measures for Victim-Witnesses*\n        purposes: [3]",
        "Measures for Victim-Witnesses*\n        purposes: [3, 4]",
    )
    assert written(build_json(root)) == sorted(PLAN + NOTICE)


def test_a_changed_font_file_rebuilds_every_file_that_sets_or_embeds_it(root: Path) -> None:
    font = root / "styles" / "fonts" / "NotoSansThaana-Regular.ttf"  # a fallback, unused here
    font.write_bytes(font.read_bytes() + bytes(4))
    outputs = sorted(n for n in snapshot(root / "dist") if n.endswith((".pdf", ".docx")))
    assert len(outputs) == (1 + 12) * 2 + 1  # Word files embed the brand's fonts
    assert written(build_json(root)) == outputs


def test_a_comment_changes_no_output(root: Path) -> None:
    plan = root / "sources" / "workplans" / "2021.yaml"
    plan.write_text(plan.read_text() + "# a note to self\n")
    report = build_json(root)
    assert report["written"] == [] and report["up_to_date"] is True  # read: nothing to build


def test_force_rebuilds_everything(root: Path) -> None:
    written = build_json(root, "--force")["written"]
    assert len(written) == 2 + 12 * 2 + 1 + 1 + WEB  # type: ignore[arg-type] # bundle, calendar


def test_deleting_a_release_removes_its_notice_files(root: Path) -> None:
    plan = root / "sources" / "workplans" / "2021.yaml"
    edit(plan, "        release: guide-access-to-remedies\n", "")
    edit(
        root / "sources" / "releases" / "2021.yaml",
        "  - id: guide-access-to-remedies\n    number: 12\n    title: Access to Remedies\n"
        "    series: NEXUS / RSO Practitioner Guides\n    partners: [NEXUS Institute]\n",
        "",
    )
    report = build_json(root)
    assert report["removed"] == [
        "notices/RSO-REL-2021-12-notice-guide-access-to-remedies.docx",
        "notices/RSO-REL-2021-12-notice-guide-access-to-remedies.pdf",
        "web/notices/guide-access-to-remedies/index.html",
    ]
    assert not (
        root / "dist" / "notices" / "RSO-REL-2021-12-notice-guide-access-to-remedies.pdf"
    ).exists()


def test_a_deleted_output_is_rebuilt(root: Path) -> None:
    (root / "dist" / "notices" / "RSO-REL-2021-12-notice-guide-access-to-remedies.docx").unlink()
    assert written(build_json(root)) == [
        "notices/RSO-REL-2021-12-notice-guide-access-to-remedies.docx"
    ]


@pytest.mark.own_process
def test_two_folders_and_two_days_give_identical_bytes(good_build: Path, tmp_path: Path) -> None:
    other = copy_project(tmp_path / "elsewhere" / "deeper")
    faketime = shutil.which("faketime")
    assert faketime, "the tests need faketime (Debian package faketime)"
    result = subprocess.run(
        [
            faketime,
            "2031-07-04 03:02:01",
            sys.executable,
            "-m",
            "pipeline",
            "build",
            "--root",
            str(other),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    mine, theirs = snapshot(good_build / "dist"), snapshot(other / "dist")
    mine.pop(".pipeline-state.json")
    theirs.pop(".pipeline-state.json")
    assert mine.keys() == theirs.keys() and len(mine) == 28 + WEB
    assert [name for name in mine if mine[name] != theirs[name]] == []


def assert_failure_leaves_outputs(
    root: Path, before: dict[str, bytes], message: str, *args: str
) -> None:
    result = run_cli("build", "--root", root, *args)
    assert result.returncode == 1
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(root / "dist") == before
    assert not list((root / "dist").rglob(commit.STAGING))


def test_bad_sources_leave_the_outputs_untouched(root: Path) -> None:
    before = snapshot(root / "dist")
    edit(root / "sources" / "workplans" / "2021.yaml", "purposes: [1]\n", "purposes: [9]\n")
    assert_failure_leaves_outputs(root, before, "9 is not a strategic purpose (1-4)")


def test_a_template_error_leaves_the_outputs_untouched(root: Path) -> None:
    before = snapshot(root / "dist")
    edit(root / "layouts" / "notice.html.j2", "{{ n.reference }}", "{{ n.reference.missing }}")
    assert_failure_leaves_outputs(root, before, "layouts/notice.html.j2", "--force")


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make `folder` refuse new entries, even to root (immutable flag), for the block."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
    try:
        yield
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o755)


def test_an_unwritable_output_folder_leaves_the_outputs_untouched(root: Path) -> None:
    before = snapshot(root / "dist")
    with read_only(root / "dist"), read_only(root / "dist" / "notices"):
        assert_failure_leaves_outputs(root, before, "cannot write", "--force")


def test_an_output_path_taken_by_a_folder_fails_before_replacing_anything(root: Path) -> None:
    (root / "dist" / "annual-plan-2021.docx").unlink()
    (root / "dist" / "annual-plan-2021.docx").mkdir()
    before = snapshot(root / "dist")
    assert_failure_leaves_outputs(root, before, "a folder is in the way", "--force")


def test_a_full_disk_leaves_the_outputs_untouched(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(root / "dist")
    synced: list[int] = []

    def full_disk(descriptor: int) -> None:
        synced.append(descriptor)
        if len(synced) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(commit.os, "fsync", full_disk)
    report = build.build(root, root / "dist", Options(), build.Request(force=True))
    assert report.failure == f"cannot write {root / 'dist'}: No space left on device"
    assert snapshot(root / "dist") == before
    assert not list((root / "dist").rglob(commit.STAGING))


@pytest.mark.own_process
def test_watch_rebuilds_on_save_and_survives_bad_sources(root: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "pipeline", "watch", "--root", str(root)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(
        target=lambda: [output.put(line) for line in process.stdout],  # type: ignore[union-attr]
        daemon=True,
    )
    reader.start()
    lines: list[str] = []

    def wait_for(text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = output.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            lines.append(line)
            if text in line:
                return line
        raise AssertionError(f"no {text!r} in:\n{''.join(lines)}")

    try:
        wait_for("start: nothing to rebuild")
        releases = root / "sources" / "releases" / "2021.yaml"
        edit(releases, "title: Access to Remedies", "title: Access to Remedies for Victims")
        line = wait_for("sources/releases/2021.yaml: ")  # its notice, bundle, pages: 7 files
        assert line.split(" ", 1)[1].startswith("sources/releases/2021.yaml: 7 files")
        edit(releases, "number: 12", "number: twelve")
        wait_for("not rebuilt")
        wait_for("'twelve' is not a whole number")
        assert process.poll() is None
        edit(releases, "number: twelve", "number: 12")
        edit(releases, "Remedies for Victims", "Remedies for All Victims")
        wait_for("fixed; ")
        sheet = root / "styles" / "notice.css"
        kept = sheet.read_text("utf-8")
        sheet.unlink()  # an editor that saves by deleting and writing anew
        wait_for("styles/notice.css: file is missing")
        sheet.write_text(kept, "utf-8")
        wait_for("styles/notice.css: fixed; nothing to rebuild")
        process.send_signal(signal.SIGINT)
        wait_for("stopped watching")
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
        process.wait()
        reader.join(timeout=10)
        process.stdout.close()  # type: ignore[union-attr]
    cold = copy_project(root.parent / "cold", root / "sources")
    assert run_cli("build", "--root", cold).returncode == 0
    warm, fresh = snapshot(root / "dist"), snapshot(cold / "dist")
    warm.pop(".pipeline-state.json"), fresh.pop(".pipeline-state.json")
    assert warm == fresh  # the warm process's reused layouts give the same bytes


def test_a_warmed_process_lays_out_only_the_edited_notice(
    good_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.build import memo
    from pipeline.render.pdf.engine import Engine

    built_project = tmp_path / "cold"  # a place this process has not laid anything out for
    shutil.copytree(good_build, built_project)
    monkeypatch.setattr(memo, "recall", lambda fingerprint: None)  # this test counts layouts
    options = Options(jobs=1)
    laid_out: list[int] = []
    render = Engine.render

    def counting(self: Engine, html: str, sheets: list[object], what: str) -> object:
        laid_out.append(html.count('<article class="notice"'))
        return render(self, html, sheets, what)

    monkeypatch.setattr(Engine, "render", counting)
    build.warm(built_project, options)
    assert laid_out == [12], "warming lays out every notice once"
    releases = built_project / "sources" / "releases" / "2021.yaml"
    text = releases.read_text("utf-8")
    releases.write_text(
        text.replace("title: Access to Remedies", "title: Access to Justice"), "utf-8"
    )
    report = build.build(built_project, built_project / "dist", options)
    assert report.ok
    assert laid_out == [12, 1], "the edit lays out its own notice, the bundle reuses the rest"
    assert {w.path for w in report.written} - {INDEX} == {
        "notices/RSO-REL-2021-12-notice-guide-access-to-remedies.pdf",
        "notices/RSO-REL-2021-12-notice-guide-access-to-remedies.docx",
        "annual-plan-2021.ics",  # the calendar names the release
        "release-notices-2021.pdf",
        "web/notices/guide-access-to-remedies/index.html",
        "web/annual-plan-2021/index.html",  # which lists the calendar's size
    }
