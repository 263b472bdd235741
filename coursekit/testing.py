"""Helpers for driving the built course in a browser, shared by the tests and `make bench`.

Debian's chromium from PATH (never a browser downloaded by Playwright), started quiet on a
closed network, and a folder served over HTTP on 127.0.0.1 as `make serve` does.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

# Without the background-networking switches Chromium tries Google's hosts at every start.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class ChromiumMissing(RuntimeError):
    """chromium is not on PATH."""


def launch_chromium(playwright, args: list[str] | None = None):
    executable = shutil.which("chromium")
    if not executable:
        raise ChromiumMissing("chromium is not on PATH: run `make test`, which installs Debian's chromium")
    return playwright.chromium.launch(executable_path=executable, args=[*CHROMIUM_ARGS, *(args or [])])


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test and bench output readable
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on 127.0.0.1 while the block runs; yields its address."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
