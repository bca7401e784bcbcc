"""The font files an engine writes: a folder per process, none shared with a child, none
left behind."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from tests.conftest import copy_project, run_fresh, run_python

CHILD_ADDS_FACES = textwrap.dedent("""
    import json, os
    from pathlib import Path
    from pipeline.context import Context
    from pipeline.read.load import load
    from pipeline.render import forks
    from pipeline.render.pdf.engine import shared_engine

    def face(family, file):
        return "@font-face{font-family:%s;src:url(fonts/%s)}" % (family, file)

    root = Path(".").resolve()
    engine = shared_engine(Context(root, load(root)))
    engine.stylesheet(face("A", "NotoSans-Regular.ttf"))
    mine = engine.fonts._folder

    def work(child):
        engine.stylesheet("/* again */" + face("A", "NotoSans-Regular.ttf"))
        engine.stylesheet(face("B", "NotoSans-Bold.ttf"))
        folder = engine.fonts._folder
        return str(folder), sorted(os.listdir(folder))
    folder, files = forks.Child(work).result()
    print(json.dumps({
        "mine": str(mine), "my_files": sorted(os.listdir(mine)),
        "child": folder, "child_files": files, "child_left": os.path.exists(folder),
    }))
""")


def test_a_child_adds_faces_in_a_folder_of_its_own_and_removes_it() -> None:
    ran = run_python(CHILD_ADDS_FACES)
    assert ran.returncode == 0, ran.stderr
    seen = json.loads(ran.stdout)
    assert seen["child"] != seen["mine"]
    assert len(seen["my_files"]) == 1  # the child's face B was not written here
    # face A, which the parent had registered, was passed over (a link), B written
    assert len(seen["child_files"]) == 2 and seen["my_files"][0] in seen["child_files"]
    assert not seen["child_left"]


def test_a_build_on_several_cores_leaves_no_temporary_files(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    ran = run_fresh("build", "--root", root, "--jobs", "2", env={"TMPDIR": str(temporary)})
    assert ran.returncode == 0, ran.stderr
    assert (root / "dist" / "annual-plan-2021.pdf").is_file()
    assert sorted(p.name for p in temporary.iterdir()) == []


KILLED_CHILD = textwrap.dedent("""
    import os, signal, tempfile
    from pathlib import Path
    tempfile.tempdir = tempfile.mkdtemp()  # this run's temporary folder, empty
    from pipeline.context import Context
    from pipeline.read.load import load
    from pipeline.errors import BuildError
    from pipeline.render import forks
    from pipeline.render.pdf import fontfolders
    from pipeline.render.pdf.engine import shared_engine

    def work(child):  # an engine of the child's own, then killed where it stands
        root = Path(".").resolve()
        engine = shared_engine(Context(root, load(root)))
        engine.stylesheet("@font-face{font-family:A;src:url(fonts/NotoSans-Regular.ttf)}")
        os.kill(os.getpid(), signal.SIGKILL)
    try:
        forks.Child(work).result()
    except BuildError:
        pass
    left = sorted(p.name for p in Path(tempfile.tempdir).iterdir())
    print(len(left), any(Path(tempfile.tempdir).rglob("child-*/engine-*/*")), end=" ")
    fontfolders.remove()
    print(os.listdir(tempfile.tempdir))
""")


def test_what_a_killed_child_left_goes_with_its_parents_folder() -> None:
    ran = run_python(KILLED_CHILD)
    # one folder, holding the child's font file, until the parent's is removed
    assert ran.stdout.strip() == "1 True []", ran.stdout + ran.stderr
