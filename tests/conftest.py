"""Shared fixtures: the repository root, the built course, and a tiny course to break."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit import testing
from coursekit.pages import copy_example_content
from coursekit.testing import CHROMIUM_ARGS, NOT_SOURCES, QuietHandler, serving  # noqa: F401 (used by the tests)

ROOT = Path(__file__).resolve().parent.parent
# The engine's examples: the smallest course (one page, one scenario, one quiz) and broken files.
EXAMPLES = ROOT / "coursekit" / "examples"
MINIBOOK = EXAMPLES / "minibook"
# Where the built course is: `make book` puts it in _build/html; COURSE_BUILD points elsewhere.
BUILT = Path(os.environ.get("COURSE_BUILD") or ROOT / "_build" / "html")
JB = str(Path(sys.executable).parent / "jupyter-book")


def copy_course(folder: Path) -> Path:
    """A scratch copy of the whole course's sources in ``folder``/course, to edit and build."""
    copy = folder / "course"
    shutil.copytree(ROOT, copy, ignore=NOT_SOURCES)
    return copy


def jupyter_book(cwd: Path, strict: bool = True) -> subprocess.CompletedProcess:
    """``jupyter-book build .`` in ``cwd``; ``strict`` makes warnings errors, as ``make book`` does."""
    return subprocess.run([JB, "build", ".", "--quiet", *(["--warningiserror"] if strict else [])], cwd=cwd,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture
def minicourse(tmp_path: Path) -> Path:
    """A copy of the fixture course (guidance map, one scenario, one quiz) to edit freely."""
    copy_example_content(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def built_course() -> Path:
    if not (BUILT / "index.html").is_file():
        pytest.fail("The course is not built: run `make book` (or `make test`, which builds it first).")
    return BUILT


def launch_chromium(playwright, args: list[str] | None = None):
    try:
        return testing.launch_chromium(playwright, args)
    except testing.ChromiumMissing as missing:
        pytest.fail(str(missing))


@pytest.fixture(scope="session")
def playwright():
    """One Playwright for the whole run: its sync API cannot be started twice at once."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright):
    chromium = launch_chromium(playwright)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def course_url(built_course):
    """The built course served over HTTP on 127.0.0.1, as `make serve` does."""
    with serving(built_course) as url:
        yield url
