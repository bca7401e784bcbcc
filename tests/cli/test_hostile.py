"""Untrusted sources: every bad input is refused with a located message, nothing outside the
project is read, nothing is fetched, and the last good outputs survive byte for byte."""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from pipeline.build import commit

from ..conftest import line_of, run_cli, snapshot
from ..pdfread import table_rows

pytestmark = pytest.mark.slow
PLAN = "sources/workplans/2021.yaml"
BRAND = "styles/brand.yaml"
FIRST_ACTIVITY = (
    "      - id: strategic-plan-2021-22\n"
    "        text: Release of the Regional Support Office *Strategic Plan 2021-22*"
)


@pytest.fixture
def root(built_project: Path) -> Path:
    return built_project


def replace_in(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def refused(root: Path, message: str, *args: str) -> str:
    """Build; assert exit 1, `message` on stderr, no traceback, dist untouched, no temporaries."""
    before = snapshot(root / "dist")
    result = run_cli("build", "--root", root, "--force", *args)
    assert result.returncode == 1, result.stdout
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(root / "dist") == before
    assert not list((root / "dist").rglob(f"{commit.STAGING}"))
    return result.stderr


# 1. YAML

YAML_CASES: dict[str, tuple[str, str, str, str]] = {
    "syntax error": (
        PLAN,
        "year: 2021",
        "year: [2021",
        "sources/workplans/2021.yaml:4:7: this list is not closed — end it with ']'",
    ),
    "tab indentation": (
        PLAN,
        "\nyear: 2021",
        "\n\tyear: 2021",
        "4:1: this line is indented with a tab",
    ),
    "duplicate key": (
        PLAN,
        "year: 2021\n",
        "year: 2021\nyear: 2022\n",
        "sources/workplans/2021.yaml:5:1: year: appears twice; first at line 4:1",
    ),
    "python tag": (
        PLAN,
        "year: 2021",
        "year: !!python/object/apply:os.system ['touch pwned']",
        "sources/workplans/2021.yaml:4:7: tags",
    ),
    "no where a number goes": (
        PLAN,
        "purposes: [1]\n",
        "purposes: [no]\n",
        "purposes: 'no' is not a whole number",
    ),
    "off where a number goes": (
        PLAN,
        "purposes: [1]\n",
        "purposes: [off]\n",
        "'off' is not a whole number",
    ),
    "0123": (
        "sources/releases/2021.yaml",
        "number: 12",
        "number: 0123",
        "'0123' is not a whole number — write 123, not 0123",
    ),
    "1_000": (
        "sources/releases/2021.yaml",
        "number: 12",
        "number: 1_000",
        "'1_000' is not a whole number — write 1000, without '_'",
    ),
    "date where text goes": (
        PLAN,
        "title: Reporting and Performance",
        "title: Reporting and Performance\n    bullets: 2021-01-01",
        "bullets: expected a list, found '2021-01-01'",
    ),
    "list where a mapping goes": (
        "sources/office.yaml",
        "contact:\n",
        "contact: [x]\nold:\n",
        "sources/office.yaml:14:10: contact: expected a mapping of fields, found a list",
    ),
}


@pytest.mark.parametrize("case", YAML_CASES)
def test_bad_yaml_is_refused(root: Path, case: str) -> None:
    name, old, new, message = YAML_CASES[case]
    replace_in(root, name, old, new)
    refused(root, message)
    assert not (root / "pwned").exists()


def test_an_alias_bomb_is_refused_before_expansion(root: Path) -> None:
    bomb = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 12))
    (root / PLAN).write_text("l0: &l0 [lol]\n" + bomb)
    refused(root, "sources/workplans/2021.yaml:1:5: anchors (&l0) are not allowed")


