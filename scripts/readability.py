#!/usr/bin/env python3
"""Reading level of every lesson: Flesch–Kincaid grade of what its learners read.

Usage: .venv/bin/python scripts/readability.py [--all]
Measures each lesson's prose (without teacher notes or code) together with the text of the
scenarios and quizzes it shows, and compares it with its audience's limit. Exit 1 if any
lesson is over. ``--all`` also lists lessons within their limit.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import textstat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from coursekit import load_course  # noqa: E402

LIMITS = {"pupils 7-11": 4, "pupils 11-14": 7, "pupils 14-16": 8, "parents": 7, "staff": 10, "leaders": 10}


def plain(markdown: str) -> str:
    """Markdown to sentences: drop syntax, keep words. A heading, a list item or a paragraph
    without closing punctuation ends a sentence; lines wrapped inside a paragraph are joined."""
    sentences = []
    for block in re.split(r"\n\s*\n", markdown):
        current = []
        for line in block.splitlines():
            line = line.strip()
            if not line or line.startswith(":::") or re.match(r"^:[a-z]+:", line):
                continue
            starts_new = re.match(r"^(#+|[-*]|\d+\.)\s+", line)
            if starts_new and current:
                sentences.append(" ".join(current))
                current = []
            current.append(re.sub(r"^(#+|[-*]|\d+\.)\s+", "", line))
        if current:
            sentences.append(" ".join(current))
    text = " ".join(s if s[-1] in ".?!:" else s + "." for s in sentences if s)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`>|]", "", text)


def item_text(item: dict) -> str:
    parts = [item.get("title", ""), item.get("situation", ""), item.get("intro", "")]
    for step in item.get("steps", {}).values():
        parts.append(step["prompt"])
        parts += [c["text"] + ". " + c["feedback"] for c in step["choices"]]
    parts += [e["text"] for e in item.get("endings", {}).values()]
    for question in item.get("questions", []):
        parts.append(question["prompt"])
        parts += [o["text"] + ". " + o["feedback"] for o in question.get("options", [])]
    return plain("\n\n".join(p for p in parts if p))


def grade(lesson, course) -> float:
    text = plain(lesson.learner_text()) + " " + " ".join(item_text(course.items[i]) for i in lesson.items
                                                        if i in course.items)
    return textstat.flesch_kincaid_grade(text)


def measure(root: Path = ROOT) -> list[tuple[str, str, float, int]]:
    course = load_course(root)
    return [(str(lesson.path.relative_to(root)), lesson.audience, grade(lesson, course), LIMITS[lesson.audience])
            for lesson in course.lessons]


def main() -> int:
    rows = measure()
    over = [r for r in rows if r[2] > r[3]]
    for path, audience, fk, limit in rows:
        if "--all" in sys.argv or fk > limit:
            print(f"{'OVER' if fk > limit else 'ok  '} {fk:5.1f} (limit {limit:>2}) {audience:13} {path}")
    print(f"{len(rows) - len(over)} of {len(rows)} lessons within their reading level.")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
