"""The quiz component and its book host: the widget ships the component alone; the book gets one
small classic script with both, written once by the engine (``coursekit.assets``)."""
from __future__ import annotations

import re

import rjsmin

from coursekit import assets, widget

STATIC = assets.STATIC
HOST_ONLY = ("localStorage", "pageModel", "mountAll", "addEventListener(\"storage\"")


def test_the_widget_ships_the_component_alone():
    esm = widget.ESM
    assert esm.startswith((STATIC / "quiz.js").read_text(encoding="utf-8"))
    assert esm.rstrip().endswith("export default { render: globalThis.courseQuiz.render };")
    assert [word for word in HOST_ONLY if word in esm] == []


def test_the_book_script_is_the_component_then_its_host_minified():
    script = assets.script("quiz.js")
    component = (STATIC / "quiz.js").read_text(encoding="utf-8")
    host = (STATIC / "quiz-book.js").read_text(encoding="utf-8")
    assert rjsmin.jsmin(component + "\n" + host) in script  # in that order: the host extends courseQuiz
    assert [word for word in HOST_ONLY if word not in script] == []
    assert len(script) < 0.75 * (len(component) + len(host))  # the comments stay in the sources
    assert not re.search(r"^\s*(import|export)\b", script, re.MULTILINE), "a classic script: file:// blocks modules"


def test_the_theme_script_is_minified_and_not_copied_as_it_is():
    source = assets.THEME_SCRIPTS["course-theme.js"][0]
    assert not list(assets.PACKAGE.glob("theme/*/static/course-theme.js"))  # Sphinx would copy it over
    assert rjsmin.jsmin(source.read_text(encoding="utf-8")) in assets.script("course-theme.js")
    assert len(assets.script("course-theme.js")) < 0.8 * len(source.read_text(encoding="utf-8"))


def test_the_scripts_are_written_once_and_kept(tmp_path):
    static = tmp_path / "_static"
    assets.write_scripts(static)
    for name in ("quiz.js", "course.js"):
        assert (static / name).read_text(encoding="utf-8") == assets.script(name)
    before = {name: (static / name).stat().st_mtime_ns for name in ("quiz.js", "course.js")}
    assets.write_scripts(static)
    assert {name: (static / name).stat().st_mtime_ns for name in before} == before  # not written again
