"""The quiz as a Jupyter widget: the same component, quiz.js and quiz.css, mounted by anywidget.

In JupyterLab the learner's answers come back to Python as ``quiz.answers`` and ``quiz.score``.
In the static book the ``text/html`` fallback in the same output is shown instead (see
``sphinx_ext``), so one notebook cell serves both hosts.
"""
from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from .assets import STATIC
from .course import find_root, load_items
from .render import static_html

# The component alone (the book's host, quiz-book.js, is not needed here), as a classic script;
# one export line makes it a module for anywidget.
ESM = (STATIC / "quiz.js").read_text(encoding="utf-8") + "\nexport default { render: globalThis.courseQuiz.render };\n"


_shown: dict[str, "Quiz"] = {}


def shown_quizzes() -> dict[str, "Quiz"]:
    """The quizzes shown in this kernel, by item id (the latest of each), to read answers from."""
    return dict(_shown)


class Quiz(anywidget.AnyWidget):
    _esm = ESM
    _css = STATIC / "quiz.css"
    item = traitlets.Dict().tag(sync=True)
    answers = traitlets.Dict().tag(sync=True)
    score = traitlets.Int(0).tag(sync=True)
    total = traitlets.Int(0).tag(sync=True)

    @classmethod
    def from_id(cls, item_id: str, root: Path | None = None) -> "Quiz":
        course = load_items(root or find_root())
        quiz = _shown[item_id] = cls(item=course.item(item_id))
        return quiz

    def _repr_mimebundle_(self, **kwargs):
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data["text/html"] = static_html(self.item)
        return data, metadata

    def __repr__(self) -> str:
        return f"<Quiz {self.item.get('id')!r}: score {self.score} of {self.total}>"
