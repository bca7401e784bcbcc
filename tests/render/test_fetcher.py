"""The only way WeasyPrint reads a file: project assets by file: URL, nothing else."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.render.pdf.patches import load

load()  # the fetcher imports WeasyPrint's URL helpers

from pipeline.render.pdf.fetcher import MAX_IMPORTS, Refused, SafeFetcher  # noqa: E402


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "styles" / "fonts").mkdir(parents=True)
    (tmp_path / "styles" / "a.css").write_text("p { color: red }")
    (tmp_path / "styles" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.css").write_text("p { color: blue }")
    return tmp_path


def fetcher(project: Path) -> SafeFetcher:
    return SafeFetcher([project / "styles"], project)


def test_a_stylesheet_under_styles_is_served_with_its_type(project: Path) -> None:
    response = fetcher(project).fetch((project / "styles" / "a.css").as_uri())
    assert response.read() == b"p { color: red }"
    assert response.headers["Content-Type"] == "text/css"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://example.org/a.css", "refused to fetch https://example.org/a.css"),
        ("data:text/css,p{}", "refused to fetch data:text/css,p{}"),
        ("file://elsewhere/styles/a.css", "only project files may be read"),
    ],
)
def test_anything_but_a_local_file_is_refused(project: Path, url: str, message: str) -> None:
    with pytest.raises(Refused, match=message):
        fetcher(project).fetch(url)


def test_a_file_outside_styles_is_refused_without_reading_it(project: Path) -> None:
    with pytest.raises(Refused, match="it is outside styles/"):
        fetcher(project).fetch((project / "secret.css").as_uri())


def test_a_link_out_of_styles_is_resolved_first(project: Path) -> None:
    (project / "styles" / "link.css").symlink_to(project / "secret.css")
    with pytest.raises(Refused, match="it is outside styles/"):
        fetcher(project).fetch((project / "styles" / "link.css").as_uri())


def test_a_file_of_another_kind_is_refused(project: Path) -> None:
    (project / "styles" / "brand.yaml").write_text("colours: {}")
    with pytest.raises(Refused, match="not a stylesheet, image or font"):
        fetcher(project).fetch((project / "styles" / "brand.yaml").as_uri())


def test_a_fifo_is_refused_without_blocking(project: Path) -> None:
    os.mkfifo(project / "styles" / "pipe.css")
    with pytest.raises(Refused, match="is a FIFO"):
        fetcher(project).fetch((project / "styles" / "pipe.css").as_uri())


def test_a_stylesheet_fetched_again_and_again_is_an_import_cycle(project: Path) -> None:
    safe = fetcher(project)
    url = (project / "styles" / "a.css").as_uri()
    for _ in range(MAX_IMPORTS):
        safe.fetch(url)
    with pytest.raises(Refused, match="an @import cycle"):
        safe.fetch(url)
