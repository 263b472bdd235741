"""The quiz component and its book host: the widget ships the component alone; the book gets one
classic script with both, written by the Sphinx extension."""
from __future__ import annotations

import re

from coursekit import sphinx_ext, widget

STATIC = sphinx_ext.STATIC
HOST_ONLY = ("localStorage", "mountAll", "pageModel", "addEventListener(\"storage\"", "document.currentScript")


def test_the_widget_ships_the_component_alone():
    esm = widget.ESM
    assert esm.startswith((STATIC / "quiz.js").read_text(encoding="utf-8"))
    assert esm.rstrip().endswith("export default { render: globalThis.courseQuiz.render };")
    assert [word for word in HOST_ONLY if word in esm] == []


def test_the_book_script_is_the_component_then_its_host():
    script = sphinx_ext.book_quiz_script()
    component = (STATIC / "quiz.js").read_text(encoding="utf-8")
    host = (STATIC / "quiz-book.js").read_text(encoding="utf-8")
    assert component in script and host in script
    assert script.index(component) < script.index(host)  # the host extends courseQuiz
    assert [word for word in HOST_ONLY[:3] if word not in host] == []
    assert not re.search(r"^\s*(import|export)\b", script, re.MULTILINE), "a classic script: file:// blocks modules"


def test_the_book_script_is_written_once_and_kept(tmp_path):
    static = tmp_path / "_static"
    sphinx_ext.write_book_quiz(static)
    written = static / "quiz.js"
    assert written.read_text(encoding="utf-8") == sphinx_ext.book_quiz_script()
    before = written.stat().st_mtime_ns
    sphinx_ext.write_book_quiz(static)
    assert written.stat().st_mtime_ns == before  # unchanged: not written again
