"""Starting WeasyPrint: the library search skipped where direct names load, kept where not."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ..conftest import ROOT

COUNT_SEARCHES = """
import ctypes.util
searched = []
original = ctypes.util.find_library
def counting(name):
    searched.append(name)
    return original(name)
ctypes.util.find_library = counting
"""

RENDER = """
from pipeline.render.pdf.patches import fonts_of, load
weasyprint = load()
fonts_of("styles/fonts")  # as an engine does: the brand's fonts, the machine's none
pdf = weasyprint.HTML(string="<p>Bali Process</p>").write_pdf()
assert pdf.startswith(b"%PDF-"), pdf[:8]
assert ctypes.util.find_library is counting, "the search is put back"
print("searched", len(searched))
"""


def run(script: str) -> str:
    """Run `script` in a fresh interpreter (with the pipeline's fontconfig, not the one an
    earlier test of this process chose); return its output."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={name: value for name, value in os.environ.items() if name != "FONTCONFIG_FILE"},
    )
    return result.stdout


def test_weasyprint_starts_without_searching_for_its_libraries() -> None:
    assert run(COUNT_SEARCHES + RENDER).splitlines() == ["searched 0"]


def test_where_direct_names_fail_the_search_finds_the_libraries() -> None:
    refuse_direct = """
    import cffi.api
    load_library = cffi.api._load_backend_lib
    def only_by_search(backend, name, flags):
        if ctypes.util.find_library is not counting:  # the first, searchless attempt
            raise OSError(f"cannot load library {name!r}")
        return load_library(backend, name, flags)
    cffi.api._load_backend_lib = only_by_search
    """
    output = run(COUNT_SEARCHES + textwrap.dedent(refuse_direct) + RENDER).splitlines()
    assert len(output) == 1, "WeasyPrint's advice of the failed attempt is not printed"
    assert output[0].startswith("searched ") and int(output[0].split()[1]) > 0


def installed(distribution: str) -> str:
    """Return the installed version of a distribution."""
    from importlib import metadata

    return metadata.version(distribution)


def test_every_patched_library_is_a_version_its_patches_were_checked_against() -> None:
    from pipeline.render.pdf import patches
    from pipeline.render.word import internals

    checked = {**patches.CHECKED, **internals.CHECKED}
    assert {name: installed(name) for name in checked} == {
        name: next((v for v in versions if v == installed(name)), f"not one of {versions}")
        for name, versions in checked.items()
    }, "a patched library changed: re-examine its patches, then add its version to CHECKED"


def test_the_memoised_page_references_follow_added_pages() -> None:
    import pydyf

    from pipeline.render.pdf.patches import load

    load()
    pdf = pydyf.PDF()
    for count in (1, 2):
        page = pydyf.Dictionary({"Type": "/Page"})
        pdf.add_object(page)
        pdf.add_page(page)
        assert len(pdf.page_references) == count


def test_a_stream_written_again_is_compressed_once_as_pydyf_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import zlib

    import pydyf

    from pipeline.render.pdf.patches import load

    load()
    content = _content(b"BT /F1 12 Tf (%d) Tj ET" % id(monkeypatch), ending=False)  # new here
    made: list[int] = []
    compressobj = zlib.compressobj
    monkeypatch.setattr(zlib, "compressobj", lambda **kw: made.append(1) or compressobj(**kw))
    first, again = (pydyf.Stream([content], compress=True).data for _ in range(2))
    assert first == again and made == [1]
    expected = zlib.compressobj(level=9)
    body = expected.compress(content) + expected.flush()
    extra = pydyf.Dictionary({"Filter": "/FlateDecode", "Length": len(body)})
    assert first == b"\n".join((extra.data, b"stream", body, b"endstream"))  # pydyf's own form


def _content(start: bytes, ending: bool) -> bytes:
    """Return `start` with a run of letters after it, as long as it takes for its Flate stream
    to end with a carriage return (`ending`) or not (the checksum's last byte: its letters'
    sum, which an odd letter steps through every value of)."""
    import zlib

    runs = (start + b" a" * n for n in range(512))
    return next(made for made in runs if ((zlib.adler32(made) & 0xFF) == 13) == ending)


@pytest.mark.parametrize("compress", [True, False])
def test_no_stream_of_content_ends_with_a_carriage_return(compress: bool) -> None:
    import zlib

    import pydyf

    from pipeline.render.pdf.patches import load

    load()
    content = _content(b"BT (%d) Tj ET" % compress, ending=True)
    if not compress:
        content += b"\r"  # ends with one, as written
    data = pydyf.Stream([content], compress=compress).data
    assert b"\r\nendstream" not in data  # which a checker of PDF/A reads as one end of line
    body = data.split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
    shown = zlib.decompress(body) if compress else body
    assert shown.rstrip(b"\n") == content and shown != content  # a line feed after it
    assert b"/Length %d" % len(body) in data


def test_a_font_program_ending_with_a_carriage_return_is_padded_as_its_length_says() -> None:
    import zlib

    import pydyf

    from pipeline.render.pdf.patches import load

    load()
    program = _content(b"\0\1\0\0 a font program", ending=True)
    data = pydyf.Stream([program], {"Length1": len(program)}, compress=True).data
    assert b"\r\nendstream" not in data
    body = data.split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
    held = zlib.decompress(body)
    assert held.rstrip(b" ") == program and b"/Length1 %d" % len(held) in data


def _fontconfig_file(cache: Path, fonts: Path) -> str:
    """Return the fontconfig file a new process points at for `fonts`, caching in `cache`."""
    code = (
        "import os, sys; from pipeline.render.pdf import patches;"
        "patches.fonts_of(sys.argv[1]); print(os.environ['FONTCONFIG_FILE'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    env["XDG_CACHE_HOME"] = str(cache)
    ran = subprocess.run(
        [sys.executable, "-c", code, str(fonts)], capture_output=True, text=True, env=env
    )
    assert ran.returncode == 0, ran.stderr
    return ran.stdout.strip()


def test_fontconfig_files_are_kept_per_font_state_and_shared_by_processes(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    shutil.copytree(ROOT / "styles" / "fonts", fonts)
    first = _fontconfig_file(tmp_path / "cache", fonts)
    assert Path(first).parent == tmp_path / "cache" / "pipeline-fontconfig"
    assert _fontconfig_file(tmp_path / "cache", fonts) == first  # a second process: the same
    font = next(fonts.glob("*.ttf"))
    os.utime(font, ns=(1, 1))  # a changed font: a configuration (and cache) of its own
    changed = _fontconfig_file(tmp_path / "cache", fonts)
    assert changed != first
    assert str(fonts) in Path(changed).read_text()
    assert len(list((tmp_path / "cache" / "pipeline-fontconfig").glob("*.conf"))) == 2
