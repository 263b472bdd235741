"""Shared fixtures: the repository root, the built course, and a tiny course to break."""
from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIBOOK = FIXTURES / "minibook"
# Where the built course is: `make book` puts it in _build/html; COURSE_BUILD points elsewhere.
BUILT = Path(os.environ.get("COURSE_BUILD") or ROOT / "_build" / "html")


@pytest.fixture
def minicourse(tmp_path: Path) -> Path:
    """A copy of the fixture course (guidance map, one scenario, one quiz) to edit freely."""
    for name in ("guidance-map.yml", "scenarios", "quizzes"):
        source = MINIBOOK / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    return tmp_path


@pytest.fixture(scope="session")
def built_course() -> Path:
    if not (BUILT / "index.html").is_file():
        pytest.fail("The course is not built: run `make book` (or `make test`, which builds it first).")
    return BUILT


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def launch_chromium(playwright):
    """Debian's chromium from PATH (never a downloaded browser), quiet on a closed network."""
    executable = shutil.which("chromium")
    if not executable:
        pytest.fail("chromium is not on PATH: run `make test`, which installs Debian's chromium")
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


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


@contextlib.contextmanager
def serving(folder: Path):
    """A folder served over HTTP on 127.0.0.1 while the block runs; yields its address."""
    import functools
    import http.server
    import threading

    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def course_url(built_course):
    """The built course served over HTTP on 127.0.0.1, as `make serve` does."""
    with serving(built_course) as url:
        yield url


def _quiet_handler():
    import http.server

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep test output readable
            pass

    return Handler


QuietHandler = _quiet_handler()
