"""Helpers shared by the tests and `make bench`: the built course in a browser, and `make watch`.

Debian's chromium from PATH (never a browser downloaded by Playwright), started quiet on a
closed network; a folder served over HTTP on 127.0.0.1 as `make serve` does; and `make watch`
running in a course folder, its output read line by line.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

# What a scratch copy of the course leaves out: tools, builds and caches, none of them sources.
NOT_SOURCES = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", ".hypothesis", ".pytest_cache",
                                     "bench-results", "node_modules")

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


class Watch:
    """``python -m coursekit.watch`` running in ``course``, until the block ends."""

    FAILED = "The build failed"

    def __init__(self, course: Path):
        self.process = subprocess.Popen([sys.executable, "-u", "-m", "coursekit.watch"], cwd=course,
                                        text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self._lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def wait_for(self, words: str, timeout: float = 600) -> str:
        """The watch's output up to the first line holding ``words``. A failed build, the watch
        ending, or ``timeout`` seconds without it raise, with the output."""
        seen, deadline = [], time.monotonic() + timeout
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"no `{words}` from make watch in {timeout} s:\n" + "".join(seen)) from None
            if line is None:
                raise RuntimeError("make watch ended:\n" + "".join(seen))
            seen.append(line)
            if words in line:
                return "".join(seen)
            if self.FAILED in line:
                raise RuntimeError("make watch failed to build:\n" + "".join(seen))

    def __enter__(self) -> "Watch":
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
