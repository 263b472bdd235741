"""Parts of pages made from data at build time: coverage of the guidance, the glossary, help
contacts, the authors' error list and schema, and each track's progress and certificate.

Each function takes the loaded ``Course`` and returns a ``Part``: Markdown (or HTML) and the
files it was made from, so the page is rebuilt whenever what it shows changes. The
``{course-data}`` directive (``coursekit.data_directive``) puts a part into a page.
"""
from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml

from . import schema_docs
from .contacts import FILE as CONTACTS_FILE, load_contacts
from .course import Course, load_course
from .errors import ContentError, InvalidContent, shown
from .school import FILE as SCHOOL_FILE, load_school

# The engine's examples: its smallest course, and the broken files the validation table is made from.
EXAMPLES = Path(__file__).parent / "examples"
AUDIENCES = {"pupils": "Pupils", "parents": "Parents and carers", "staff": "Staff", "leaders": "Leaders"}


@dataclass
class Part:
    text: str
    files: list  # the files it was made from
    html: bool = False  # raw HTML rather than Markdown


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "/")


def coverage(course: Course) -> Part:
    """Every guidance point, the lessons that teach it and the items that check it."""
    taught = {pid: [l for l in course.lessons if pid in l.teaches] for pid in course.points}
    checked = {pid: [] for pid in course.points}
    for item_id, item in course.items.items():
        ids = set(item["guidance"]) | {g for q in item.get("questions", []) for g in q.get("guidance", [])}
        for pid in ids:
            checked[pid].append(item_id)
    done = sum(1 for pid in course.points if taught[pid] and checked[pid])
    rows = [f"**{done} of {len(course.points)}** guidance points are taught in a lesson and checked "
            "by a scenario or quiz.", "",
            "| Guidance point | For | Taught in | Checked by |", "| --- | --- | --- | --- |"]
    for pid, point in course.points.items():
        lessons = "; ".join(f"{l.title} ({l.audience})" for l in taught[pid]) or "**not yet taught**"
        items = ", ".join(f"`{i}`" for i in sorted(checked[pid])) or "**not yet checked**"
        audiences = ", ".join(AUDIENCES[a] for a in point["audiences"])
        rows.append(f"| {_cell(point['summary'])} `{pid}` | {audiences} | {_cell(lessons)} | {items} |")
    return Part("\n".join(rows), course.sources + [l.path for l in course.lessons])


def _data(root: Path, name: str):
    path = root / "book" / "_data" / name
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def glossary(course: Course) -> Part:
    path, terms = _data(course.root, "glossary.yml")
    entries = [f"{t['term']}\n: {t['meaning']}\n" for t in sorted(terms["terms"], key=lambda t: t["term"].lower())]
    return Part("\n".join(entries), [path])


CONTACT_GROUPS = (("For children and young people", {"pupils"}),
                  ("For parents and carers", {"parents"}),
                  ("For school staff and leaders", {"staff", "leaders"}))
EMERGENCY = "emergency"  # shown first, on its own: it is for everyone


def contacts(course: Course) -> Part:
    """Every help route, by who it is for; 999 first and on its own, as it is for everyone."""
    routes = load_contacts(course.root)
    groups = [("If someone is in danger right now", [c for c in routes if c["id"] == EMERGENCY])]
    groups += [(heading, [c for c in routes if c["id"] != EMERGENCY and audiences & set(c["for"])])
               for heading, audiences in CONTACT_GROUPS]
    parts = []
    for heading, shown in groups:
        parts += [f"## {heading}\n", *map(_contact_line, shown), ""]
    return Part("\n".join(parts), [course.root / CONTACTS_FILE])


def _contact_line(contact: dict) -> str:
    """One route as a list item; its number and addresses become links at build time."""
    reach = [f"{verb} {contact[key]}" for key, verb in REACH if contact.get(key)]
    return f"- **{_cell(contact['name'])}**: {' or '.join(reach)}. {_cell(contact['when'])}"


REACH = (("phone", "call"), ("web", "go to"), ("email", "email"))


def schema(course: Course) -> Part:
    """The fields of each kind of item, from the checker's own tables."""
    return Part(schema_docs.schema_markdown(), [Path(schema_docs.__file__)])


