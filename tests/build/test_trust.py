"""A build as trustworthy as a database: nothing lost, nothing read from outside, no traceback.

Each case builds a temporary project, applies one thing an accident or an attacker could do,
and checks the exit status, the message, that nothing outside the project was read or
removed, and that the output folder holds the complete old or new set.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.build import commit
from pipeline.build import stages as build
from pipeline.build.report import Report
from pipeline.build.state import STATE_FILE, State
from pipeline.cli import console
from pipeline.cli.main import main
from pipeline.context import Options

from ..conftest import ROOT, line_of, png, snapshot

pytestmark = pytest.mark.slow
PLAN = "sources/workplans/2021.yaml"
RELEASES = "sources/releases/2021.yaml"


@pytest.fixture
def root(built_project: Path) -> Path:
    return built_project


def outputs(root: Path) -> dict[str, bytes]:
    """Return the build's outputs (the state file left out: it records times)."""
    found = snapshot(root / "dist")
    found.pop(STATE_FILE, None)
    return found


def replace_in(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run the command line in this process; return status, stdout and stderr."""
    status = main([str(a) for a in args])
    captured = capsys.readouterr()
    return status, captured.out, PROGRESS.sub("", captured.err)


PROGRESS = re.compile(r"^\[\d+/\d+\] .*\n", re.MULTILINE)  # shown when a build runs past 1 s


# 1. The state is a cache: hostile or malformed, it causes a rebuild, never a deletion.


OUTSIDE = [
    "/tmp/victim",
    "../sources/office.yaml",
    "notices/../../x",
    "./annual-plan-2021.pdf",
    ".pipeline-staging/journal.json",
]


def test_a_state_naming_files_outside_the_outputs_removes_nothing(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    state = json.loads((root / "dist" / STATE_FILE).read_text())
    for name in OUTSIDE:
        state["outputs"][name.replace("/tmp/victim", str(victim))] = ["0" * 64, "0" * 64]
    (root / "dist" / STATE_FILE).write_text(json.dumps(state))
    before = snapshot(root)
    status, out, err = cli(capsys, "build", "--root", root, "--json")
    assert (status, err) == (0, "")
    report = json.loads(out)
    assert report["removed"] == [] and len(report["written"]) == EVERY  # a state in doubt: rebuilt
    assert victim.read_text() == "precious"
    assert [n for n in before if n not in snapshot(root)] == []


def test_a_malformed_state_means_a_full_rebuild(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (root / "dist" / STATE_FILE).write_text(
        '{"version": 3, "signature": "", "outputs": {"notices": ["ab", "cd"]}, "files": []}'
    )
    status, out, err = cli(capsys, "build", "--root", root, "--json")
    report = json.loads(out)
    assert (status, err) == (0, "")
    assert len(report["written"]) == EVERY and report["removed"] == []


def test_a_changed_or_user_file_is_left_in_place_and_reported(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = json.loads((root / "dist" / STATE_FILE).read_text())
    for name in ("notices/withdrawn.pdf", "notices/withdrawn.docx"):  # an earlier build's
        (root / "dist" / name).write_bytes(b"as written")
        digest = hashlib.sha256(b"as written").hexdigest()
        state["outputs"][name] = [digest, digest]
    (root / "dist" / STATE_FILE).write_text(json.dumps(state))
    edited = root / "dist" / "notices" / "withdrawn.docx"
    edited.write_bytes(edited.read_bytes() + b" and a colleague's comments")
    status, out, _ = cli(capsys, "build", "--root", root)
    assert status == 0
    assert "removed notices/withdrawn.pdf (no longer in the sources)" in out
    assert "left notices/withdrawn.docx in place: it has changed since the pipeline wrote it" in out
    assert edited.read_bytes().endswith(b"a colleague's comments")
    assert not (root / "dist" / "notices" / "withdrawn.pdf").exists()
    status, out, _ = cli(capsys, "build", "--root", root)
    assert "left" not in out  # said once: the file is the user's now


# 2. Only the pipeline's own folder is ever swept.


def test_user_files_in_a_linked_output_folder_are_never_swept(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "my documents"
    (folder / "deep").mkdir(parents=True)
    mine = [
        folder / ".pipeline-tmp-notes.txt",
        folder / "deep" / ".pipeline-tmp-x",
        folder / "deep" / "journal.json",
    ]
    for path in mine:
        path.write_text("mine")
    (root / "published").symlink_to(folder)
    status, _, err = cli(capsys, "build", "--root", root, "--out", root / "published")
    assert (status, err) == (0, "")
    assert all(path.read_text() == "mine" for path in mine)
    assert (folder / "annual-plan-2021.pdf").is_file()


# 3. All-or-nothing, even when killed or refused at any step.


def _fork(function: object) -> int:
    """Run `function` in a forked child; return its wait status."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            function()  # type: ignore[operator]
        finally:
            os._exit(0)
    return os.waitpid(pid, 0)[1]


def _faulty(at: int, fault: str) -> list[int]:
    """Make the `at`-th write or rename of a commit fail (`raise`) or kill the process.

    Meant for a forked child: the patch is never undone. Return the step counter.
    """
    counter = [0]
    for name in ("_write", "_replace"):
        original = getattr(commit, name)

        def step(*args: object, original: object = original, name: str = name) -> None:
            counter[0] += 1
            if counter[0] == at:
                if fault == "kill":
                    os.kill(os.getpid(), 9)
                names = [str(args[0]), None, str(args[1])] if name == "_replace" else [str(args[0])]
                raise PermissionError(1, "Operation not permitted", *names)
            original(*args)  # type: ignore[operator]

        setattr(commit, name, step)
    return counter


EVERY = (
    28 + 21
)  # the PDF and Word files, the calendar, and the web edition's pages, style, logo and fonts
WITHDRAWN = "notices/withdrawn-guide.pdf"  # written by an earlier build; no release makes it now


@pytest.fixture(scope="module")
def revision(tmp_path_factory: pytest.TempPathFactory, good_build: Path) -> dict[str, object]:
    """Return a warm project at a fixed place, and what its build should do.

    The project is built (with an output of a withdrawn release recorded, as an earlier
    build would have left it); its revision retitles one release. `reset()` puts the old
    outputs and the revised sources back, so that every step's build starts from the same
    files at the same place, where this process has every notice laid out already.
    """
    base = tmp_path_factory.mktemp("revision")
    root = base / "project"
    shutil.copytree(good_build, root)
    state = json.loads((root / "dist" / STATE_FILE).read_text())
    (root / "dist" / WITHDRAWN).write_bytes(b"an old notice")
    digest = hashlib.sha256(b"an old notice").hexdigest()
    state["outputs"][WITHDRAWN] = [digest, digest]
    (root / "dist" / STATE_FILE).write_text(json.dumps(state))
    old = base / "old-dist"
    shutil.copytree(root / "dist", old)
    replace_in(root, RELEASES, "title: Access to Remedies", "title: Access to Justice")
    clean = base / "clean"
    for folder in ("sources", "layouts", "styles"):
        shutil.copytree(root / folder, clean / folder)
    assert build.build(clean, clean / "dist", Options(jobs=1)).ok
    build.warm(root, Options(jobs=1))  # children forked from here lay out nothing twice

    def reset() -> Path:
        shutil.rmtree(root / "dist")
        shutil.copytree(old, root / "dist")
        return root

    def count() -> None:
        counter = _faulty(0, "raise")
        report = build.build(reset(), root / "dist", Options(jobs=1))
        (base / "steps").write_text(
            json.dumps([counter[0], len(report.written), len(report.removed)])
        )

    assert _fork(count) == 0
    steps, written, removed = json.loads((base / "steps").read_text())
    return {
        "reset": reset,
        "steps": steps,
        "written": written,
        "removed": removed,
        "new": outputs(clean),
        "before": outputs(reset()),
    }


def test_the_revision_takes_every_kind_of_step(revision: dict[str, object]) -> None:
    new, before = revision["new"], revision["before"]
    assert isinstance(new, dict) and isinstance(before, dict)
    assert {n for n in before if n not in new} == {WITHDRAWN}
    assert {n for n in new if new[n] != before.get(n)} == {
        "notices/RSO-REL-2021-12-notice-guide-access-to-remedies.pdf",
        "notices/RSO-REL-2021-12-notice-guide-access-to-remedies.docx",
        "annual-plan-2021.ics",  # the calendar names the release
        "release-notices-2021.pdf",
        "web/notices/guide-access-to-remedies/index.html",
        "web/index.html",  # which lists the notice's files and title
    }
    written, removed = revision["written"], revision["removed"]
    assert (written, removed) == (7, 1)  # and the plan's web page, listing the calendar
    # each new file and the state: written, then two renames; each removal: one rename;
    # and the journal: written
    assert revision["steps"] == (written + 1) * 3 + removed + 1


def test_a_kill_at_any_step_leaves_the_old_or_the_new_set(revision: dict[str, object]) -> None:
    steps, reset = revision["steps"], revision["reset"]
    assert isinstance(steps, int) and callable(reset)
    seen = set()
    for at in range(1, steps + 1):
        root = reset()
        out = root / "dist"

        def killed(at: int = at, root: Path = root) -> None:
            _faulty(at, "kill")
            build.build(root, root / "dist", Options(jobs=1))

        status = _fork(killed)
        assert os.WIFSIGNALED(status), f"step {at} of {steps} was not reached"
        commit.recover(out)  # what the next command does first
        now = outputs(root)
        assert now in (revision["before"], revision["new"]), f"a mixed set after step {at}"
        seen.add("new" if now == revision["new"] else "old")
        assert not (out / commit.STAGING).exists()
        report = build.build(root, out, Options(jobs=1))
        assert report.ok, report.failure
        assert outputs(root) == revision["new"], f"the build after step {at} is not clean"
        assert build.build(root, out, Options(jobs=1)).up_to_date
    assert seen == {"old", "new"}  # killed before the journal: undone; after it: finished


def test_a_failure_at_any_step_leaves_the_old_set_and_says_which_file(
    revision: dict[str, object],
) -> None:
    steps, reset = revision["steps"], revision["reset"]
    assert isinstance(steps, int) and callable(reset)
    for at in range(1, steps + 1):
        root = reset()

        def refused(at: int = at, root: Path = root) -> None:
            _faulty(at, "raise")
            report = build.build(root, root / "dist", Options(jobs=1))
            (root / "errors.json").write_text(json.dumps(console.failure(report)))

        assert _fork(refused) == 0
        error, summary = json.loads((root / "errors.json").read_text())
        assert error.startswith(("error: cannot write", "error: cannot replace")), error
        assert summary == "Build failed; the previous outputs are unchanged."
        assert outputs(root) == revision["before"], f"outputs changed by a failure at {at}"
        assert not (root / "dist" / commit.STAGING).exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="chattr +i needs root")
