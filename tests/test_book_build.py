"""The real course, built the way `make book` builds it, in a scratch copy.

Proves the two promises an author relies on: an edited scenario shows on the next build (no
stale cached output), and broken content stops `jupyter-book build` with the validator's
message, without a traceback and without writing a page from it.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

pytestmark = pytest.mark.slow
JB = str(Path(sys.executable).parent / "jupyter-book")
LESSON = Path("_build/html/book/pupils-11-14/someone-is-nasty-online.html")
SCENARIO = Path("scenarios/pupils-11-14/game-insults.yml")


@pytest.fixture(scope="module")
def course_copy(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("course") / "course"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__",
                                                              ".hypothesis", ".pytest_cache", "bench-results"))
    return copy


def jupyter_book(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([JB, "build", ".", "--warningiserror", "--quiet"], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def titles(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [json.loads(q["data-ck-item"])["title"] for q in soup.select("div.ck-quiz")]


def test_an_edited_scenario_shows_on_the_next_build(course_copy: Path):
    assert jupyter_book(course_copy).returncode == 0
    scenario = course_copy / SCENARIO
    old_title = re.search(r"^title: (.*)$", scenario.read_text(encoding="utf-8"), re.M).group(1)
    assert old_title in titles(course_copy / LESSON)
    scenario.write_text(scenario.read_text(encoding="utf-8").replace(old_title, "A brand new title", 1),
                        encoding="utf-8")
    assert jupyter_book(course_copy).returncode == 0
    assert "A brand new title" in titles(course_copy / LESSON)
    assert old_title not in titles(course_copy / LESSON)


def test_broken_content_stops_the_book_build_cleanly(course_copy: Path):
    shutil.rmtree(course_copy / "_build", ignore_errors=True)
    scenario = course_copy / SCENARIO
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("next: ", "next: nowhere-", 1), encoding="utf-8")
    try:
        result = jupyter_book(course_copy)
    finally:
        scenario.write_text(text, encoding="utf-8")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert re.search(r"scenarios/pupils-11-14/game-insults\.yml:\d+: choice \d of step `[a-z-]+` leads to `nowhere-",
                     output), output
    assert "Traceback" not in output
    assert not (course_copy / LESSON).exists()
