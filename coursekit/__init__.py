"""coursekit: the engine of the online-bullying course.

Content is YAML (``scenarios/``, ``quizzes/``, ``guidance-map.yml``), checked by ``schema`` and
``rules``, loaded by ``course``, shown by one front-end component (``static/quiz.js``) that the
static book mounts through ``sphinx_ext`` (with its host, ``static/quiz-book.js``) and JupyterLab
mounts through ``widget``.
"""
from .course import Course, find_root, load_course
from .errors import ContentError, InvalidContent


def quiz(item_id: str):
    """Show the scenario or quiz ``item_id`` (the one line a lesson's quiz cell holds)."""
    from .widget import Quiz

    return Quiz.from_id(item_id)


def shown_quizzes():
    """Every quiz shown in this kernel, by id: ``shown_quizzes()["some-id"].answers``."""
    from .widget import shown_quizzes as shown

    return shown()


__all__ = ["Course", "ContentError", "InvalidContent", "find_root", "load_course", "quiz", "shown_quizzes"]