def test_an_output_that_cannot_be_replaced_is_named_and_nothing_changes(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = root / "dist" / "notices" / "RSO-REL-2021-11-notice-guide-victim-witnesses.pdf"
    only = ("--only", "notices/RSO-REL-2021-11-notice-guide-victim-witnesses.pdf")
    replace_in(
        root,
        RELEASES,
        "Special and Additional Measures for Victim-Witnesses",
        "Special Measures for Victim-Witnesses",
    )
    before = outputs(root)
    subprocess.run(["chattr", "+i", str(locked)], check=True)
    try:
        status, _, err = cli(capsys, "build", "--root", root, *only)
    finally:
        subprocess.run(["chattr", "-i", str(locked)], check=True)
    assert status == 1
    assert err.splitlines() == [
        f"error: cannot replace {locked}: it is read-only or locked; close it in the program "
        "that has it open, then build again",
        "Build failed; the previous outputs are unchanged.",
    ]
    assert outputs(root) == before
    assert not (root / "dist" / commit.STAGING).exists()


# 4. Messages say what happened.


def test_a_folder_at_the_state_path_fails_before_replacing_anything(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (root / "dist" / STATE_FILE).unlink()
    (root / "dist" / STATE_FILE).mkdir()
    replace_in(root, RELEASES, "title: Access to Remedies", "title: Access to Justice")
    before = outputs(root)
    status, _, err = cli(capsys, "build", "--root", root)
    assert status == 1
    assert f"cannot write {root / 'dist' / STATE_FILE}: a folder is in the way" in err
    assert outputs(root) == before


def test_a_second_build_waits_for_the_first(root: Path) -> None:
    from pipeline.build import lock

    replace_in(root, RELEASES, "title: Access to Remedies", "title: Access to Justice")
    with lock.exclusive(root / "dist", 10, print):  # a build holding the folder
        second = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pipeline",
                "build",
                "--root",
                str(root),
                "--only",
                "notices/*.docx",
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        waiting = second.stderr.readline()  # type: ignore[union-attr]
        time.sleep(0.5)
        assert second.poll() is None, "it waits while the first holds the folder"
        before = (
            root / "dist" / "notices" / "RSO-REL-2021-12-notice-guide-access-to-remedies.docx"
        ).read_bytes()
    stdout, stderr = second.communicate(timeout=120)
    assert waiting == f"waiting for the other build writing to {root / 'dist'} to finish...\n"
    assert second.returncode == 0, stderr
    assert "1 written" in stdout
    after = (
        root / "dist" / "notices" / "RSO-REL-2021-12-notice-guide-access-to-remedies.docx"
    ).read_bytes()
    assert after != before and not (root / "dist" / commit.STAGING).exists()


# 5. Reads stay inside the project; 6. and never block.

SECRET = "root:x:0:0:secret-of-the-machine"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """Return a file outside the project, which no message may ever quote."""
    path = tmp_path / "outside" / "passwd"
    path.parent.mkdir()
    path.write_text(SECRET + "\n")
    return path


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (PLAN, f"{PLAN}: leads outside the project (a link?); copy the file in instead"),
        (
            "sources/office.yaml",
            "sources/office.yaml: leads outside the project (a link?); copy the file in instead",
        ),
        (
            "styles/brand.yaml",
            "styles/brand.yaml: leads outside the project (a link?); copy the file in instead",
        ),
    ],
)
def test_a_source_linked_outside_the_project_is_not_read(
    root: Path, secret: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    (root / name).unlink()
    (root / name).symlink_to(secret)
    status, _, err = cli(capsys, "validate", "--root", root)
    assert status == 1
    assert message in err
    assert "secret" not in err and str(secret) not in err


def test_a_stylesheet_linked_outside_the_project_is_not_applied(
    root: Path, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret.write_text("body { background: red; }")
    (root / "styles" / "plan.css").unlink()
    (root / "styles" / "plan.css").symlink_to(secret)
    before = outputs(root)
    status, _, err = cli(capsys, "build", "--root", root, "--force")
    assert status == 1
    assert "styles/plan.css: leads outside the project (a link?)" in err
    assert outputs(root) == before


def test_a_styles_folder_linked_outside_the_project_is_refused(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.move(root / "styles", tmp_path / "shared-styles")
    (root / "styles").symlink_to(tmp_path / "shared-styles")
    status, _, err = cli(capsys, "validate", "--root", root)
    assert status == 1
    assert "styles/brand.yaml: leads outside the project (a link?)" in err
    assert "Traceback" not in err


def test_a_styles_folder_linked_inside_the_project_is_allowed(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.move(root / "styles", root / "shared")
    (root / "styles").symlink_to("shared")
    status, _, err = cli(capsys, "build", "--root", root, "--force", "--only", "*plan*.pdf")
    assert (status, err) == (0, "")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("styles/brand.yaml", "styles/brand.yaml: file is a FIFO (named pipe), not a regular file"),
        (
            "styles/fonts/coverage.json",
            "styles/fonts/coverage.json: is a FIFO (named pipe), not a regular file",
        ),
        (PLAN, f"{PLAN}: file is a FIFO (named pipe), not a regular file"),
    ],
)
def test_a_fifo_never_blocks_validation(
    root: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    (root / name).unlink()
    os.mkfifo(root / name)
    status, _, err = cli(capsys, "validate", "--root", root)
    assert status == 1
    assert message in err


def test_a_fifo_stylesheet_never_blocks_the_build(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (root / "styles" / "notice.css").unlink()
    os.mkfifo(root / "styles" / "notice.css")
    status, _, err = cli(capsys, "build", "--root", root, "--force")
    assert status == 1
    assert "styles/notice.css: is a FIFO (named pipe), not a regular file" in err


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.symlink_to("/dev/zero"), "leads outside the project"),
        (lambda p: p.symlink_to(p.name), "file is a link that leads nowhere (a loop?)"),
        (lambda p: p.mkdir(), "file is a folder, not a regular file"),
    ],
)
def test_special_files_as_sources_say_what_they_are(
    root: Path, capsys: pytest.CaptureFixture[str], make: object, message: str
) -> None:
    extra = root / "sources" / "workplans" / "2022.yaml"
    make(extra)  # type: ignore[operator]
    status, _, err = cli(capsys, "validate", "--root", root)
    assert status == 1
    assert f"sources/workplans/2022.yaml: {message}" in err


# 7. Bad input is a located error, never a traceback.


def test_long_titles_and_office_names_build(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    title = ("A Regional Practitioner Guide " * 10).strip()[:300]
    replace_in(root, RELEASES, "title: Access to Remedies", f"title: {title}")
    replace_in(
        root,
        "sources/office.yaml",
        "name: Regional Support Office of the Bali Process",
        "name: "
        + (
            "Regional Support Office of the Bali Process on People Smuggling "
            "and Trafficking in Persons and Related Transnational Crime " * 2
        )[:200],
    )
    status, _, err = cli(capsys, "build", "--root", root, "--only", "notices/*.docx")
    assert (status, err) == (0, "")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "title: Access to Remedies",
            "title: Access to Remedies\n    url: https://example.org/" + "a" * 500,
            "url: is 520 bytes long; a QR code of at most 400 stays readable",
        ),
        (
            "title: Access to Remedies",
            "title: Access to Remedies\n    isbn: '978²¹³⁴⁵⁶⁷⁸⁹⁰'",
            "isbn: '978²¹³⁴⁵⁶⁷⁸⁹⁰' is not an ISBN (10 or 13 digits, hyphens allowed)",
        ),
        ("number: 12", "number: " + "9" * 990_000, "number: '99999999999999999999999999999…"),
        (
            "number: 12",
            "number: 1234567890",
            "number: '1234567890' is not a whole number of at most 9 digits",
        ),
    ],
)
def test_bad_release_values_are_located_errors(
    root: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str
) -> None:
    replace_in(root, RELEASES, old, new)
    status, _, err = cli(capsys, "validate", "--root", root)
    assert status == 1
    assert f"{RELEASES}:" in err and message in err
    assert len(err) < 500


