"""Quiz cells rendered in the Sphinx process (coursekit/quiz_cells.py), proved equal to a kernel's.

Every lesson's code cells are run in a real kernel with nbclient, and each quiz cell's
``text/html`` output is compared with what the built page holds for that cell. A lesson with
any other code is still executed; a lesson that only shows items starts no kernel.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from myst_nb.sphinx_ import NbMetadataCollector
from nbclient import NotebookClient

from conftest import MINIBOOK, ROOT
from coursekit.lessons import QUIZ_CALL, lesson_files
from coursekit.quiz_cells import code_cells, shows_only_items

pytest_plugins = "sphinx.testing.fixtures"


def test_a_lesson_that_only_shows_items_needs_no_kernel():
    quiz_only = ("```{code-cell} ipython3\n:tags: [remove-cell]\nfrom coursekit import quiz\n```\n\nText.\n\n"
                 "```{code-cell} ipython3\n---\ntags: [remove-input]\n---\nquiz(\"a-b\")\n```\n")
    assert code_cells(quiz_only) == ["from coursekit import quiz", 'quiz("a-b")']
    assert shows_only_items(quiz_only)
    assert not shows_only_items(quiz_only + "\n```{code-cell} ipython3\nprint(6 * 7)\n```\n")
    assert not shows_only_items("No code at all.\n")
    assert all(shows_only_items(path.read_text(encoding="utf-8")) for path in lesson_files(ROOT)), \
        "every lesson of the course builds without a kernel"


@pytest.mark.slow
def test_every_quiz_cell_on_every_built_lesson_is_what_a_kernel_prints(built_course):
    """All lessons' code cells run in one kernel, in order; each quiz cell's text/html output must
    be exactly the quiz the built page shows for it."""
    lessons = lesson_files(ROOT)
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                 "language": "python"}})
    shown = []  # (lesson, item id) for each quiz cell, in order
    for lesson in lessons:
        for code in code_cells(lesson.read_text(encoding="utf-8")):
            notebook.cells.append(nbformat.v4.new_code_cell(code))
            call = QUIZ_CALL.fullmatch(code)
            shown.append((lesson, call.group(1)) if call else None)
    NotebookClient(notebook, timeout=300, resources={"metadata": {"path": str(ROOT)}}).execute()

    printed: dict[Path, list[str]] = {}
    for cell, quiz in zip(notebook.cells, shown):
        if quiz:
            html = next(o["data"]["text/html"] for o in cell.outputs if "text/html" in o.get("data", {}))
            printed.setdefault(quiz[0], []).append(BeautifulSoup(html, "html.parser").decode())
    assert sum(map(len, printed.values())) == sum(1 for quiz in shown if quiz) > 0
    for lesson, kernel_outputs in printed.items():
        page = built_course / lesson.relative_to(ROOT).with_suffix(".html")
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        on_page = [div.decode_contents() for div in soup.select("div.cell_output div.output.text_html")]
        assert on_page == kernel_outputs, f"{page.relative_to(built_course)} differs from the kernel's output"


@pytest.mark.slow
def test_a_lesson_with_other_code_is_still_executed(make_app, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(MINIBOOK, src, ignore=shutil.ignore_patterns("_build"))
    header = (MINIBOOK / "index.md").read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n"
    (src / "sums.md").write_text(header + "\n# Sums\n\n```{code-cell} ipython3\nfrom coursekit import quiz\n"
                                 "print(6 * 7)\n```\n\n```{code-cell} ipython3\nquiz(\"check\")\n```\n", encoding="utf-8")
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n```{toctree}\nsums\n```\n", encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True, warningiserror=False)
    app.build()
    assert NbMetadataCollector.get_exec_data(app.env, "sums") is not None, "a kernel ran the lesson with code"
    assert NbMetadataCollector.get_exec_data(app.env, "index") is None, "no kernel for the quiz-only page"
    sums = BeautifulSoup((Path(app.outdir) / "sums.html").read_text(encoding="utf-8"), "html.parser")
    assert "42" in sums.get_text() and sums.select_one('div.ck-quiz[data-ck-id="check"]')
    index_page = BeautifulSoup((Path(app.outdir) / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [q["data-ck-id"] for q in index_page.select("div.ck-quiz")] == ["game-chat", "check"]
