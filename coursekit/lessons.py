"""Lessons: the MyST notebooks in ``book/`` that declare themselves with a ``lesson:`` header.

A lesson's front matter says who it is for, how long it takes and which guidance points it
teaches; its body shows items with ``quiz("id")`` cells. ``check_lessons`` holds every lesson
to the course's shape (time, objectives, key points, a scenario and a knowledge check, teacher
notes for pupils) and reports problems the same way as content errors.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ContentError
from .schema import AGE_BANDS, TRACKS
from .yamlfile import FAST_SAFE_LOADER

QUIZ_CALL = re.compile(r'^quiz\("([^"]+)"\)\s*$', re.M)
TEACHER_NOTES = re.compile(r"^:::\{admonition\} Teacher notes\n.*?^:::\s*$", re.M | re.S)
KINDS = ("lesson", "assessment")


@dataclass
class Lesson:
    path: Path
    title: str
    track: str
    age_band: str | None
    minutes: int
    kind: str
    teaches: list = field(default_factory=list)
    items: list = field(default_factory=list)  # ids shown with quiz("…"), in page order
    body: str = ""
    source: str = ""  # the whole file, front matter included, for the line of what is wrong
    title_line: int = 1

    def line_of(self, needle: str) -> int:
        """The line where ``needle`` first stands, or the title's line (for what is missing)."""
        return _line_of(self.source, needle) or self.title_line

    @property
    def audience(self) -> str:
        return f"pupils {self.age_band}" if self.track == "pupils" else self.track

    def learner_text(self) -> str:
        """The page's prose for learners: no teacher notes, code cells or front matter."""
        text = TEACHER_NOTES.sub("", self.body)
        text = re.sub(r"^```.*?^```\s*$", "", text, flags=re.M | re.S)
        return text


def _line_of(text: str, needle: str) -> int | None:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def _key_line(header: str, key: str) -> int:
    """The line of ``key:`` under ``lesson:`` in the front matter, else that of ``lesson:``."""
    below = _line_of(header, f"\n  {key}:")
    return below + 1 if below else _line_of(header, "lesson:") or 1


def lesson_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "book").rglob("*.md") if _front_matter_text(p) and "\nlesson:" in
                  "\n" + _front_matter_text(p))


def _front_matter_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return ""
    end = text.find("\n---", 4)
    return text[4:end] if end > 0 else ""


def read_lesson(path: Path, shown_as: str, errors: list) -> Lesson | None:
    text = path.read_text(encoding="utf-8")
    head_end = text.find("\n---", 4)
    try:
        meta = (yaml.load(text[4:head_end], Loader=FAST_SAFE_LOADER) or {}).get("lesson")
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)  # counted from the line after the first `---`
        errors.append(ContentError(shown_as, mark.line + 2 if mark else 1,
                                   f"the front matter is not valid YAML ({getattr(err, 'problem', err)})",
                                   "check the lines between the two `---`"))
        return None
    body = text[head_end + 4:]
    offset = text[:head_end + 4].count("\n")
    problems = _check_meta(meta)
    if problems:
        header = text[:head_end]
        errors.extend(ContentError(shown_as, _key_line(header, key), p, f) for key, p, f in problems)
        return None
    title = re.search(r"^# (.+)$", body, re.M)
    lesson = Lesson(path=path, title=title.group(1).strip() if title else path.stem, track=meta["track"],
                    age_band=meta.get("age_band"), minutes=meta["minutes"], kind=meta.get("kind", "lesson"),
                    teaches=list(meta.get("teaches") or []), items=QUIZ_CALL.findall(body), body=body,
                    source=text, title_line=offset + body[:title.start()].count("\n") + 1 if title else 1)
    lesson.item_lines = [offset + body[:m.start()].count("\n") + 1 for m in QUIZ_CALL.finditer(body)]
    return lesson


def _check_meta(meta) -> list[tuple[str, str, str]]:
    """(the key at fault, what is wrong, how to fix it) for each problem of the front matter."""
    if not isinstance(meta, dict):
        return [("lesson", "the `lesson:` header is not a set of `key: value` lines",
                 "write `track:`, `minutes:` and `teaches:` under `lesson:`")]
    problems = []
    if meta.get("track") not in TRACKS:
        problems.append(("track", f"`track: {meta.get('track')}` is not a track", "use one of " + ", ".join(TRACKS)))
    if (meta.get("track") == "pupils") != (meta.get("age_band") in AGE_BANDS):
        problems.append(("age_band", "`age_band` must be given for pupil lessons only", "use `age_band: 7-11`, `11-14` or `14-16`"))
    if not isinstance(meta.get("minutes"), int) or not 1 <= meta["minutes"] <= 120:
        problems.append(("minutes", "`minutes` is missing or not a whole number", "give the lesson's length, e.g. `minutes: 30`"))
    if meta.get("kind", "lesson") not in KINDS:
        problems.append(("kind", f"`kind: {meta.get('kind')}` is not known", "use `lesson` or `assessment`"))
    unknown = set(meta) - {"track", "age_band", "minutes", "kind", "teaches"}
    if unknown:
        problems.append((sorted(unknown)[0], f"unknown key(s) {', '.join(sorted(unknown))} under `lesson:`",
                         "use only track, age_band, minutes, kind and teaches"))
    return problems


SECTIONS = {"lesson": ("**Time:**", "## What you will learn", "## Key points"), "assessment": ("**Time:**",)}


def check_lessons(root: Path, course, shown) -> tuple[list[Lesson], list[ContentError]]:
    """Read every lesson and check it against the course: sections, items and guidance ids."""
    lessons, errors = [], []
    for path in lesson_files(root):
        where = shown(path)
        lesson = read_lesson(path, where, errors)
        if lesson is None:
            continue
        lessons.append(lesson)
        for heading in SECTIONS[lesson.kind]:
            if heading not in lesson.body:
                errors.append(ContentError(where, lesson.title_line, f"the lesson has no `{heading}`", f"add a `{heading}` part"))
        for point in lesson.teaches:
            if point not in course.points:
                errors.append(ContentError(where, lesson.line_of(point), f"`teaches` names unknown guidance point `{point}`",
                                           "use an id from guidance-map.yml"))
        for item_id, line in zip(lesson.items, lesson.item_lines):
            if item_id not in course.items:
                errors.append(ContentError(where, line, f'quiz("{item_id}") names no scenario or quiz',
                                           "use the `id:` of a file in scenarios/ or quizzes/"))
        kinds = {course.items[i]["kind"] for i in lesson.items if i in course.items}
        needed = {"scenario", "quiz"} if lesson.kind == "lesson" else {"quiz"}
        for kind in sorted(needed - kinds):
            errors.append(ContentError(where, lesson.title_line, f"the {lesson.kind} shows no {kind}",
                                       f'add a cell with quiz("…") naming a {kind}'))
        assessed = [i for i in lesson.items if "assessment" in course.items.get(i, {})]
        if lesson.kind == "assessment" and set(lesson.items) <= course.items.keys() and len(assessed) != 1:
            errors.append(ContentError(where, lesson.title_line, f"the assessment shows {len(assessed)} quizzes marked `assessment:`",
                                       "show exactly one quiz whose YAML has `assessment:` with `questions_per_attempt:`"))
        if lesson.track == "pupils" and lesson.kind == "lesson" and not TEACHER_NOTES.search(lesson.body):
            errors.append(ContentError(where, lesson.title_line, "a pupil lesson has no teacher notes",
                                       "add a `:::{admonition} Teacher notes` block"))
    return lessons, errors
