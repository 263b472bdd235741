#!/usr/bin/env python3
"""Measure what a teacher waits for: build times and page weight. Run by `make bench`.

Builds copies of the course in a temporary folder (your _build is left alone) and reports the
median of several runs of: a clean build, a rebuild with no change, a rebuild after editing
one scenario (from the command line, and in `make watch`, timed from the save to the watch saying
it has built), `coursekit.validate`, and the imports alone that start every build, beside the
same course built the stock way (default myst-nb settings, cached execution, none of the
project's extensions); then clean builds of the course duplicated ×1, ×2 and ×4. Last it opens
every page in headless Chromium over HTTP and counts each page's requests and bytes (raw, and
gzipped as a server would send them).
Machines are noisy: compare medians and ratios, not single runs.
"""
from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from coursekit.testing import NOT_SOURCES

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


JB = [str(Path(sys.executable).parent / "jupyter-book"), "build", ".", "--quiet"]


def course_copy(tmp: Path, name: str, stock: bool = False, factor: int = 1) -> Path:
    """A copy of the course to build: the project's way, or the stock way, or duplicated."""
    book = tmp / name
    shutil.copytree(ROOT, book, ignore=NOT_SOURCES)
    if stock:  # default myst-nb settings, cached execution, none of the project's extensions
        config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8"))
        config["execute"]["execute_notebooks"] = "cache"
        config["sphinx"] = {}
        (book / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    if factor > 1:
        toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
        lessons = sorted(p for p in (book / "book").rglob("*.md") if "kernelspec:" in p.read_text(encoding="utf-8"))
        for copy in range(2, factor + 1):
            files = []
            for lesson in lessons:
                target = book / f"copy{copy}" / lesson.relative_to(book)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(lesson, target)
                files.append({"file": str(target.relative_to(book).with_suffix(""))})
            toc["parts"].append({"caption": f"Copy {copy}", "chapters": files})
        (book / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
    return book


def build_times(runs: int, stock: bool) -> tuple[dict[str, list[float]], list]:
    """Medians of each build step, and the weight of every page of the last build."""
    validate = [sys.executable, "-m", "coursekit.validate"]
    # What every build pays before it reads a page: starting Python and importing the build's
    # modules (Sphinx, myst-nb and what it imports, the extensions).
    start_up = [sys.executable, "-c", "import jupyter_book.sphinx, myst_nb.sphinx_ext, sphinx_design, "
                "sphinx_togglebutton, sphinx_external_toc, sphinx_comments, coursekit.sphinx_ext"]
    times = {"clean build": [], "rebuild, no change": [], "rebuild after one scenario edit": [],
             "validate": [], "start-up only (imports, no build)": []}
    with tempfile.TemporaryDirectory() as tmp:
        book = course_copy(Path(tmp), "course", stock=stock)
        scenario = sorted((book / "scenarios").rglob("*.yml"))[0]
        original = scenario.read_text(encoding="utf-8")
        for run in range(runs):
            shutil.rmtree(book / "_build", ignore_errors=True)
            times["clean build"].append(timed(JB, book))
            times["rebuild, no change"].append(timed(JB, book))
            scenario.write_text(original.replace("title: ", f"title: Edit {run} ", 1), encoding="utf-8")
            times["rebuild after one scenario edit"].append(timed(JB, book))
            scenario.write_text(original, encoding="utf-8")
            times["validate"].append(timed(validate, book))
            times["start-up only (imports, no build)"].append(timed(start_up, book))
        if not stock:  # the stock way has no watch
            times[WATCHED] = watch_rebuilds(book, scenario, runs)
        return times, page_weights(book / "_build" / "html")


WATCHED = "rebuild after one scenario edit, in `make watch`"


def watch_rebuilds(book: Path, scenario: Path, runs: int) -> list[float]:
    """Seconds from saving one scenario to `make watch` saying it has built, ``runs`` times."""
    from coursekit.testing import Watch

    original, times = scenario.read_text(encoding="utf-8"), []
    with Watch(book) as watch:
        watch.wait_for("Watching")
        for run in range(runs):
            time.sleep(1)  # an author's pause between saves; the watch tidies memory after a build
            start = time.perf_counter()
            scenario.write_text(original.replace("title: ", f"title: Watched {run} ", 1), encoding="utf-8")
            watch.wait_for("Built in")
            times.append(time.perf_counter() - start)
        scenario.write_text(original, encoding="utf-8")
        watch.wait_for("Built in")
    return times


def scaling(factors: list[int], runs: int) -> dict[int, tuple[int, list[float]]]:
    """Clean build time of the course duplicated ×N: (lesson pages, times) for each N."""
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        for factor in factors:
            book = course_copy(Path(tmp), f"x{factor}", factor=factor)
            pages = sum(1 for p in book.rglob("*.md") if "kernelspec:" in p.read_text(encoding="utf-8")
                        and "_build" not in p.parts)
            times = []
            for _ in range(runs):
                shutil.rmtree(book / "_build", ignore_errors=True)
                times.append(timed(JB, book))
            result[factor] = (pages, times)
    return result


def page_weights(html: Path) -> list[tuple[str, int, int, int]]:
    """(page, requests, raw bytes, gzipped bytes) for every page of the built course."""
    from playwright.sync_api import sync_playwright

    from coursekit.testing import launch_chromium, serving

    rows = []
    pages = sorted(str(p.relative_to(html)) for p in html.glob("book/**/*.html"))
    with sync_playwright() as playwright, serving(html) as base:
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
    return rows


def _body(request) -> bytes:
    response = request.response()
    try:
        return response.body() if response else b""
    except Exception:  # a redirect or aborted request has no body to weigh
        return b""


def weight_summary(weights: list, stock_weights: list) -> list[str]:
    med = statistics.median
    lines = ["", "Page weight: first visit, empty cache, over HTTP (goal: median ≤ 40 KB gzipped and "
             "≤ 6 requests, no page over 60 KB)", "",
             "| build | pages | median requests | max requests | median KB gzipped | max KB gzipped |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, rows in (("this project", weights), ("stock Jupyter Book", stock_weights)):
        if rows:
            lines.append(f"| {name} | {len(rows)} | {med(r[1] for r in rows):.0f} | {max(r[1] for r in rows)} | "
                         f"{med(r[3] for r in rows) / 1024:.1f} | {max(r[3] for r in rows) / 1024:.1f} |")
    return lines


def report(ours: dict, stock: dict, scale: dict, weights: list, runs: int, stock_weights: list) -> str:
    med = statistics.median
    clean = med(ours["clean build"])
    lines = [f"Build times: median of {runs} runs (seconds)", "",
             "| step | this project | runs | × its clean build | stock Jupyter Book | project ÷ stock |",
             "| --- | ---: | --- | ---: | ---: | ---: |"]
    for step, values in ours.items():
        theirs = f"{med(stock[step]):.2f} | {med(values) / med(stock[step]):.2f}" if step in stock else "— | —"
        lines.append(f"| {step} | {med(values):.2f} | {', '.join(f'{v:.2f}' for v in values)} | "
                     f"{med(values) / clean:.2f} | {theirs} |")
    data_pages = sum("{course-data}" in p.read_text(encoding="utf-8") for p in (ROOT / "book").rglob("*.md"))
    lines += ["", "The stock build caches execution on code cells only, so after a scenario edit it shows "
              "the old quiz: fast, but stale. Without the project's extension it also cannot make the "
              f"{data_pages} pages built from data (`{{course-data}}`), so it does a little less work.", "",
              "Clean build as the course grows (the whole course duplicated)", "",
              "| copies | notebook pages | median s | s per notebook page |", "| ---: | ---: | ---: | ---: |"]
    for factor, (pages, times) in scale.items():
        lines.append(f"| ×{factor} | {pages} | {med(times):.1f} | {med(times) / pages:.2f} |")
    lines += weight_summary(weights, stock_weights)
    lines += ["", "Every page of this project", "",
              "| page | requests | raw KB | gzipped KB |", "| --- | ---: | ---: | ---: |"]
    for name, count, raw, zipped in weights:
        lines.append(f"| {name} | {count} | {raw / 1024:.0f} | {zipped / 1024:.0f} |")
    lines.append(f"| median page | {med(w[1] for w in weights):.0f} | "
                 f"{med(w[2] for w in weights) / 1024:.0f} | {med(w[3] for w in weights) / 1024:.0f} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="how many times to build (default 3)")
    parser.add_argument("--scale", default="1,2,4", help="course copies to time a clean build of (default 1,2,4)")
    parser.add_argument("--weights", action="store_true",
                        help="only page weight: this project's _build/html beside one stock build")
    args = parser.parse_args()
    html = ROOT / "_build" / "html"
    if not (html / "index.html").is_file():
        subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", ".", "--quiet"],
                       cwd=ROOT, check=True)
    if args.weights:
        text = "\n".join(weight_summary(page_weights(html), build_times(1, stock=True)[1]))
    else:
        (ours, _), (stock, stock_weights) = build_times(args.runs, stock=False), build_times(args.runs, stock=True)
        scale = scaling([int(f) for f in args.scale.split(",")], args.runs)
        text = report(ours, stock, scale, page_weights(html), args.runs, stock_weights)
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "latest.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\n(also written to {out / 'latest.md'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
