"""The real course, built the way `make book` builds it, in a scratch copy.

Proves the promises an author relies on: an edited scenario shows on the next build (no stale
cached output); `make watch` builds each save as the command line would, and says what is wrong
with a broken file and goes on; and broken content stops `jupyter-book build` with the
validator's message, without a traceback and without writing a page from it.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import copy_course, jupyter_book
from coursekit.testing import Watch

pytestmark = pytest.mark.slow
LESSON = Path("_build/html/book/pupils-11-14/someone-is-nasty-online.html")
SCENARIO = Path("scenarios/pupils-11-14/game-insults.yml")


@pytest.fixture(scope="module")
def course_copy(tmp_path_factory) -> Path:
    return copy_course(tmp_path_factory.mktemp("course"))


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


def test_a_changed_pass_mark_shows_on_the_track_progress_page(course_copy: Path):
    quiz = course_copy / "quizzes" / "leaders" / "leaders-assessment.yml"
    text = quiz.read_text(encoding="utf-8")
    assert "questions_per_attempt: 20" in text
    assert jupyter_book(course_copy).returncode == 0  # built before the change
    quiz.write_text(text.replace("questions_per_attempt: 20", "questions_per_attempt: 19", 1), encoding="utf-8")
    try:
        assert jupyter_book(course_copy).returncode == 0
    finally:
        quiz.write_text(text, encoding="utf-8")
    soup = BeautifulSoup((course_copy / "_build/html/book/leaders/progress.html").read_text(encoding="utf-8"),
                         "html.parser")
    track = json.loads(soup.select_one(".ck-progress")["data-ck-track"])
    assessment = next(lesson for lesson in track["lessons"] if lesson["kind"] == "assessment")
    assert assessment["total"] == 19


def test_make_watch_builds_each_save_as_the_command_line_does(course_copy: Path):
    scenario, lesson = course_copy / SCENARIO, course_copy / LESSON
    text = scenario.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.M).group(1)
    edited = text.replace(title, "Seen by the watch", 1)
    assert jupyter_book(course_copy).returncode == 0
    unrelated = course_copy / "_build/html/book/pupils-7-11/being-kind-online.html"
    written = unrelated.stat().st_mtime_ns
    with Watch(course_copy) as watch:
        watch.wait_for("Watching")
        # Its Sphinx is set up as the command line's (jupyter-book's configuration, read through
        # its own code): had the configuration differed, its first build would rewrite every page.
        assert unrelated.stat().st_mtime_ns == written
        scenario.write_text(edited, encoding="utf-8")
        assert "game-insults.yml" in watch.wait_for("Built in")
        assert "Seen by the watch" in titles(lesson)
        shown = lesson.read_bytes()

        # A broken save: the problem at its line, no traceback, the last good page stays.
        scenario.write_text(edited.replace("next: ", "next: nowhere-", 1), encoding="utf-8")
        said = watch.wait_for(Watch.FAILED)
        assert re.search(r"scenarios/pupils-11-14/game-insults\.yml:\d+: choice \d of step", said), said
        assert "Traceback" not in said
        assert lesson.read_bytes() == shown

        # Mended: the watch starts afresh and builds.
        scenario.write_text(edited, encoding="utf-8")
        assert "Starting again" in watch.wait_for("Built in")
        assert lesson.read_bytes() == shown

        # A file read only at set-up makes it start again too.
        os.utime(course_copy / "_toc.yml")
        said = watch.wait_for("Built in")
        assert "Changed: _toc.yml. Starting again." in said, said

    # The command line, building the same sources, writes the same page.
    os.utime(scenario)
    assert jupyter_book(course_copy).returncode == 0
    assert lesson.read_bytes() == shown


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
