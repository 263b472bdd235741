"""The engine's scripts as the built book serves them, each written once per build into _static/.

- ``quiz.js``: the quiz component (``static/quiz.js``), then its book host (``static/quiz-book.js``).
  One classic script is one request for both, and works from file://, where module scripts are
  blocked. The widget (``widget.py``) loads the component alone, unminified.
- ``course.js``: the course's own pages (progress, certificates, classroom mode).
- ``course-theme.js``: the theme's menu drawer, colour switch and search labels
  (``theme/course-theme.js``, kept out of the theme's static folder, which Sphinx copies as it is).

All are minified (rjsmin): their comments, which explain the sources, would be a quarter of what
a page downloads. The readable sources stay in the package. The stylesheets are bundled and
minified with the theme's by ``light_pages``.
"""
from __future__ import annotations

from pathlib import Path

import rjsmin

PACKAGE = Path(__file__).parent
# The front end's sources: the quiz component, its book host, the course's pages; their styles.
STATIC = PACKAGE / "static"
BOOK_SCRIPTS = {"quiz.js": (STATIC / "quiz.js", STATIC / "quiz-book.js"), "course.js": (STATIC / "course.js",)}
THEME_SCRIPTS = {"course-theme.js": (PACKAGE / "theme" / "course-theme.js",)}


def script(name: str) -> str:
    """The text the book serves as ``_static/<name>``."""
    sources = {**BOOK_SCRIPTS, **THEME_SCRIPTS}[name]
    joined = "\n".join(source.read_text(encoding="utf-8") for source in sources)
    made_from = " and ".join(f"coursekit/{source.relative_to(PACKAGE).as_posix()}" for source in sources)
    return f"/*! {name}, minified from {made_from} by coursekit/assets.py */\n" + rjsmin.jsmin(joined) + "\n"


def write_scripts(static: Path, names=tuple(BOOK_SCRIPTS)) -> None:
    """Before any page is written: each page links a script by a checksum of its content.
    A script that has not changed is not written again."""
    static.mkdir(parents=True, exist_ok=True)
    for name in names:
        target, text = static / name, script(name)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
