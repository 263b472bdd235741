"""Every lesson notebook runs top to bottom in a real kernel (nbclient), as in the build and
in JupyterLab, and each quiz cell gives both the live widget and the static page's HTML."""
from __future__ import annotations

import json
from pathlib import Path

import nbclient
import pytest
from myst_nb.core.read import read_myst_markdown_notebook

from conftest import ROOT

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LESSONS = sorted(p for p in (ROOT / "book").rglob("*.md") if "kernelspec:" in p.read_text(encoding="utf-8")[:400])
pytestmark = pytest.mark.slow


def test_there_are_lessons_with_quizzes_to_run():
    assert any('quiz("' in p.read_text(encoding="utf-8") for p in LESSONS)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: str(p.relative_to(ROOT / "book")))
def test_notebook_runs_and_every_quiz_cell_shows_a_quiz(lesson: Path):
    notebook = read_myst_markdown_notebook(lesson.read_text(encoding="utf-8"), path=lesson)
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(lesson.parent)}}).execute()
    quiz_cells = [c for c in notebook.cells if c.cell_type == "code" and c.source.strip().startswith("quiz(")]
    for cell in quiz_cells:
        data = cell.outputs[0]["data"]
        assert WIDGET_VIEW in data, "JupyterLab gets the live widget"
        assert 'class="ck-quiz"' in data["text/html"], "the static book gets the quiz's HTML"
        item_id = cell.source.split('"')[1]
        assert f'data-ck-id="{item_id}"' in data["text/html"]
    assert json.dumps(notebook)  # still a plain, saveable notebook
