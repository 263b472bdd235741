"""The curriculum as a whole: every guidance point reaches its audience, at the right reading
level, with exact safeguarding contacts and in our own words."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BUILT, ROOT
from coursekit import load_course

sys.path.insert(0, str(ROOT / "scripts"))
import copy_check  # noqa: E402
import readability  # noqa: E402

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


PUPIL_BANDS = ("7-11", "11-14", "14-16")


@pytest.mark.parametrize("band", PUPIL_BANDS)
def test_every_pupil_point_is_taught_and_checked_in_each_band(course, band):
    """A pupil meets every point for pupils in their own band: taught in a lesson, checked by an item."""
    points = [pid for pid, point in course.points.items() if "pupils" in point["audiences"]]
    lessons = [l for l in course.lessons if l.track == "pupils" and l.age_band == band]
    items = [course.items[i] for l in lessons for i in l.items]
    checked = {g for item in items for g in item["guidance"]} | {g for item in items for q in item.get("questions", [])
                                                                 for g in q.get("guidance", [])}
    assert [p for p in points if not any(p in l.teaches for l in lessons)] == [], "not taught"
    assert [p for p in points if p not in checked] == [], "not checked"


def test_every_point_is_checked_by_an_item(course):
    checked = set()
    for item in course.items.values():
        checked |= set(item["guidance"]) | {g for q in item.get("questions", []) for g in q.get("guidance", [])}
    assert sorted(set(course.points) - checked) == []


def test_tracks_have_the_planned_shape(course):
    assert 4 <= len(lessons_of(course, "pupils", "7-11")) <= 5
    assert len(lessons_of(course, "pupils", "11-14")) == 6
    assert len(lessons_of(course, "pupils", "14-16")) >= 4
    parents = lessons_of(course, "parents")
    assert len(parents) == 4 and all(l.minutes < 15 for l in parents)
    assert len(lessons_of(course, "staff")) == 6 and len(lessons_of(course, "staff", kind="assessment")) == 1
    assert len(lessons_of(course, "leaders")) == 5 and len(lessons_of(course, "leaders", kind="assessment")) == 1


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


def test_nothing_is_copied_from_the_guidance():
    """Runs on any clone: the guidance itself is not needed, only its fingerprints."""
    assert copy_check.check() == []


def test_the_copy_check_finds_a_copied_run(tmp_path):
    source = "the quick brown fox jumps over the lazy dog while the cat sleeps in the sun all day"
    known = copy_check.fingerprints_of(source)
    (tmp_path / "lesson.md").write_text("# A lesson\n\nAs they say, The Quick Brown Fox jumps over the lazy\n"
                                        "dog while the cat sleeps. Then something else.\n", encoding="utf-8")
    (tmp_path / "short.md").write_text("quick brown fox jumps over the lazy dog while\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    found = copy_check.check(tmp_path, known)
    assert found == ['lesson.md:3: 13 words as in the guidance: "the quick brown fox jumps over the lazy dog '
                     'while the cat sleeps"']


def test_the_fingerprints_are_those_of_the_guidance():
    prints = copy_check.load()
    assert len(prints) > 1000 and all(re.fullmatch(r"[0-9a-f]{12}", p) for p in prints)
    if copy_check.GUIDANCE.is_file():  # beside the steering repo: the fingerprints must be current
        assert prints == copy_check.fingerprints_of(copy_check.GUIDANCE.read_text(encoding="utf-8")), \
            "the guidance changed: run `.venv/bin/python scripts/copy_check.py --refresh`"


def test_generated_coverage_page_matches_the_course(course):
    page = (BUILT / "book" / "coverage.html").read_text(encoding="utf-8")
    assert f"of {len(course.points)}</strong> guidance points" in page
