"""Where WeasyPrint writes the fonts an engine registers: a folder per process, removed.

WeasyPrint's font configuration writes the file of each @font-face it adds into a temporary
folder of its own, made at the first face, and passes over a face whose file is already
there. A forked process (`forks`) inherits the configuration, folder included: two children
adding the same face rewrote one file while the other's fontconfig read it ("Failed to
load font at 'styles/fonts/…'", in a build on two cores); a child could pass over a face
another child had half written; and a child dropping its engine removed the folder its
parent still drew from. A process ended by `os._exit` (the command line, every child) left
its folders behind.

So every engine's folder is made at once, in this process's place (`place`); a child gets a
place inside its parent's (made before the fork), and a folder there for each engine it
inherits, with links to the files its parent had registered (faces its fontconfig knows,
passed over as before). `remove` removes this process's place, as a child ends and before
the command line exits; a parent's removes whatever its children left (a child stopped).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import weakref
from contextlib import suppress
from pathlib import Path
from typing import Any

from .. import forks

_CONFIGURATIONS: weakref.WeakSet[Any] = weakref.WeakSet()  # the engines' font configurations
_PLACE: dict[str, Path] = {}  # this process's place, once made: {"path": …}


def give_folder(fonts: Any) -> None:
    """Give a WeasyPrint font configuration its folder now, in this process's place (where
    none can be made, WeasyPrint makes its own at the first face, as it would)."""
    with suppress(OSError):
        fonts._folder = Path(tempfile.mkdtemp(prefix="engine-", dir=place()))
        _CONFIGURATIONS.add(fonts)


def place() -> Path:
    """Return this process's folder of font folders, made at the first call."""
    if "path" not in _PLACE:
        _PLACE["path"] = Path(tempfile.mkdtemp(prefix="pipeline-fonts-"))
        atexit.register(remove)
    return _PLACE["path"]


def remove() -> None:
    """Remove this process's font folders (and those its children left behind)."""
    found = _PLACE.pop("path", None)
    if found is not None:
        shutil.rmtree(found, ignore_errors=True)


def _before_fork() -> None:
    """Make this process's place, where a child's goes, removed with it."""
    with suppress(OSError):
        place()


def _in_child() -> None:
    """Give a new child a place inside its parent's, and each inherited configuration a
    folder there holding links to the files its parent had written."""
    parent = _PLACE.pop("path", None)
    if parent is None:
        return
    try:
        _PLACE["path"] = Path(tempfile.mkdtemp(prefix=f"child-{os.getpid()}-", dir=parent))
        for fonts in list(_CONFIGURATIONS):
            folder = Path(tempfile.mkdtemp(prefix="engine-", dir=_PLACE["path"]))
            _link_files(fonts._folder, folder)
            fonts._folder = folder
    except OSError:  # no room for a folder: the child writes where its parent does
        _PLACE.pop("path", None)


def _link_files(origin: Path, folder: Path) -> None:
    """Link into `folder` every file of `origin`; a file not linked is written again."""
    with suppress(OSError), os.scandir(origin) as entries:
        for entry in entries:
            with suppress(OSError):
                if entry.is_file(follow_symlinks=False):
                    os.link(entry.path, folder / entry.name)


forks.in_children(_before_fork, _in_child, remove)
