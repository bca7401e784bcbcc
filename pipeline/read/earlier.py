"""Read an earlier edition of the sources: from git (`--since REV`) or from a folder.

`REV` is a tag or commit of the git repository that holds the project: its `sources/` are
taken out with `git archive` into a temporary folder and read there like the project's own,
against the project's brand. A folder is an earlier copy of the project (holding
`sources/`) or of its `sources/` folder.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from ..errors import BuildError, SourcesInvalid, UsageError
from ..model.project import Project
from .load import load

GIT_TIMEOUT = 60.0  # seconds git may take to hand over a revision's sources
MAX_ARCHIVE = 64 * 1024 * 1024


def earlier(root: Path, since: str) -> Project:
    """Return the earlier edition `since` names (a folder, else a git revision) as a model."""
    folder = Path(since)
    if not folder.is_absolute():
        folder = Path.cwd() / folder
    if folder.is_dir():
        base = (
            folder.parent
            if folder.name == "sources" and not (folder / "sources").is_dir()
            else folder
        )
        return _checked(base, root, since)
    with tempfile.TemporaryDirectory(prefix="pipeline-since-") as tmp:
        _extract(root, since, Path(tmp))
        return _checked(Path(tmp), root, since)


def revision(root: Path, since: str) -> str:
    """Return what `since` stands for: the commit it names, or the folder's own name."""
    if Path(since).is_dir():
        return since
    return (
        _git(root, ["rev-parse", "--verify", "--quiet", f"{since}^{{commit}}"], since)
        .decode()
        .strip()
    )


def _checked(base: Path, root: Path, since: str) -> Project:
    """Return the sources under `base` read against the brand of `root`."""
    try:
        return load(base, styles_root=root).project
    except SourcesInvalid as exc:
        first = exc.errors[0] if exc.errors else "no sources"
        raise BuildError(f"--since {since}: the earlier edition is not valid: {first}") from None


def _extract(root: Path, since: str, into: Path) -> None:
    """Write the `sources/` folder of git revision `since` into `into`."""
    prefix = _git(root, ["rev-parse", "--show-prefix"], since).decode().strip()
    data = _git(root, ["archive", "--format=tar", f"{since}:{prefix}", "sources"], since)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(into, filter="data")
    if not (into / "sources").is_dir():
        shutil.rmtree(into, ignore_errors=True)
        raise UsageError(f"--since {since}: that revision has no sources/ folder")


def _git(root: Path, args: list[str], since: str) -> bytes:
    """Return what `git ARGS` prints, run in `root`; a failure is the user's to fix."""
    if since.startswith("-"):
        raise UsageError(f"--since {since}: not a folder, nor a tag or commit of the project")
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError(f"--since {since}: not a folder, and git is not installed") from None
    except subprocess.TimeoutExpired:
        raise BuildError(f"--since {since}: git took longer than {GIT_TIMEOUT:.0f} s") from None
    if done.returncode != 0 or len(done.stdout) > MAX_ARCHIVE:
        raise UsageError(
            f"--since {since}: not a folder, nor a tag or commit of the project's git repository"
        )
    return done.stdout
