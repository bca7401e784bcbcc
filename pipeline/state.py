"""What the last good build made, from what: the basis of every incremental decision.

Two levels, both cheap and neither importing a rendering library:
- a *signature* of the (size, mtime) of every input file and output, the options and the
  environment: unchanged means nothing to do, without even reading the sources;
- per output, a *fingerprint* of exactly what it shows (its slice of the model) and the
  files it is made from (by content): only outputs whose fingerprint moved are rebuilt.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

STATE_FILE = ".pipeline-state.json"
WATCHED = ("sources", "layouts", "styles")
LIBRARIES = {"weasyprint": "weasyprint", "pydyf": "pydyf", "python-docx": "docx",
             "pypdf": "pypdf", "segno": "segno", "jinja2": "jinja2"}
_VERSION = 2


def input_files(root: Path) -> list[tuple[Path, str]]:
    """Return every file a build may read (project folders, the pipeline's code), with its name.

    Names are relative (to the project, or to the package), so a moved or copied project
    whose files kept their times is still up to date.
    """
    code = Path(__file__).parent
    files = [(p, p.relative_to(root).as_posix()) for folder in WATCHED
             for p in (root / folder).rglob("*") if p.is_file()]
    files += [(p, f"pipeline/{p.relative_to(code).as_posix()}") for p in code.rglob("*.py")]
    return sorted(files, key=lambda file: file[1])


def signature(root: Path, out: Path, settings: dict[str, object], outputs: list[str]) -> str:
    """Return a digest of the stat of every input and output, the settings and environment."""
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    outputs_named = [(out / name, f"out/{name}") for name in sorted(outputs)]
    for path, name in input_files(root) + outputs_named:
        try:
            stat = path.stat()
        except OSError:
            digest.update(f"{name}\0missing\n".encode())
            continue
        digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def code_version() -> str:
    """Return a digest of the pipeline's code and the versions of the libraries it renders with."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    for library, module in LIBRARIES.items():
        digest.update(f"{library}={_version(library, module)}".encode())
    return digest.hexdigest()


def _version(library: str, module: str) -> str:
    """Return an installed library's version, from its dist-info folder's name when it has one.

    Asking importlib.metadata scans every path entry per library (25 ms for all six);
    the folder beside the package says the same, and no library is imported either way.
    """
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return "none"
    normalized = library.replace("-", "_")
    found = sorted(Path(spec.origin).parent.parent.glob(f"{normalized}-*.dist-info"))
    if found:
        return found[-1].name.removeprefix(f"{normalized}-").removesuffix(".dist-info")
    from importlib import metadata

    return metadata.version(library)


@dataclass
class State:
    """The record of the last good build, kept in the output folder."""

    signature: str = ""
    outputs: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, list[object]] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path) -> State:
        """Return the recorded state, or an empty one when there is none or it is unreadable."""
        try:
            data = json.loads((out / STATE_FILE).read_text("utf-8"))
            if data.get("version") != _VERSION:
                return cls()
            return cls(data["signature"], data["outputs"], data["files"])
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def dumps(self) -> bytes:
        """Return the state as JSON bytes."""
        data = {"version": _VERSION, "signature": self.signature, "outputs": self.outputs,
                "files": self.files}
        return json.dumps(data, indent=1, sort_keys=True).encode()

    def current(self, out: Path, name: str, fingerprint: str) -> bool:
        """Return whether output `name` was made from `fingerprint` and is still as written."""
        recorded = self.outputs.get(name)
        if not recorded or recorded[0] != fingerprint:
            return False
        try:
            return hashlib.sha256((out / name).read_bytes()).hexdigest() == recorded[1]
        except OSError:
            return False

    def file_digest(self, root: Path, name: str) -> str:
        """Return the content digest of a project file, reusing the recorded one if unchanged."""
        path = root / name
        stat = path.stat()
        recorded = self.files.get(name)
        if recorded and recorded[:2] == [stat.st_size, stat.st_mtime_ns]:
            return str(recorded[2])
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self.files[name] = [stat.st_size, stat.st_mtime_ns, digest]
        return digest
