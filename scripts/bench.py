#!/usr/bin/env python3
"""Measure what a teacher waits for: build times and page weight. Run by `make bench`.

Builds a copy of the course in a temporary folder (your _build is left alone) and reports the
median of several runs of: a clean build, a rebuild with no change, a rebuild after editing
one scenario, and `coursekit.validate`. Then it opens every page in headless Chromium over
HTTP and counts each page's requests and bytes (raw, and gzipped as a server would send them).
Machines are noisy: compare medians and ratios, not single runs.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY_IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", ".pytest_cache",
                                     ".hypothesis", "bench-results")
sys.path.insert(0, str(ROOT / "tests"))


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def build_times(runs: int) -> dict[str, list[float]]:
    jb = [str(Path(sys.executable).parent / "jupyter-book"), "build", ".", "--quiet"]
    validate = [sys.executable, "-m", "coursekit.validate"]
    times = {"clean build": [], "rebuild, no change": [], "rebuild after one scenario edit": [],
             "validate": []}
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "course"
        shutil.copytree(ROOT, book, ignore=COPY_IGNORE)
        scenario = sorted((book / "scenarios").rglob("*.yml"))[0]
        original = scenario.read_text(encoding="utf-8")
        for run in range(runs):
            shutil.rmtree(book / "_build", ignore_errors=True)
            times["clean build"].append(timed(jb, book))
            times["rebuild, no change"].append(timed(jb, book))
            scenario.write_text(original.replace("title: ", f"title: Edit {run} ", 1), encoding="utf-8")
            times["rebuild after one scenario edit"].append(timed(jb, book))
            scenario.write_text(original, encoding="utf-8")
            times["validate"].append(timed(validate, book))
    return times


def page_weights(html: Path) -> list[tuple[str, int, int, int]]:
    """(page, requests, raw bytes, gzipped bytes) for every page of the built course."""
    from playwright.sync_api import sync_playwright

    from conftest import QuietHandler, launch_chromium

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows = []
    pages = sorted(str(p.relative_to(html)) for p in html.glob("book/**/*.html"))
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for name in pages:
            context = browser.new_context()  # empty cache: a first visit
            page = context.new_page()
            bodies = []
            page.on("requestfinished", lambda request: bodies.append(_body(request)))
            page.goto(f"{base}/{name}", wait_until="networkidle")
            rows.append((name, len(bodies), sum(len(b) for b in bodies),
                         sum(len(gzip.compress(b, 6)) for b in bodies)))
            context.close()
        browser.close()
    server.shutdown()
    return rows


def _body(request) -> bytes:
    response = request.response()
    try:
        return response.body() if response else b""
    except Exception:  # a redirect or aborted request has no body to weigh
        return b""


def report(times: dict[str, list[float]], weights: list[tuple[str, int, int, int]], runs: int) -> str:
    lines = [f"Build times: median of {runs} runs (seconds), and as a share of a clean build", "",
             "| step | median s | runs | × clean build |", "| --- | ---: | --- | ---: |"]
    clean = statistics.median(times["clean build"])
    for step, values in times.items():
        median = statistics.median(values)
        lines.append(f"| {step} | {median:.2f} | {', '.join(f'{v:.2f}' for v in values)} | {median / clean:.2f} |")
    lines += ["", "Page weight: first visit, empty cache, over HTTP", "",
              "| page | requests | raw KB | gzipped KB |", "| --- | ---: | ---: | ---: |"]
    for name, count, raw, zipped in weights:
        lines.append(f"| {name} | {count} | {raw / 1024:.0f} | {zipped / 1024:.0f} |")
    lines.append(f"| median page | {statistics.median(w[1] for w in weights):.0f} | "
                 f"{statistics.median(w[2] for w in weights) / 1024:.0f} | "
                 f"{statistics.median(w[3] for w in weights) / 1024:.0f} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="how many times to build (default 3)")
    args = parser.parse_args()
    times = build_times(args.runs)
    html = ROOT / "_build" / "html"
    if not (html / "index.html").is_file():
        subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", ".", "--quiet"],
                       cwd=ROOT, check=True)
    text = report(times, page_weights(html), args.runs)
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "latest.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\n(also written to {out / 'latest.md'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
