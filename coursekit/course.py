"""Load the whole course: the guidance map, every scenario and every quiz, checked together.

``load_course(root)`` returns a ``Course`` or raises ``InvalidContent`` listing every problem in
every file, so one run shows an author all there is to fix.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import rules
from .lessons import check_lessons
from .errors import ContentError, InvalidContent, shown
from .schema import GUIDANCE_MAP, QUIZ, SCENARIO, Checker
from .yamlfile import YamlProblem, line_of, read_yaml

GUIDANCE_FILE = "guidance-map.yml"
FOLDERS = {"scenarios": SCENARIO, "quizzes": QUIZ}


@dataclass
class Course:
    root: Path
    points: dict = field(default_factory=dict)  # guidance point id -> record
    items: dict = field(default_factory=dict)  # item id -> render-ready dict
    files: dict = field(default_factory=dict)  # item id -> Path of its YAML file
    id_lines: dict = field(default_factory=dict)  # item id -> line of its `id:` key
    lessons: list = field(default_factory=list)  # lessons.Lesson, in file order
    sources: list = field(default_factory=list)  # content_files(root) as they were when loaded

    def item(self, item_id: str) -> dict:
        if item_id not in self.items:
            raise KeyError(f"no scenario or quiz has the id {item_id!r}; "
                           f"ids in this course include: {', '.join(sorted(self.items)[:12])}")
        return self.items[item_id]


def content_files(root: Path) -> list[Path]:
    """Every file the course reads, guidance map first: what a build depends on."""
    files = [root / GUIDANCE_FILE]
    for folder in FOLDERS:
        files += sorted(p for p in (root / folder).rglob("*") if p.suffix in (".yml", ".yaml"))
    return files


def load_course(root: Path, lessons: bool = True) -> Course:
    """Check and load everything under ``root``; ``lessons=False`` skips reading the lessons."""
    root = Path(root).resolve()
    course, errors = Course(root, sources=content_files(root)), []
    course.points = _load_points(root, errors)
    for path in course.sources[1:]:
        _load_item(course, path, FOLDERS[path.relative_to(root).parts[0]], errors)
    if course.points and lessons:
        course.lessons, lesson_errors = check_lessons(root, course, lambda p: shown(root, p))
        errors.extend(lesson_errors)
    if errors:
        raise InvalidContent(errors)
    return course


_loaded: dict = {}


def load_items(root: Path) -> Course:
    """The course's items, loaded once per process and again only when a content file changes.

    Every quiz cell of every lesson asks for this, so it must not re-read the course each time.
    """
    root = Path(root).resolve()
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in content_files(root))
    if root not in _loaded or _loaded[root][0] != stamp:
        _loaded[root] = (stamp, load_course(root, lessons=False))
    return _loaded[root][1]


def _read(root: Path, path: Path, errors: list):
    try:
        return read_yaml(path, shown(root, path))
    except YamlProblem as problem:
        errors.append(problem.error)
    except OSError as err:
        errors.append(ContentError(shown(root, path), 1, f"the file cannot be read ({err.strerror})",
                                   "check that it exists and that you may read it"))
    return None


def _load_points(root: Path, errors: list) -> dict:
    path = root / GUIDANCE_FILE
    raw = _read(root, path, errors)
    if raw is None:
        return {}
    checker = Checker(shown(root, path))
    data = checker.check(raw, GUIDANCE_MAP, "the guidance map")
    points = {}
    for i, point in enumerate(data.get("points", [])):
        if point.get("id") in points:
            checker.error(line_of(raw["points"], i), f"guidance point `{point['id']}` is listed twice",
                          "keep one record per point")
        points[point.get("id")] = point
    errors.extend(checker.errors)
    return points


def _load_item(course: Course, path: Path, shape: dict, errors: list) -> None:
    raw = _read(course.root, path, errors)
    if raw is None:
        return
    checker = Checker(shown(course.root, path))
    kind = "scenario" if shape is SCENARIO else "quiz"
    item = checker.check(raw, shape, f"this {kind}")
    if not isinstance(raw, dict):
        errors.extend(checker.errors)
        return
    rules.check_audience(item, raw, checker)
    if kind == "scenario":
        rules.check_scenario(item, raw, checker)
    else:
        item = rules.check_quiz(item, raw, checker)
    _check_references(course, item, raw, checker)
    errors.extend(checker.errors)
    if checker.errors or "id" not in item:
        return
    if item["id"] in course.items:
        first, first_line = course.files[item["id"]], course.id_lines[item["id"]]
        for path, other, line in ((first, checker.path, first_line),
                                  (path, shown(course.root, first), line_of(raw, "id"))):
            errors.append(ContentError(shown(course.root, path), line, f"the id `{item['id']}` is also used by {other}",
                                       "give each scenario and quiz its own id"))
        return
    course.items[item["id"]] = {"kind": kind, **item}
    course.files[item["id"]] = path
    course.id_lines[item["id"]] = line_of(raw, "id")


def _check_references(course: Course, item: dict, raw, checker: Checker) -> None:
    if not course.points:
        return  # the guidance map itself is broken; that error is reported already
    places = [(item.get("guidance", []), raw.get("guidance"))]
    for i, question in enumerate(item.get("questions", [])):
        raw_q = raw["questions"][i]
        places.append((question.get("guidance", []), raw_q.get("guidance") if isinstance(raw_q, dict) else None))
    for ids, raw_ids in places:
        for j, point in enumerate(ids):
            if point not in course.points:
                checker.error(line_of(raw_ids, j, line_of(raw_ids)), f"unknown guidance point `{point}`",
                              f"use an id from {GUIDANCE_FILE}, for example `{_nearest(point, course.points)}`")


def _nearest(name: str, names) -> str:
    close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.0)
    return close[0] if close else next(iter(names))


def find_root(start: Path | None = None) -> Path:
    """The course folder: $COURSEKIT_ROOT, else the nearest folder above ``start`` with the map."""
    if os.environ.get("COURSEKIT_ROOT"):
        return Path(os.environ["COURSEKIT_ROOT"]).resolve()
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / GUIDANCE_FILE).is_file():
            return folder
    beside_package = Path(__file__).resolve().parent.parent
    if (beside_package / GUIDANCE_FILE).is_file():
        return beside_package
    raise FileNotFoundError(f"no {GUIDANCE_FILE} found in {here} or any folder above it; "
                            "run from inside the course folder or set COURSEKIT_ROOT")
