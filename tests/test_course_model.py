"""The loader turns valid YAML into the one shape the quiz component reads."""
from __future__ import annotations

import pytest

import string
import tempfile
from pathlib import Path
from unittest import mock

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit import InvalidContent, load_course, yamlfile
from coursekit.course import content_files
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
    with pytest.raises(KeyError, match="game-chat"):
        course.item("no-such-thing")


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


def _read_both_ways(text: str):
    """What read_yaml gives with libyaml and with PyYAML's pure-Python parser: (value, lines) or the error."""
    results = []
    for fast in (yamlfile._FAST, None):
        with mock.patch.object(yamlfile, "_FAST", fast), tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "item.yml"
            path.write_text(text, encoding="utf-8")
            try:
                value = yamlfile.read_yaml(path, "item.yml")
                results.append((value, _lines(value)))
            except yamlfile.YamlProblem as problem:
                results.append(str(problem))
    return results


def _lines(value):
    if isinstance(value, dict):
        return (value.line, value.lines, {k: _lines(v) for k, v in value.items()})
    if isinstance(value, list):
        return (value.line, value.lines, [_lines(v) for v in value])
    return None


yaml_pieces = st.lists(st.sampled_from(["a", "b: ", "- ", ": ", "\n", "  ", "'", '"', "[", "]", "{", "}", ",",
                                         "#", "|", ">", "?", "&x ", "*x", "!!str ", "---\n", "\\", "é",
                                         "\r\n", "\u2028", "~", "yes", "null", "2001-01-01"]),
                      max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=yaml_ish | yaml_pieces | values.map(yaml.safe_dump))
def test_the_fast_parser_reads_what_the_careful_one_does(text: str):
    """libyaml may accept a few odd files the careful parser refuses; whatever both read is identical,
    and whatever the careful parser refuses is refused with its message unless libyaml reads it."""
    fast, careful = _read_both_ways(text)
    assert fast == careful or isinstance(careful, str)
    if isinstance(fast, str):
        assert fast == careful


def test_every_course_file_reads_the_same_both_ways_and_takes_the_fast_path():
    for path in content_files(ROOT):
        text = path.read_text(encoding="utf-8")
        fast, careful = _read_both_ways(text)
        assert fast == careful, path
        assert yamlfile._compose_fast(text) is not yamlfile._NOT_FAST, f"{path} is read the slow way"
