"""What the last good build made, from what: a cache for incremental builds, never an authority.

Two levels, both cheap and neither importing a rendering library:
- a *signature* of the (size, mtime) of every input file and output, the options and the
  environment: unchanged means nothing to do, without even reading the sources;
- per output, a *fingerprint* of exactly what it shows (its slice of the model) and the
  files it is made from (by content): only outputs whose fingerprint moved are rebuilt.

A file's (size, mtime) is trusted only once it is older than a clock's tick (2 s), as
git trusts its index (`files.settled_time`): a file changed just before it was read may
change again within the same tick, keeping its size and time (one digit edited on a FAT
stick, whose clock ticks every 2 s), and that edit must not be missed. A younger file is
read again next time.

The state file lives in the output folder, where anything may have happened to it, so it is
read strictly: any doubt about its form and it is ignored (a full rebuild follows). Even a
well-formed state can only ever remove a file whose name is clean and inside the output
folder, reached through no link, and whose bytes are still those the pipeline wrote.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

from .. import files
from ..context import PDF_VARIANTS
from .commit import STAGING

STATE_FILE = ".pipeline-state.json"
WATCHED = ("sources", "layouts", "styles")
LIBRARIES = {
    "weasyprint": "weasyprint",
    "pydyf": "pydyf",
    "python-docx": "docx",
    "segno": "segno",
    "jinja2": "jinja2",
    "markupsafe": "markupsafe",
    "lxml": "lxml",
    "fonttools": "fontTools",
    "pikepdf": "pikepdf",
    "uharfbuzz": "uharfbuzz",
    "tinyhtml5": "tinyhtml5",
    "tinycss2": "tinycss2",
    "cssselect2": "cssselect2",
    "pillow": "PIL",
    "pyyaml": "yaml",
}  # every library whose version can change an output
PACKAGE = Path(__file__).resolve().parent.parent  # the pipeline's code, every module of it
MAX_STATE_BYTES = 64_000_000
MAX_OUTPUT_BYTES = 2_000_000_000  # an output read back to make another (a bundle of notices)
MAX_NAME = 400
_RESERVED = {STATE_FILE, STAGING}
_VERSION = 3
_DIGEST = re.compile("[0-9a-f]{64}")


def input_files(root: Path) -> list[tuple[Path, str]]:
    """Return every file a build may read (project folders, the pipeline's code), with its name.

    Names are relative (to the project, or to the package), so a moved or copied project
    whose files kept their times is still up to date.
    """
    found = [
        (p, p.relative_to(root).as_posix())
        for folder in WATCHED
        for p in (root / folder).rglob("*")
        if p.is_file()
    ]
    found += code_files()
    return sorted(found, key=lambda file: file[1])


def code_files() -> list[tuple[Path, str]]:
    """Return every module of the pipeline, with its name in the package (pipeline/...)."""
    return sorted(
        (
            (path, f"pipeline/{path.relative_to(PACKAGE).as_posix()}")
            for path in PACKAGE.rglob("*.py")
        ),
        key=lambda file: file[1],
    )


def input_stamp(root: Path, settings: dict[str, object]) -> str:
    """Return a digest of the stat of every input, the settings and the environment; '' (no
    stamp to trust) where an input changed too recently for its stat to tell (`files.RACY_NS`)."""
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    for path, name in input_files(root):
        info = _lstat(path)
        if info is not None and files.settled_time(info) is None:
            return ""
        digest.update(f"{name}\0{_line(info)}\n".encode())
    return digest.hexdigest()


def signature(
    inputs: str, out: Path, outputs: list[str], planned: dict[str, tuple[int, int]] | None = None
) -> str:
    """Return the signature of `inputs` with the outputs' stat (or their `planned` stat)."""
    digest = hashlib.sha256(inputs.encode())
    for name in sorted(outputs):
        if planned and name in planned:
            size, mtime = planned[name]
            line = f"{size}\0{mtime}"
        else:
            line = _stat_line(out / name)
        digest.update(f"out/{name}\0{line}\n".encode())
    return digest.hexdigest()


def _stat_line(path: Path) -> str:
    """Return the size and modification time of `path` as one line, or 'missing'."""
    return _line(_lstat(path))


def _lstat(path: Path) -> os.stat_result | None:
    """Return the stat of `path` itself (not where a link leads), or None where it is gone."""
    try:
        return path.lstat()
    except OSError:
        return None


def _line(info: os.stat_result | None) -> str:
    """Return a stat's size and modification time as one line, or 'missing'."""
    return "missing" if info is None else f"{info.st_size}\0{info.st_mtime_ns}"


def code_version() -> str:
    """Return a digest of the pipeline's code and the versions of the libraries it renders with."""
    code = tuple((path, name, _stat_line(path)) for path, name in code_files())
    return _code_digest(code, _library_versions())


@lru_cache(maxsize=4)
def _code_digest(code: tuple[tuple[Path, str, str], ...], libraries: str) -> str:
    """Return the digest of the code files (read again only when one's stat changed)."""
    digest = hashlib.sha256()
    for path, name, _ in code:
        digest.update(f"{name}\0".encode() + path.read_bytes())
    digest.update(libraries.encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _library_versions() -> str:
    """Return the versions of the libraries this process renders with, once per process."""
    return "".join(f"{lib}={_version(lib, module)}" for lib, module in LIBRARIES.items())


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


def clean_name(name: object) -> bool:
    """Return whether `name` is an output name the pipeline could have made: relative,
    normalised, inside the output folder and none of the pipeline's own files."""
    if not isinstance(name, str) or not 0 < len(name) <= MAX_NAME:
        return False
    path = PurePosixPath(name)
    return (
        path.as_posix() == name
        and not path.is_absolute()
        and not any(part in ("..", ".") for part in path.parts)
        and path.parts[0] not in _RESERVED
        and not path.parts[0].startswith(".pipeline-")
        and name.isprintable()
        and "\\" not in name
    )


def output_bytes(out: Path, name: str) -> bytes | None:
    """Return the bytes of output `name`, or None unless it is a regular file reached
    through no link, of at most MAX_OUTPUT_BYTES."""
    descriptor = _open_output(out, name)
    if descriptor is None:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        data = stream.read(MAX_OUTPUT_BYTES + 1)
    return data if len(data) <= MAX_OUTPUT_BYTES else None


def output_digest(out: Path, name: str) -> str | None:
    """Return the sha256 of output `name`, or None unless it is a regular file reached
    through no link (a missing file, a link, a FIFO or a folder all give None)."""
    descriptor = _open_output(out, name)
    if descriptor is None:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _open_output(out: Path, name: str) -> int | None:
    """Return a descriptor of output `name` open for reading, or None unless it is a
    regular file reached through folders, not links."""
    place = out
    for part in PurePosixPath(name).parts[:-1]:
        place = place / part
        try:
            if not stat.S_ISDIR(place.lstat().st_mode):
                return None
        except OSError:
            return None
    return _open_regular(out / name)


@dataclass
class State:
    """The record of the last good build, kept in the output folder."""

    signature: str = ""
    outputs: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, list[object]] = field(default_factory=dict)
    facts: dict[str, list[int | None]] = field(default_factory=dict)  # name: [bytes, pages]
    pdf_variant: str = ""  # what the last build was made with, for the next to keep

    @classmethod
    def load(cls, out: Path) -> State:
        """Return the recorded state, or an empty one when it is missing, odd or hostile."""
        data = _read_state(out / STATE_FILE)
        if not isinstance(data, dict) or data.get("version") != _VERSION:
            return cls()
        signature, outputs, inputs = data.get("signature"), data.get("outputs"), data.get("files")
        if not (_is_digest(signature) or signature == "") or not _valid_outputs(outputs):
            return cls()
        facts = _valid_facts(data.get("facts"), outputs)  # type: ignore[arg-type]
        variant = data.get("pdf_variant")
        kept = variant if variant in PDF_VARIANTS else ""
        files = _valid_files(inputs)
        return cls(str(signature), dict(outputs), files, facts, kept)  # type: ignore[arg-type]

    def dumps(self) -> bytes:
        """Return the state as JSON bytes."""
        data = {
            "version": _VERSION,
            "signature": self.signature,
            "outputs": self.outputs,
            "files": self.files,
            "facts": self.facts,
            "pdf_variant": self.pdf_variant,
        }
        return json.dumps(data, indent=1, sort_keys=True).encode()

    def current(self, out: Path, name: str, fingerprint: str) -> bool:
        """Return whether output `name` was made from `fingerprint` and is still as written."""
        recorded = self.outputs.get(name)
        return (
            recorded is not None
            and recorded[0] == fingerprint
            and (output_digest(out, name) == recorded[1])
        )

    def fact(self, out: Path, name: str) -> tuple[int, int | None] | None:
        """Return the bytes and pages of output `name` when it is still as written, else None."""
        recorded, facts = self.outputs.get(name), self.facts.get(name)
        if recorded is None or facts is None or output_digest(out, name) != recorded[1]:
            return None
        size, pages = facts
        return size or 0, pages

    def content(self, out: Path, name: str) -> tuple[bytes, int | None] | None:
        """Return the bytes and pages of output `name` when it is still as written, else None."""
        recorded, facts = self.outputs.get(name), self.facts.get(name)
        if recorded is None or facts is None:
            return None
        data = output_bytes(out, name)
        if data is None or hashlib.sha256(data).hexdigest() != recorded[1]:
            return None
        return data, facts[1]

    def removable(self, out: Path, name: str) -> str | None:
        """Return why the recorded output `name` must be left in place, or None to remove it."""
        found = output_digest(out, name)
        if found == self.outputs[name][1]:
            return None
        if found is None and not os.path.lexists(out / name):
            return ""  # already gone: nothing to remove, nothing to say
        if found is None:
            return "it is not the file the pipeline wrote (a link, a folder or a special file)"
        return "it has changed since the pipeline wrote it"

    def file_digest(self, root: Path, name: str) -> str:
        """Return the content digest of a project file, reusing the recorded one if unchanged."""
        path = files.check_file(root, name)
        info = path.stat()
        recorded = self.files.get(name)
        if recorded and recorded[:2] == [info.st_size, info.st_mtime_ns]:
            return str(recorded[2])
        digest = hashlib.sha256(files.read_bytes(root, name)).hexdigest()
        settled = files.settled_time(info)  # else read again next time
        self.files[name] = [info.st_size, -1 if settled is None else settled, digest]
        return digest


def _read_state(path: Path) -> object:
    """Return the parsed state file, or None unless it is a small regular JSON file."""
    descriptor = _open_regular(path)
    if descriptor is None:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        if os.fstat(descriptor).st_size > MAX_STATE_BYTES:
            return None
        try:
            return json.loads(stream.read(MAX_STATE_BYTES + 1))
        except (OSError, ValueError, RecursionError):
            return None


def _open_regular(path: Path) -> int | None:
    """Return a descriptor of `path` open for reading when it is a regular file, else None.

    The last component is not followed if a link, and a FIFO does not block the open.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        return None
    return descriptor


def _is_digest(value: object) -> bool:
    return isinstance(value, str) and bool(_DIGEST.fullmatch(value))


def _valid_outputs(outputs: object) -> bool:
    """Return whether `outputs` maps clean names to [fingerprint, digest] pairs."""
    return isinstance(outputs, dict) and all(
        clean_name(name)
        and isinstance(pair, list)
        and len(pair) == 2
        and all(map(_is_digest, pair))
        for name, pair in outputs.items()
    )


def _valid_files(inputs: object) -> dict[str, list[object]]:
    """Return the well-formed entries of the input-digest cache (the rest are recomputed)."""
    if not isinstance(inputs, dict):
        return {}
    return {
        name: entry
        for name, entry in inputs.items()
        if isinstance(name, str)
        and isinstance(entry, list)
        and len(entry) == 3
        and all(type(n) is int for n in entry[:2])
        and _is_digest(entry[2])
    }


def _valid_facts(facts: object, outputs: dict[str, object]) -> dict[str, list[int | None]]:
    """Return the well-formed [bytes, pages] of recorded outputs (the rest are unknown)."""
    if not isinstance(facts, dict):
        return {}
    return {
        name: entry
        for name, entry in facts.items()
        if name in outputs
        and isinstance(entry, list)
        and len(entry) == 2
        and type(entry[0]) is int
        and entry[0] >= 0
        and (entry[1] is None or (type(entry[1]) is int and entry[1] >= 0))
    }
