"""The loader turns valid YAML into the one shape the quiz component reads."""
from __future__ import annotations

import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit import InvalidContent, load_course
from coursekit.rules import scrambled

from conftest import ROOT


def test_fixture_items_load_in_render_form(minicourse: Path):
    course = load_course(minicourse)
    scenario, quiz = course.item("game-chat"), course.item("check")
    assert scenario["kind"] == "scenario" and set(scenario["endings"]) == {"sorted", "worse", "alone"}
    assert scenario["situation"].split("\n\n")[1] == "Another player keeps calling Sam names in the chat."
    true_false = quiz["questions"][2]
    assert [(o["text"], o["correct"]) for o in true_false["options"]] == [("True", True), ("False", False)]
    order = quiz["questions"][3]
    assert sorted(order["start_order"]) == [0, 1, 2, 3] and order["start_order"] != [0, 1, 2, 3]


def test_an_unknown_id_names_the_ids_there_are(minicourse: Path):
    course = load_course(minicourse)
    try:
        course.item("no-such-thing")
    except KeyError as missing:
        assert "game-chat" in str(missing)


def test_order_questions_never_start_solved_and_are_stable():
    for n in range(3, 7):
        for seed in ("a", "b", "quiz:q1", "quiz:q2"):
            order = scrambled(n, seed)
            assert order != list(range(n)) and order == scrambled(n, seed)


def test_the_real_course_is_valid():
    course = load_course(ROOT)
    assert course.items, "the course has content"
    for item in course.items.values():
        assert set(item["guidance"]) <= set(course.points)


# Any text at all, dropped in as a scenario, either loads or is refused as content: never a crash.
yaml_ish = st.text(alphabet=string.printable + "é’—\u00a0", max_size=400)
values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                      lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
                      max_leaves=20)


def _load_text(course: Path, text: str) -> None:
    (course / "scenarios" / "fuzz.yml").write_text(text, encoding="utf-8")
    try:
        load_course(course)
    except InvalidContent as invalid:
        assert invalid.errors and all(":" in str(e) and " — " in str(e) for e in invalid.errors)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=yaml_ish)
def test_any_text_loads_or_is_refused_cleanly(minicourse: Path, text: str):
    _load_text(minicourse, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.sampled_from(["id", "title", "track", "age_band", "guidance", "situation",
                                             "start", "steps", "endings", "extra"]), values, max_size=10))
def test_any_structure_loads_or_is_refused_cleanly(minicourse: Path, data: dict):
    _load_text(minicourse, yaml.safe_dump(data))
