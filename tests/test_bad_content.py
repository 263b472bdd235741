"""Every kind of broken content is refused with `path:line: what is wrong — how to fix it`.

Each file in coursekit/examples/bad_content/ starts with `# expect-line: N` and `# expect: text`; it is
dropped into a copy of the fixture book and must be refused, without a traceback, both by
`coursekit.validate` and by the book build, which must then write no page at all.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, MINIBOOK
from coursekit import InvalidContent, load_course

pytest_plugins = "sphinx.testing.fixtures"

BAD = EXAMPLES / "bad_content"
CASES = sorted(BAD.rglob("*.yml"))


def expectation(path: Path) -> tuple[int, str]:
    head = path.read_text(encoding="utf-8").splitlines()[:2]
    line = int(re.search(r"expect-line: (\d+)", head[0]).group(1))
    return line, head[1].split("expect: ", 1)[1]


def place(case: Path, course: Path) -> Path:
    folder = "quizzes" if case.parent.name == "quizzes" else "scenarios"
    target = course / folder / case.name
    shutil.copy(case, target)
    return target


def validate(course: Path) -> subprocess.CompletedProcess:
    """Run from the folder above the course: files are still named from the course's root."""
    return subprocess.run([sys.executable, "-m", "coursekit.validate", str(course)],
                          capture_output=True, text=True, cwd=course.parent, timeout=60)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_validate_refuses_with_file_line_and_fix(case: Path, minicourse: Path):
    line, fragment = expectation(case)
    target = place(case, minicourse)
    result = validate(minicourse)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    shown = f"{target.relative_to(minicourse)}:{line}: "
    matching = [m for m in result.stderr.splitlines() if m.startswith(shown) and fragment in m]
    assert matching, f"wanted {shown}…{fragment}…, got:\n{result.stderr}"
    assert all(" — " in m for m in matching), "every message says how to fix it"


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_the_build_refuses_it_too_and_writes_no_page(case: Path, tmp_path: Path, make_app, capsys):
    book = tmp_path / "book"
    shutil.copytree(MINIBOOK, book)
    target = place(case, book)
    line, fragment = expectation(case)
    with pytest.raises(SystemExit) as stopped:  # the build's own exit, which prints no traceback
        make_app("html", srcdir=book, freshenv=True).build()
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert f"{target.relative_to(book)}:{line}: " in err and fragment in err
    assert not list(book.rglob("*.html"))


@pytest.mark.slow
def test_sphinx_build_itself_stops_with_the_message_and_no_traceback(tmp_path: Path):
    """The same through the command line, once: the exit status and what the author reads."""
    book = tmp_path / "book"
    shutil.copytree(MINIBOOK, book)
    case = BAD / "unknown-next.yml"
    target = place(case, book)
    line, fragment = expectation(case)
    out = tmp_path / "html"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(book), str(out)],
                            capture_output=True, text=True, cwd=book, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{target.relative_to(book)}:{line}: " in result.stderr and fragment in result.stderr
    assert not list(out.rglob("*.html"))


def test_not_utf8_is_refused(minicourse: Path):
    target = minicourse / "scenarios" / "latin1.yml"
    target.write_bytes("id: latin1\ntitle: Caf\xe9\n".encode("latin-1"))
    result = validate(minicourse)
    assert result.returncode == 1
    assert "scenarios/latin1.yml:2: the file is not UTF-8 text" in result.stderr


def test_oversized_file_is_refused(minicourse: Path):
    target = minicourse / "scenarios" / "huge.yml"
    target.write_text("situation: " + "x" * 300_000 + "\n", encoding="utf-8")
    result = validate(minicourse)
    assert result.returncode == 1
    assert "scenarios/huge.yml:1: the file is 292 KB, over the 256 KB limit" in result.stderr


def test_every_problem_in_one_pass(minicourse: Path):
    for name in ("unknown-key.yml", "unknown-next.yml"):
        place(BAD / name, minicourse)
    with pytest.raises(InvalidContent) as raised:
        load_course(minicourse)
    files = {error.path.rsplit("/", 1)[-1] for error in raised.value.errors}
    assert files == {"unknown-key.yml", "unknown-next.yml"}


def test_the_fixture_course_is_valid(minicourse: Path):
    result = validate(minicourse)
    assert result.returncode == 0, result.stderr
    assert "Content OK: 1 scenarios, 1 quizzes, 0 lessons, 2 guidance points." in result.stdout


LESSON_HEAD = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
lesson:
  track: {track}
  minutes: 20
  teaches: [{teaches}]
---

# A lesson

**Time:** 20 minutes

## What you will learn

- Something.
"""


def test_a_lesson_problem_is_reported_at_its_own_line(minicourse: Path):
    folder = minicourse / "book" / "staff"
    folder.mkdir(parents=True)
    (folder / "bad-track.md").write_text(LESSON_HEAD.format(track="staf", teaches="adults-report"), encoding="utf-8")
    (folder / "no-key-points.md").write_text(LESSON_HEAD.format(track="staff", teaches="no-such-point"), encoding="utf-8")
    unclosed = LESSON_HEAD.format(track="staff", teaches="adults-report").replace("minutes: 20", "minutes: [20")
    (folder / "broken-front-matter.md").write_text(unclosed, encoding="utf-8")
    result = validate(minicourse)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    err = result.stderr
    assert re.search(r"^book/staff/bad-track\.md:11: `track: staf` is not a track", err, re.M), err
    assert re.search(r"^book/staff/no-key-points\.md:13: `teaches` names unknown guidance point `no-such-point`", err, re.M), err
    assert re.search(r"^book/staff/no-key-points\.md:16: the lesson has no `## Key points`", err, re.M), err
    # The front matter's own YAML: the line where the reader gave up, not line 1.
    assert re.search(r"^book/staff/broken-front-matter\.md:1[2-4]: the front matter is not valid YAML", err, re.M), err
