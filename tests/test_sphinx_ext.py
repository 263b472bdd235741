"""The Sphinx extension, on a tiny fixture book built with Sphinx's own testing tools.

It proves the page carries each quiz as escaped data for quiz.js and loads nothing from
another host, that an edited scenario shows on the next incremental build, and that invalid
content stops the build with the validator's messages instead of a traceback.
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

from conftest import MINIBOOK
from coursekit import assets

pytest_plugins = "sphinx.testing.fixtures"
pytestmark = pytest.mark.slow


@pytest.fixture
def book(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(MINIBOOK, src, ignore=shutil.ignore_patterns("_build"))
    return src


def build(make_app, src: Path, fresh: bool = True):
    app = make_app("html", srcdir=src, freshenv=fresh, warningiserror=False)
    app.build()
    return app


def page(app) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_page_carries_each_quiz_as_data_for_the_component(make_app, book):
    soup = page(build(make_app, book))
    quizzes = soup.select("div.ck-quiz")
    assert [q["data-ck-id"] for q in quizzes] == ["game-chat", "check"]
    scenario = json.loads(quizzes[0]["data-ck-item"])
    assert scenario["kind"] == "scenario" and scenario["start"] == "first"
    assert [q["type"] for q in json.loads(quizzes[1]["data-ck-item"])["questions"]] == \
        ["single", "multiple", "true-false", "order"]
    # Without script (or in print) the content is still there as plain text.
    assert "What should Sam do?" in quizzes[0].select_one(".ck-fallback").get_text()


def test_page_loads_the_component_and_nothing_from_other_hosts(make_app, book):
    app = build(make_app, book)
    soup = page(app)
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    assert [src.split("?")[0] for src in scripts if "quiz" in src] == ["_static/quiz.js"]  # one request
    assert not any(s.get("type") == "module" for s in soup.find_all("script"))
    assert not [src for src in scripts if re.match(r"(https?:)?//", src)]
    assert not soup.find("script", type="application/vnd.jupyter.widget-state+json")
    # The component and its book host, joined by the extension (no copy of either on its own).
    static = Path(app.outdir) / "_static"
    assert (static / "quiz.js").read_text(encoding="utf-8") == assets.script("quiz.js")
    assert not (static / "quiz-book.js").exists()
    assert (Path(app.outdir) / "_static" / "quiz.css").is_file()


def test_markup_in_content_is_escaped(make_app, book):
    scenario = book / "scenarios" / "game-chat.yml"
    text = scenario.read_text(encoding="utf-8").replace(
        "title: Name-calling in a game", 'title: "<img src=x onerror=alert(1)> Name-calling"').replace(
        "Sam is playing an online game after school.", "Sam types <script>alert('hi')</script> in the game.")
    scenario.write_text(text, encoding="utf-8")
    html = (Path(build(make_app, book).outdir) / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html  # shown as text in the no-script copy


def test_an_edited_scenario_shows_on_the_next_build(make_app, book):
    build(make_app, book)
    scenario = book / "scenarios" / "game-chat.yml"
    scenario.write_text(scenario.read_text(encoding="utf-8").replace(
        "Name-calling in a game", "Unkind words in a game"), encoding="utf-8")
    soup = page(build(make_app, book, fresh=False))
    titles = [json.loads(q["data-ck-item"])["title"] for q in soup.select("div.ck-quiz")]
    assert titles[0] == "Unkind words in a game"


def test_invalid_content_stops_the_build_with_clear_messages(make_app, book, capsys):
    broken = book / "scenarios" / "game-chat.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("next: sorted", "next: nowhere"),
                      encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        build(make_app, book)
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert re.search(r"scenarios/game-chat\.yml:\d+: choice 1 of step `later` leads to `nowhere`", err)
    assert "The course was not built" in err
    assert not (book / "_build").exists() or not list((book / "_build").rglob("index.html"))


def _data_page(book: Path, directive: str) -> Path:
    (book / "data.md").write_text(f"# Made from data\n\n```{{course-data}} {directive}\n```\n", encoding="utf-8")
    return book / "data.md"


def _coverage_rows(app) -> dict:
    soup = BeautifulSoup((Path(app.outdir) / "data.html").read_text(encoding="utf-8"), "html.parser")
    return {row.find_all("td")[0].code.get_text(): row.find_all("td")[3].get_text(" ", strip=True)
            for row in soup.select("tbody tr")}


def test_a_data_page_is_made_at_build_time_and_kept_fresh(make_app, book):
    _data_page(book, "coverage")
    rows = _coverage_rows(build(make_app, book))
    assert rows == {"children-dont-retaliate": "check , game-chat",
                    "children-tell-trusted-adult-childline": "game-chat"}
    quiz = book / "quizzes" / "check.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace(
        "guidance: [children-dont-retaliate]", "guidance: [children-tell-trusted-adult-childline]", 1),
        encoding="utf-8")
    rows = _coverage_rows(build(make_app, book, fresh=False))
    assert rows["children-tell-trusted-adult-childline"] == "check , game-chat"


@pytest.mark.parametrize("parallel", [1, 2])
def test_a_data_page_is_read_again_only_when_its_part_changes(make_app, book, parallel):
    _data_page(book, "coverage")
    for n in range(6 if parallel > 1 else 0):  # read in worker processes, whose notes Sphinx merges
        (book / f"page{n}.md").write_text(f"# Page {n}\n\nWords.\n", encoding="utf-8")
    make_app("html", srcdir=book, freshenv=True, warningiserror=False, parallel=parallel).build()
    scenario = book / "scenarios" / "game-chat.yml"

    def pages_read_after(new_text: str) -> list[str]:
        scenario.write_text(new_text, encoding="utf-8")
        app = make_app("html", srcdir=book, freshenv=False, warningiserror=False)
        read = []
        app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
        app.build()
        return read

    text = scenario.read_text(encoding="utf-8")
    # The coverage table names items and guidance points, not titles: only the quiz's page changes.
    assert pages_read_after(text.replace("Name-calling in a game", "Unkind words in a game")) == ["index"]
    fewer_points = text.replace("[children-dont-retaliate, children-tell-trusted-adult-childline]",
                                "[children-dont-retaliate]")
    assert fewer_points != text
    assert pages_read_after(fewer_points) == ["data", "index"]


MISTYPED_PARTS = [
    ("coverge", "`coverge` is not a course-data part — use one of coverage, glossary"),
    ("progress", "`progress` needs a track after it — write one of pupils 7-11"),
    ("progress pupils", "`progress` needs a track after it"),
    ("coverage staff", "`coverage` takes nothing after it — write just `coverage`"),
]


@pytest.mark.parametrize("directive, says", MISTYPED_PARTS)
def test_a_mistyped_data_part_stops_the_build_at_its_line(make_app, book, capsys, directive, says):
    _data_page(book, directive)
    with pytest.raises(SystemExit) as stopped:
        build(make_app, book)
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert re.search(r"^data\.md:3: " + re.escape(says), err, re.MULTILINE), err
    assert "The course was not built" in err
    assert not list(Path(book).rglob("data.html"))


def test_a_mistyped_data_part_stops_a_parallel_build_as_cleanly(make_app, book, capsys):
    """Pages read in worker processes (`sphinx-build -j 2`) report the same line, and no traceback."""
    _data_page(book, "coverge")
    for n in range(6):  # Sphinx reads in parallel only with more than five pages to read
        (book / f"page{n}.md").write_text(f"# Page {n}\n\nWords.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        make_app("html", srcdir=book, freshenv=True, warningiserror=False, parallel=2).build()
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert re.search(r"^data\.md:3: `coverge` is not a course-data part", err, re.MULTILINE), err
    assert "parallel build error" not in err.lower() and "Traceback" not in err
    assert not list(Path(book).rglob("data.html"))


FENCES = [("```", "```"), ("~~~~", "~~~~"), (":::", ":::"), ("  ```", "  ```")]  # every form MyST accepts


@pytest.mark.parametrize("opening, closing", FENCES)
@pytest.mark.parametrize("directive, says", MISTYPED_PARTS)
def test_validate_finds_a_mistyped_data_part_in_the_book(minicourse, directive, says, opening, closing):
    page = minicourse / "book" / "tracks" / "data.md"
    page.parent.mkdir(parents=True)
    page.write_text(f"# Made from data\n\nSome words.\n\n{opening}{{course-data}} {directive}\n{closing}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "coursekit.validate", str(minicourse)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"^book/tracks/data\.md:5: " + re.escape(says), result.stderr, re.MULTILINE), result.stderr
