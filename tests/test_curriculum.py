"""The curriculum as a whole: every guidance point reaches its audience, at the right reading
level, with exact safeguarding contacts and in our own words."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import BUILT, ROOT
from coursekit import load_course

sys.path.insert(0, str(ROOT / "scripts"))
import readability  # noqa: E402

COPY_CHECK = ROOT.parent / "shared" / "tools" / "copied-from-guidance.py"
CONTACTS = {"999", "101", "0800 1111"}
AUDIENCE_OF_TRACK = {"pupils": "pupils", "parents": "parents", "staff": "staff", "leaders": "leaders"}


@pytest.fixture(scope="module")
def course():
    return load_course(ROOT)


def lessons_of(course, track, band=None, kind="lesson"):
    return [l for l in course.lessons if l.track == track and l.kind == kind and (band is None or l.age_band == band)]


def test_every_point_is_taught_to_each_audience_it_addresses(course):
    missing = [f"{pid} → {audience}" for pid, point in course.points.items() for audience in point["audiences"]
               if not any(pid in l.teaches for l in course.lessons if l.track == audience)]
    assert missing == [], f"{len(missing)} point/audience pairs are not taught"


def test_every_point_is_checked_by_an_item(course):
    checked = set()
    for item in course.items.values():
        checked |= set(item["guidance"]) | {g for q in item.get("questions", []) for g in q.get("guidance", [])}
    assert sorted(set(course.points) - checked) == []


def test_tracks_have_the_planned_shape(course):
    assert 4 <= len(lessons_of(course, "pupils", "7-11")) <= 5
    assert 5 <= len(lessons_of(course, "pupils", "11-16")) <= 6
    parents = lessons_of(course, "parents")
    assert len(parents) == 4 and all(l.minutes < 15 for l in parents)
    assert len(lessons_of(course, "staff")) == 5 and len(lessons_of(course, "staff", kind="assessment")) == 1
    assert len(lessons_of(course, "leaders")) == 4 and len(lessons_of(course, "leaders", kind="assessment")) == 1


def decision_points(item: dict) -> int:
    """How many steps can be reached from the start: the decision points a learner can meet."""
    reached, todo = set(), [item["start"]]
    while todo:
        name = todo.pop()
        if name in item["steps"] and name not in reached:
            reached.add(name)
            todo += [c["next"] for c in item["steps"][name]["choices"]]
    return len(reached)


def branches(item: dict) -> bool:
    return decision_points(item) >= 2 and any(len({c["next"] for c in s["choices"]}) > 1
                                              for s in item["steps"].values())


def test_enough_scenarios_and_branching_ones(course):
    scenarios = [i for i in course.items.values() if i["kind"] == "scenario"]
    assert len(scenarios) >= 40
    assert sum(branches(s) for s in scenarios) >= 12


@pytest.mark.parametrize("track", ["pupils", "parents", "staff", "leaders"])
def test_each_track_has_a_tempting_wrong_choice_explained(course, track):
    tempting = [c for i in course.items.values() if i["kind"] == "scenario" and i["track"] == track
                for s in i["steps"].values() for c in s["choices"] if c.get("tempting")]
    assert tempting, f"no scenario for {track} marks a tempting choice"
    assert all(not c["good"] and len(c["feedback"].split()) >= 8 for c in tempting)


def test_every_lesson_reads_at_its_audience_level():
    over = [f"{path} ({audience}): grade {fk:.1f} > {limit}" for path, audience, fk, limit in readability.measure()
            if fk > limit]
    assert over == []


LONG_NUMBER = re.compile(r"(?<![\w/.:-])0\d{2,4}[ -]?\d{3,4}(?:[ -]?\d{3,4})?(?![\w/-])")
SHORT_NUMBER = re.compile(r"\b(?:call|dial|ring|phone|on|number is)\s+\**(\d{3})\b", re.I)


def content_texts():
    paths = [*ROOT.glob("book/**/*.md"), *ROOT.glob("scenarios/**/*.yml"), *ROOT.glob("quizzes/**/*.yml"),
             ROOT / "book/_data/contacts.yml", ROOT / "README.md"]
    for path in sorted(paths):
        yield path, path.read_text(encoding="utf-8")


def test_only_the_known_help_numbers_appear():
    """999, 101 and Childline's 0800 1111 are the only phone numbers anywhere in the content."""
    strays = []
    for path, text in content_texts():
        for line_no, line in enumerate(text.splitlines(), 1):
            found = LONG_NUMBER.findall(line) + SHORT_NUMBER.findall(line)
            strays += [f"{path.relative_to(ROOT)}:{line_no}: {n}" for n in found if n not in CONTACTS]
    assert strays == []


def test_help_contacts_are_exact():
    data = yaml.safe_load((ROOT / "book/_data/contacts.yml").read_text(encoding="utf-8"))
    numbers = {c["name"]: c.get("number") for g in data["groups"] for c in g["contacts"]}
    assert numbers["Emergency services"] == "999"
    assert numbers["Police non-emergency number"] == "101"
    assert numbers["Childline"] == "0800 1111"


def test_the_built_help_page_shows_every_number():
    page = (BUILT / "book" / "get-help.html").read_text(encoding="utf-8")
    for number in CONTACTS:
        assert f"{number}." in page or f"{number}<" in page, number


def test_nothing_is_copied_from_the_guidance():
    if not COPY_CHECK.is_file():
        pytest.fail(f"the copy check is missing: expected {COPY_CHECK} (shared/ beside the repository)")
    result = subprocess.run([sys.executable, str(COPY_CHECK), str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_generated_coverage_page_matches_the_course(course):
    page = (BUILT / "book" / "coverage.html").read_text(encoding="utf-8")
    assert f"of {len(course.points)}</strong> guidance points" in page