@pytest.mark.parametrize(
    ("case", "content", "message"),
    [
        ("17 MB", b"year: 2021\n" + b"# padding\n" * 1_700_000, "file is larger than the 16 MB"),
        (
            "not UTF-8",
            b"year: 2021\ntitle: Annual Workplan \xa92021\n",
            "sources/workplans/2021.yaml:2:24: file is not UTF-8 text (byte 0xa9)",
        ),
        ("empty", b"", "sources/workplans/2021.yaml:1:1: file is empty"),
        ("a list", b"- year: 2021\n", "sources/workplans/2021.yaml:1:1: expected a mapping"),
    ],
)
def test_unusable_files_are_refused(root: Path, case: str, content: bytes, message: str) -> None:
    (root / PLAN).write_bytes(content)
    refused(root, message)


# 2. Text content


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"A\\0B"', "control character U+0000 is not allowed in text"),
        ('"A\\x1bB"', "control character U+001B is not allowed in text"),
        ('"A\\uD800B"', "has a backslash that YAML cannot read as an escape in double quotes"),
        ('"A\\uFFFEB"', "U+FFFE is not a character that can be printed"),
        ("A \u202eevil", "U+202E (RIGHT-TO-LEFT OVERRIDE) is not allowed"),
        ("x" * 10_000, "is 10,000 characters long; at most 600 fit here"),
        ("An *unclosed title", "italic markup opened at character 4 is not closed"),
    ],
)
def test_unprintable_or_overlong_text_is_refused(root: Path, text: str, message: str) -> None:
    replace_in(root, PLAN, FIRST_ACTIVITY, f"      - text: {text}")
    stderr = refused(root, message)
    assert "sources/workplans/2021.yaml:47:" in stderr


HOSTILE = [
    '<script>alert("x")</script>',
    '<img src="file:///etc/passwd">',
    "</style>",
    "{{ 7*7 }}",
    "{% raw %}",
    "&amp; &lt;",
]


def test_markup_and_templates_in_text_are_shown_literally(root: Path) -> None:
    for text in HOSTILE:
        replace_in(
            root,
            PLAN,
            FIRST_ACTIVITY,
            f"{FIRST_ACTIVITY}\n        purposes: [2]\n      - text: 'Literal {text} end'",
        )
    result = run_cli("build", "--root", root, "--only", "annual-plan-2021.*")
    assert result.returncode == 0, result.stderr
    rows = [r.text for r in table_rows(root / "dist" / "annual-plan-2021.pdf")]
    docx = "\n".join(
        c.text
        for t in Document(str(root / "dist" / "annual-plan-2021.docx")).tables
        for row in t.rows
        for c in row.cells
    )
    for text in HOSTILE:
        assert f"Literal {text} end" in rows
        assert f"Literal {text} end" in docx
    assert "49" not in " ".join(r for r in rows if r.startswith("Literal"))


def test_hundreds_of_activities_in_one_quarter_paginate_with_headers(root: Path) -> None:
    many = "".join(
        f"      - text: Workshop number {i} on cooperation\n        purposes: [2]\n"
        for i in range(60)
    )
    replace_in(root, PLAN, FIRST_ACTIVITY, many + FIRST_ACTIVITY)
    result = run_cli("build", "--root", root, "--only", "annual-plan-2021.pdf")
    assert result.returncode == 0, result.stderr
    rows = table_rows(root / "dist" / "annual-plan-2021.pdf")
    assert len(rows) == 106
    assert [r.text for r in rows[:60]] == [f"Workshop number {i} on cooperation" for i in range(60)]
    assert len({r.page for r in rows[:60]}) >= 2
    assert all(row.headed for row in rows)  # every page of the table repeats its header


# 3. Assets and paths


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("/etc/passwd", "'/etc/passwd' must be a path inside styles/, without '..'"),
        ("../../etc/passwd.svg", "'../../etc/passwd.svg' must be a path inside styles/"),
        ("outside.svg", "'outside.svg' leads outside the project (a link?)"),
        ("zero.svg", "'zero.svg' leads outside the project (a link?)"),
        ("fonts", "'fonts' is not a file under styles/"),
    ],
)
def test_logo_paths_outside_the_project_are_refused(
    root: Path, tmp_path: Path, value: str, message: str
) -> None:
    os.mkfifo(tmp_path / "secret.svg")  # opening it to read would block: the build would hang
    (root / "styles" / "outside.svg").symlink_to(tmp_path / "secret.svg")
    (root / "styles" / "zero.svg").symlink_to("/dev/zero")
    replace_in(root, BRAND, "logo: logo.svg", f"logo: {value}")
    line = line_of(root / BRAND, f"logo: {value}")
    refused(root, f"styles/brand.yaml:{line}:7: file: {message}")


