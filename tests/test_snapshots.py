"""Snapshots of what the build emits, so a dependency bump fails in seconds with a readable diff.

Each test writes text and compares it with a file in ``tests/test_snapshots/`` (pytest-regressions).
After a change you meant, look at the diff, then accept it with ``pytest tests/test_snapshots.py
--force-regen`` and commit the new files. Values that change from build to build (asset digests,
script hashes, the scratch folder) are blanked first.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from conftest import MINIBOOK
from coursekit import load_course
from coursekit.render import static_html
from test_bad_content import CASES, place, validate

LESSON = "book/pupils-7-11/being-kind-online.html"
CHANGING = [(re.compile(r"\?(digest|v)=[0-9a-f]+"), r"?\1=…"), (re.compile(r"sha256-[A-Za-z0-9+/=]+"), "sha256-…")]


def blank(text: str) -> str:
    for pattern, replacement in CHANGING:
        text = pattern.sub(replacement, text)
    return text


def skeleton(element: Tag, depth: int = 0) -> list[str]:
    """Each element as tag#id.class, indented; the article's own text is left out (it is content)."""
    name = element.name + (f"#{element['id']}" if element.get("id") else "") + \
        "".join(f".{c}" for c in element.get("class", []))
    lines = ["  " * depth + name]
    if element.name in ("article", "script", "style"):
        return lines
    for child in element.find_all(recursive=False):
        lines += skeleton(child, depth + 1)
    return lines


def test_a_lesson_pages_head_and_layout(built_course, file_regression):
    soup = BeautifulSoup((built_course / LESSON).read_text(encoding="utf-8"), "html.parser")
    head = "\n".join(blank(str(tag)) for tag in soup.head.find_all(recursive=False))
    file_regression.check(head + "\n\n" + "\n".join(skeleton(soup.body)) + "\n", extension=".txt")


def test_the_static_html_of_each_kind_of_item(file_regression):
    course = load_course(MINIBOOK)
    html = "\n\n".join(BeautifulSoup(static_html(course.item(item_id)), "html.parser").prettify()
                       for item_id in ("game-chat", "check"))
    file_regression.check(html, extension=".html")


def test_validate_says_the_same_of_every_broken_file(minicourse: Path, file_regression):
    said = []
    for case in CASES:
        target = place(case, minicourse)
        result = validate(minicourse)
        said.append(f"## {case.relative_to(case.parents[1] if case.parent.name == 'quizzes' else case.parent)}\n"
                    + result.stderr.replace(str(minicourse), "…"))
        target.unlink()
    file_regression.check("\n".join(said), extension=".txt")
