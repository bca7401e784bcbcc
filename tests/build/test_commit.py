"""The all-or-nothing commit: staged, journaled, applied, and recovered after a kill."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.build import commit
from pipeline.build.commit import STAGING, Change
from pipeline.errors import BuildError

STAMP = 1_600_000_000_000_000_000


def files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


@pytest.fixture
def out(tmp_path: Path) -> Path:
    (tmp_path / "dist" / "notices").mkdir(parents=True)
    (tmp_path / "dist" / "a.pdf").write_bytes(b"old a")
    (tmp_path / "dist" / "notices" / "gone.pdf").write_bytes(b"old gone")
    return tmp_path / "dist"


CHANGES = [
    Change("a.pdf", b"new a"),
    Change("notices/b.pdf", b"new b"),
    Change("notices/gone.pdf", None),
    Change("fresh/c.pdf", b"new c"),
]
NEW = {"a.pdf": b"new a", "notices/b.pdf": b"new b", "fresh/c.pdf": b"new c"}
OLD = {"a.pdf": b"old a", "notices/gone.pdf": b"old gone"}


def test_a_commit_writes_replaces_removes_and_leaves_no_staging(out: Path) -> None:
    commit.commit(out, CHANGES, STAMP)
    assert files(out) == NEW
    assert not (out / STAGING).exists()
    assert (out / "a.pdf").stat().st_mtime_ns == STAMP


def test_staged_files_without_a_journal_are_discarded(out: Path) -> None:
    (out / STAGING).mkdir()
    (out / STAGING / "new-0").write_bytes(b"half of a build")
    assert "discarded" in str(commit.recover(out))
    assert files(out) == OLD


def test_a_journal_is_rolled_forward_from_wherever_it_stopped(out: Path) -> None:
    (out / STAGING).mkdir()
    entries = [
        {"name": "a.pdf", "new": True, "old": True},
        {"name": "notices/gone.pdf", "new": False, "old": True},
        {"name": "notices/b.pdf", "new": True, "old": False},
    ]
    (out / STAGING / "new-0").write_bytes(b"new a")
    (out / STAGING / "new-2").write_bytes(b"new b")
    (out / "a.pdf").rename(out / STAGING / "old-0")  # stopped between the two renames of a.pdf
    (out / STAGING / "journal.json").write_text(json.dumps({"version": 1, "entries": entries}))
    assert "finished" in str(commit.recover(out))
    assert files(out) == {"a.pdf": b"new a", "notices/b.pdf": b"new b"}
    assert commit.recover(out) is None


def test_a_torn_journal_counts_as_none(out: Path) -> None:
    (out / STAGING).mkdir()
    (out / STAGING / "journal.json").write_text('{"version": 1, "entries": [{"na')
    assert "discarded" in str(commit.recover(out))
    assert files(out) == OLD


def test_a_file_that_cannot_be_replaced_rolls_everything_back(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    replace = commit._replace

    def refuse_gone(source: Path, target: Path) -> None:
        if source.name == "gone.pdf":
            raise PermissionError(1, "Operation not permitted", str(source))
        replace(source, target)

    monkeypatch.setattr(commit, "_replace", refuse_gone)
    with pytest.raises(BuildError, match=r"cannot replace .*gone\.pdf: it is read-only or locked"):
        commit.commit(out, CHANGES, STAMP)
    assert files(out) == OLD
    assert not (out / STAGING).exists()


def test_a_link_in_the_way_of_an_output_folder_is_refused(out: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (out / "fresh").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(BuildError, match="a link is in the way"):
        commit.commit(out, CHANGES, STAMP)
    assert files(out) == OLD and list((tmp_path / "elsewhere").iterdir()) == []


def test_something_in_the_way_of_the_staging_folder_is_refused(out: Path) -> None:
    (out / STAGING).write_text("not ours")
    with pytest.raises(BuildError, match="is in the way of the pipeline's own folder"):
        commit.commit(out, CHANGES, STAMP)
    assert files(out) == {**OLD, STAGING: b"not ours"}