def copy_example_content(target: Path) -> None:
    """The smallest example course's content (guidance map, one scenario, one quiz) into target."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("guidance-map.yml", "scenarios", "quizzes"):
        source = EXAMPLES / "minibook" / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)


def validation_errors(course: Course) -> Part:
    """Every validation error an author can meet, each shown on one of the engine's broken example
    files, dropped into a copy of its smallest example course."""
    cases = sorted((EXAMPLES / "bad_content").rglob("*.yml"))
    rows = ["| Example file | What the check says | How to fix it |", "| --- | --- | --- |"]
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            scratch = Path(tmp) / case.stem
            copy_example_content(scratch)
            folder = "quizzes" if case.parent.name == "quizzes" else "scenarios"
            shutil.copy(case, scratch / folder / case.name)
            try:
                load_course(scratch)
                continue
            except InvalidContent as invalid:
                error = next((e for e in invalid.errors if e.path.endswith(case.name)), invalid.errors[0])
            example = case.relative_to(EXAMPLES / "bad_content").as_posix()
            rows.append(f"| `{example}` line {error.line} | {_cell(error.problem)} | {_cell(error.fix)} |")
    return Part("\n".join(rows), cases)


TRACK_NAMES = {"pupils 7-11": "Pupils aged 7 to 11", "pupils 11-14": "Pupils aged 11 to 14",
               "pupils 14-16": "Pupils aged 14 to 16", "parents": "Parents and carers", "staff": "School staff", "leaders": "School leaders"}


def _toc_order(root: Path) -> list[str]:
    """Every file named in _toc.yml, in reading order, as paths like `book/staff/x.md`."""
    text = (root / "_toc.yml").read_text(encoding="utf-8")

    return [f"{name}.md" for name in re.findall(r"file:\s*(\S+)", text)]


def track_data(course: Course, audience: str) -> dict:
    """What the progress and certificate pages need to know about one track, in TOC order."""
    root = course.root
    order = {name: i for i, name in enumerate(_toc_order(root))}
    lessons = sorted((l for l in course.lessons if l.audience == audience),
                     key=lambda l: order.get(str(l.path.relative_to(root)), len(order)))
    data = {"track": audience, "name": TRACK_NAMES[audience], "lessons": []}
    for lesson in lessons:
        entry = {"title": lesson.title, "page": str(lesson.path.relative_to(root).with_suffix(".html")),
                 "kind": lesson.kind, "minutes": lesson.minutes, "items": lesson.items}
        if lesson.kind == "assessment":
            rules = _assessment_rules(course, lesson)
            entry["total"], entry["pass_mark"] = rules["questions_per_attempt"], rules["pass_mark"]
        data["lessons"].append(entry)
    data["minutes"] = sum(l.minutes for l in lessons)
    return data


def _assessment_rules(course: Course, lesson) -> dict:
    """The attempt size and pass mark of an assessment lesson's one assessed quiz (lessons.py checks there is one)."""
    return next(course.items[i]["assessment"] for i in lesson.items if "assessment" in course.items[i])


def _track_placeholder(course: Course, audience: str, css_class: str, with_school: bool = False) -> Part:
    data = track_data(course, audience)
    files = [course.root / "_toc.yml", *[course.root / Path(l["page"]).with_suffix(".md") for l in data["lessons"]],
             *[course.files[i] for l in data["lessons"] if l["kind"] == "assessment" for i in l["items"]]]
    if with_school:  # the certificate names the school and its DSL, who signs it
        details = load_school(course.root)
        data["school"] = details.get("school_name", "")
        data["dsl"] = details.get("designated_safeguarding_lead", {}).get("name", "")
        files.append(course.root / SCHOOL_FILE)
    return Part(f'<div class="{css_class}" data-ck-track="{escape(json.dumps(data))}">'
                f'<p>Your progress is kept in this browser. Turn on JavaScript to see it.</p></div>', files, html=True)


def progress(course: Course, audience: str) -> Part:
    """A placeholder that course.js fills with the learner's progress through one track."""
    return _track_placeholder(course, audience, "ck-progress")


def certificate(course: Course, audience: str) -> Part:
    """A placeholder that course.js turns into the certificate once the track is complete."""
    return _track_placeholder(course, audience, "ck-certificate", with_school=True)


# The names the {course-data} directive accepts, and whether each needs a track.
PARTS = {"coverage": (coverage, False), "glossary": (glossary, False), "contacts": (contacts, False),
         "schema": (schema, False), "validation-errors": (validation_errors, False),
         "progress": (progress, True), "certificate": (certificate, True)}
# Every fence MyST accepts: backticks, tildes or colons (colon_fence), indented by up to 3 spaces.
DATA_DIRECTIVE = re.compile(r"^ {0,3}(?:`{3,}|~{3,}|:{3,})\{course-data\}[ \t]*(.*)$", re.MULTILINE)


def part_problem(name: str, track: str) -> tuple[str, str] | None:
    """What is wrong with ``{course-data} name track``, and how to fix it; None if it is right."""
    if name not in PARTS:
        return f"`{name}` is not a course-data part", f"use one of {', '.join(PARTS)}"
    if PARTS[name][1] and track not in TRACK_NAMES:
        return f"`{name}` needs a track after it", f"write one of {', '.join(TRACK_NAMES)}"
    if not PARTS[name][1] and track:
        return f"`{name}` takes nothing after it", f"write just `{name}`"
    return None


def check_data_pages(root: Path) -> list[ContentError]:
    """Every ``{course-data}`` directive in the book names a part that exists, for `make validate`."""
    errors = []
    for path in sorted((root / "book").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for match in DATA_DIRECTIVE.finditer(text):
            name, _, track = match.group(1).strip().partition(" ")
            problem = part_problem(name, track.strip())
            if problem:
                line = text.count("\n", 0, match.start()) + 1
                errors.append(ContentError(shown(root, path), line, *problem))
    return errors
