"""Quiz cells rendered in the Sphinx process: a lesson whose code only shows items needs no kernel.

Most lessons' code cells are ``from coursekit import quiz`` and ``quiz("id")``. Their output is
known before any kernel starts: the ``text/html`` of ``render.static_html(item)``, the copy the
static page shows (the widget view needs a kernel, and ``sphinx_ext`` tells myst-nb never to
pick it). So such a lesson is left out of myst-nb's execution (``nb_execution_excludepatterns``,
set at ``config-inited``), and at ``doctree-read`` each of its quiz cells gets that output in
myst-nb's own nodes (cell output, MIME bundle, ``text/html``, raw HTML), which myst-nb's
``SelectMimeType`` post-transform then treats like a kernel's. A lesson with any other code is
executed as before. Every page also notes, from its source, the YAML files of the items it
shows. ``tests/test_quiz_cells.py`` runs every lesson's cells in a real kernel and
checks that the built pages hold exactly what it printed.
"""
from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path

from docutils import nodes
from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
from sphinx.application import Sphinx

from .lessons import QUIZ_CALL
from .render import static_html

IMPORT = "from coursekit import quiz"
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)
OPTIONS = re.compile(r"\A(?:---\n.*?\n---\n|(?::[\w-]+:[^\n]*\n)+)", re.S)  # a YAML block or :key: lines
SKIP_FOLDERS = {"_build", ".venv", "node_modules", "jupyter_execute"}


def code_cells(text: str) -> list[str]:
    """The code of each code cell of a MyST text notebook, without its options."""
    return [OPTIONS.sub("", body, count=1).strip() for body in CODE_CELL.findall(text)]


def shows_only_items(text: str) -> bool:
    """True when every code cell imports ``quiz`` or shows one item, so no kernel is needed."""
    cells = code_cells(text)
    return bool(cells) and all(cell == IMPORT or QUIZ_CALL.fullmatch(cell) for cell in cells)


def needs_kernel(text: str) -> bool:
    """True for a MyST text notebook with code a kernel must run."""
    return is_myst_markdown_notebook(text) and not shows_only_items(text)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _skip_kernels)
    app.connect("doctree-read", _show_quiz_cells)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _skip_kernels(app: Sphinx, config) -> None:
    """Leave out of execution every text notebook whose code only shows items."""
    src = Path(app.srcdir)
    patterns = list(config.nb_execution_excludepatterns or [])
    for path in _markdown_files(src, config.exclude_patterns):
        text = path.read_text(encoding="utf-8")
        if is_myst_markdown_notebook(text) and shows_only_items(text):
            patterns.append(path.relative_to(src).as_posix())
    config.nb_execution_excludepatterns = patterns


def _markdown_files(src: Path, excluded: list[str]) -> list[Path]:
    """The .md files Sphinx may read, without walking into excluded folders (such as .venv)."""
    found = []
    for folder, subfolders, files in os.walk(src):
        here = Path(folder).relative_to(src)
        subfolders[:] = sorted(d for d in subfolders if not (
            d.startswith(".") or d in SKIP_FOLDERS
            or any(fnmatch.fnmatch((here / d).as_posix(), pattern) for pattern in excluded)))
        found += [Path(folder) / name for name in sorted(files) if name.endswith(".md")]
    return found


def _show_quiz_cells(app: Sphinx, doctree: nodes.document) -> None:
    """Read the page's source once: note the YAML file of every item its quiz cells show (so an
    edited scenario re-reads exactly the pages that show it), and draw those cells where no
    kernel has run."""
    source = Path(app.env.doc2path(app.env.docname))
    if source.suffix != ".md":
        return
    text = source.read_text(encoding="utf-8")
    course = app.env.coursekit
    for cell in code_cells(text):
        for item_id in QUIZ_CALL.findall(cell):
            if item_id in course.files:
                app.env.note_dependency(str(course.files[item_id]))
    cells = [cell for cell in doctree.findall(nodes.container)
             if cell.get("nb_element") == "cell_code"
             and not any(child.get("nb_element") == "cell_code_output" for child in cell.children)]
    if not cells or not shows_only_items(text):
        return  # not a notebook, a kernel has run it, or it has code a kernel must run
    notebook = read_myst_markdown_notebook(text, config=app.env.myst_config)
    for cell in cells:
        shown = QUIZ_CALL.fullmatch(notebook.cells[cell["cell_index"]].source.strip())
        if shown and shown.group(1) in course.files:
            cell += kernel_like_output(static_html(course.item(shown.group(1))))


def kernel_like_output(html: str) -> nodes.container:
    """A cell's output as myst-nb parses a kernel's ``display_data`` holding ``text/html``."""
    raw = nodes.raw(text=html, format="html", classes=["output", "text_html"])
    mime = nodes.container("", raw, mime_type="text/html")
    bundle = nodes.container("", mime, nb_element="mime_bundle")
    return nodes.container("", bundle, nb_element="cell_code_output", classes=["cell_output"])