def test_a_font_path_to_a_device_is_refused(root: Path) -> None:
    (root / "styles" / "fonts" / "zero.ttf").symlink_to("/dev/zero")
    replace_in(root, BRAND, "fonts/NotoSans-Italic.ttf", "fonts/zero.ttf")
    refused(root, "styles/brand.yaml:25:14: file: 'fonts/zero.ttf' leads outside the project")


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """Serve HTTP on loopback and record every request it receives."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def add_css(root: Path, name: str, rule: str) -> None:
    path = root / "styles" / name
    path.write_text(rule + "\n" + path.read_text("utf-8"), "utf-8")


@pytest.mark.parametrize("sheet", ["plan.css", "notice.css"])
def test_a_network_url_in_css_is_refused_and_never_requested(
    root: Path, listener: tuple[str, list[str]], sheet: str
) -> None:
    url, requests = listener
    add_css(root, sheet, f'body {{ background: url("{url}/track.png"); }}')
    refused(root, f"refused to fetch {url}/track.png: only project files may be read")
    assert requests == []


def test_an_image_outside_the_project_is_refused_and_not_read(root: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    os.mkfifo(secret)  # opening it to read would block until the test's timeout
    add_css(root, "plan.css", f'.cover {{ background: url("{secret.as_uri()}"); }}')
    refused(root, f"refused to read {secret}: it is outside styles/")


def test_data_urls_are_refused(root: Path) -> None:
    add_css(root, "plan.css", '.cover { background: url("data:image/png;base64,AAAA"); }')
    refused(root, "refused to fetch data:image/png;base64,AAAA")


def test_an_attachment_link_is_refused(root: Path) -> None:
    replace_in(
        root,
        "layouts/plan.html.j2",
        "{% block body %}",
        '{% block body %}<a rel="attachment" href="brand.yaml.css">file</a>',
    )
    (root / "styles" / "brand.yaml.css").write_text("/* would be embedded */")
    refused(root, "refused to attach files to the PDF")


# 5. Resource limits


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  body: 10\n", "  body: 1e7\n", "styles/brand.yaml:14:9: body: '1e7' is not a number"),
        (
            "  body: 10\n",
            "  body: 10000000\n",
            "styles/brand.yaml:14:9: body: 10000000 is outside 6-16",
        ),
        ("  title: 44\n", "  title: " + "[" * 40 + "]" * 40 + "\n", "nested deeper than 24 levels"),
    ],
)
def test_unreasonable_brand_values_are_refused(
    root: Path, old: str, new: str, message: str
) -> None:
    replace_in(root, BRAND, old, new)
    refused(root, message)


def test_a_render_is_bounded_in_time(root: Path) -> None:
    many = "".join(
        f"      - text: Workshop number {i}\n        purposes: [2]\n" for i in range(800)
    )
    replace_in(root, PLAN, FIRST_ACTIVITY, many + FIRST_ACTIVITY)
    refused(
        root, "rendering took longer than 0.5 s; stopped", "--timeout", "0.5", "--only", "*.pdf"
    )


def test_notices_stay_readable_with_hostile_titles(root: Path) -> None:
    replace_in(
        root,
        "sources/releases/2021.yaml",
        "title: Access to Remedies",
        "title: 'Access <b>to</b> {{ 7*7 }} Remedies'",
    )
    assert run_cli("build", "--root", root).returncode == 0
    text = PdfReader(
        root / "dist" / "notices" / "RSO-REL-2021-12-notice-guide-access-to-remedies.pdf"
    ).pages[0]
    assert "Access <b>to</b> {{ 7*7 }} Remedies" in " ".join(text.extract_text().split())