def whole_png(width: int, height: int, pixels: bytes) -> bytes:
    """Return a PNG of whole chunks (each with its checksum) whose header says `width` ×
    `height` RGBA pixels and whose image data is `pixels`, whatever they hold."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body).to_bytes(4, "big")
        return len(body).to_bytes(4, "big") + kind + body + crc

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 6, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        chunk(kind, body) for kind, body in ((b"IHDR", header), (b"IDAT", pixels), (b"IEND", b""))
    )


ROWS = zlib.compress((b"\0" + b"\x80" * 4 * 30) * 30)  # 30 rows of 30 pixels, each filtered


def jpeg_without_width() -> bytes:
    """Return a whole JPEG whose frame header says it is 0 pixels wide."""
    from PIL import Image

    stream = io.BytesIO()
    Image.new("RGB", (120, 480)).save(stream, format="JPEG")
    data = bytearray(stream.getvalue())
    frame = data.index(b"\xff\xc0")
    data[frame + 7 : frame + 9] = b"\x00\x00"
    return bytes(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "'logo.png' is not a PNG or JPEG image"),
        (None, "'logo.png' is a truncated PNG image"),
        (whole_png(100, 0, b""), "'logo.png' is an image of 100 × 0 pixels, with nothing to show"),
        (whole_png(30, 30, ROWS), None),  # the check's own PNG, whole: it passes
        (whole_png(30, 31, ROWS), "'logo.png' is a damaged PNG image (its pixels do not unpack"),
        (whole_png(30, 30, b"not zlib"), "'logo.png' is a damaged PNG image (its pixels do not"),
        (jpeg_without_width(), "'logo.png' is an image of 0 × 480 pixels, with nothing to show"),
        (png(2, 12_000), "'logo.png' is an image of 2 × 12,000 pixels, more than a logo needs"),
    ],
)
def test_a_raster_logo_that_is_no_image_is_refused(
    root: Path, capsys: pytest.CaptureFixture[str], data: bytes | None, message: str | None
) -> None:
    logo = root / "styles" / "logo.png"
    logo.write_bytes(data if data is not None else logo.read_bytes()[:2000])
    status, _, err = cli(capsys, "validate", "--root", root)
    if message is None:
        assert status == 0, err
        return
    assert status == 1
    line = line_of(root / "styles" / "brand.yaml", "logo_raster:")
    assert f"styles/brand.yaml:{line}:14: logo_raster: {message}" in err


def test_a_css_import_cycle_is_an_error(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "styles" / "a.css").write_text('@import "b.css";')
    (root / "styles" / "b.css").write_text('@import "a.css";')
    css = root / "styles" / "plan.css"
    css.write_text('@import "a.css";\n' + css.read_text())
    status, _, err = cli(capsys, "build", "--root", root, "--force", "--only", "*plan*.pdf")
    assert status == 1
    assert "is imported again and again (an @import cycle?)" in err
    assert len(err) < 500


def test_a_missing_partial_is_a_located_error(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (root / "layouts" / "_blocks.html.j2").unlink()
    status, _, err = cli(capsys, "build", "--root", root, "--force")
    assert status == 1
    assert err.splitlines() == [
        "error: layouts/_blocks.html.j2: file is missing",
        "Build failed; the previous outputs are unchanged.",
    ]


def test_templates_are_sandboxed(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pwned = root / "pwned"
    replace_in(
        root,
        "layouts/plan.html.j2",
        "{% block body %}",
        f"{{% block body %}}{{{{ cycler.__init__.__globals__.os.system('touch {pwned}') }}}}",
    )
    status, _, err = cli(capsys, "build", "--root", root, "--force", "--only", "*plan*.pdf")
    line = line_of(root / "layouts" / "plan.html.j2", "cycler.__init__")
    assert status == 1
    assert (
        f"layouts/plan.html.j2:{line}: not allowed in a template: access to attribute "
        "'__init__' of 'type' object is unsafe."
    ) in err
    assert not pwned.exists()


# 8. Messages are short and never carry terminal escapes.


def test_terminal_escapes_in_keys_and_values_are_shown_escaped(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace_in(root, PLAN, "year: 2021", 'year: 2021\n"\\e[31mred\\e]0;owned\\a": 1')
    status, _, err = cli(capsys, "validate", "--root", root)
    assert status == 1
    assert "\x1b" not in err and "\a" not in err
    assert "\\x1b[31mred\\x1b]0;owned\\x07: unknown field" in err


def test_carriage_returns_alone_end_lines(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = root / PLAN
    text = path.read_text().replace("purposes: [1]\n", "purposes: [9]\n", 1)
    path.write_bytes(text.replace("\n", "\r").encode())
    status, _, err = cli(capsys, "validate", "--root", root)
    assert status == 1
    assert f"{PLAN}:49:20: purposes: 9 is not a strategic purpose (1-4)" in err


def test_an_internal_error_is_one_line_unless_debugging(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(build, "_stages", broken)
    status, _, err = cli(capsys, "build", "--root", root, "--force")
    assert status == 1
    assert err.startswith("internal error (ZeroDivisionError: division by zero); please report")
    assert len(err.splitlines()) == 1
    with pytest.raises(ZeroDivisionError):
        main(["build", "--root", str(root), "--force", "--debug"])


def test_an_include_of_a_missing_template_names_the_line(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace_in(
        root,
        "layouts/plan.html.j2",
        '{% import "_blocks.html.j2" as blocks %}',
        '{% import "_missing.html.j2" as blocks %}',
    )
    status, _, err = cli(capsys, "build", "--root", root, "--force", "--only", "*plan*.pdf")
    assert status == 1
    line = line_of(root / "layouts" / "plan.html.j2", "_missing.html.j2")
    assert (
        f"error: layouts/plan.html.j2:{line}: template '_missing.html.j2' is not in layouts/" in err
    )


# Property: whatever the state file holds, nothing the pipeline did not write is removed.

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
NAMES = st.sampled_from(
    [
        "/tmp/victim",
        "../victim",
        "victim",
        "notices/victim.pdf",
        "notices/../victim",
        "notices",
        "link/victim",
        ".pipeline-staging",
        "a//b",
        "a/./b",
        "",
        "x\\y",
        "\x00",
        "fifo",
    ]
) | st.text(max_size=30)
HEX = st.text("0123456789abcdef", min_size=64, max_size=64)
DIGESTS = HEX | st.sampled_from(["0" * 64, "short", "", 7])
HOSTILE_SETTINGS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _user_files(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """Return an output folder full of files the pipeline never wrote, and a snapshot."""
    out = tmp_path / "dist"
    (out / "notices").mkdir(parents=True, exist_ok=True)
    (tmp_path / "victim").write_text("outside")
    for name in ("victim", "notices/victim.pdf"):
        (out / name).write_text("the user's")
    if not (out / "link").exists():
        (out / "link").symlink_to(tmp_path)
        os.mkfifo(out / "fifo")
    (out / STATE_FILE).unlink(missing_ok=True)
    return out, snapshot(tmp_path)


@HOSTILE_SETTINGS
@given(
    JSON
    | st.fixed_dictionaries(
        {
            "version": st.just(3),
            "signature": st.just(""),
            "files": JSON,
            "outputs": st.dictionaries(
                NAMES, st.tuples(HEX, HEX).map(list) | st.lists(DIGESTS, max_size=3), max_size=6
            ),
        }
    )
)
def test_any_state_removes_only_what_it_wrote(tmp_path: Path, data: object) -> None:
    out, before = _user_files(tmp_path)
    (out / STATE_FILE).write_text(json.dumps(data))
    state = State.load(out)
    report = Report()
    removed = build._removals(state, out, set(), report)
    assert removed == []  # no file here has the bytes a state could record for it
    assert {n: b for n, b in snapshot(tmp_path).items() if n != f"dist/{STATE_FILE}"} == before


def test_a_hostile_state_beside_real_outputs_removes_nothing(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = json.loads((root / "dist" / STATE_FILE).read_text())
    out, _ = _user_files(root)
    for name in ("/tmp/victim", "../victim", "victim", "notices/victim.pdf", "link/victim", "fifo"):
        state["outputs"][name] = ["0" * 64, "1" * 64]
    (out / STATE_FILE).write_text(json.dumps(state))
    before = snapshot(root)
    status, stdout, err = cli(capsys, "build", "--root", root, "--json")
    assert (status, err) == (0, "")
    assert json.loads(stdout)["removed"] == []
    after = snapshot(root)
    assert [n for n in before if n not in after] == []
