"""Sphinx extension: check the course content, ship the quiz component, keep pages fresh and local.

- ``config-inited``: make myst-nb show each quiz cell's ``text/html`` output (the widget view
  needs a kernel or a CDN) and load no ipywidgets scripts from the internet; add the school's
  details (``school.yml``, ``coursekit.school``) as MyST substitutions.
- ``builder-inited``: for HTML builders, add the course's stylesheets, and write its scripts into
  ``_static`` (``coursekit.assets``).
- ``env-get-outdated``, first: load the course and refuse invalid content before any page is
  read. Every build does this, so ``coursekit.watch``, which builds many times in one process,
  always works from the files as they are now; and ``data_directive`` then finds the data pages
  whose part has changed.
- ``doctree-read``: drop the embedded widget state, which the static page never uses; every page
  depends on ``school.yml``. ``coursekit.quiz_cells`` notes the YAML files of the items a page
  shows (read from its source), so editing one scenario re-reads exactly the pages that show it,
  and draws quiz cells in this process where a lesson has no other code.
- ``{course-data}``: a directive for the parts of pages made from data (``coursekit.data_directive``).
- a transform that makes phone numbers and help addresses in page text into links
  (``coursekit.contact_links``); ``book/_data/contacts.yml`` is checked with the content.
- ``html-page-context``: offer each lesson as a clean .ipynb to download for JupyterLab.
  What goes into a page's <head> (no thebe, nothing from another host, only the assets the
  page uses, its Content-Security-Policy) is ``coursekit.light_pages``.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import nbformat

from docutils import nodes
from sphinx.application import Sphinx

from . import contacts
from .contact_links import LinkContacts
from .course import load_course
from . import assets, data_directive
from .errors import InvalidContent, stop_build
from .pages import check_data_pages
from . import school

# Copied into _static as they are (then bundled by light_pages). The scripts are written by assets.
BOOK_STYLES = ("quiz.css", "course.css")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def setup(app: Sphinx) -> dict:
    app.setup_extension("myst_nb")
    app.setup_extension("coursekit.quiz_cells")
    app.setup_extension("coursekit.light_pages")
    app.setup_extension("coursekit.theme")
    app.add_config_value("coursekit_root", "", "env", types=[str])
    data_directive.register(app)
    app.add_transform(LinkContacts)
    app.connect("config-inited", _configure_myst_nb)
    app.connect("config-inited", _add_school_substitutions)
    app.connect("doctree-read", _note_school_file)
    app.connect("builder-inited", _add_book_assets)
    app.connect("env-get-outdated", _load_checked_course, priority=100)  # before anyone uses the course
    app.connect("doctree-read", _drop_widget_state)
    app.connect("html-page-context", _offer_notebook_download)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1",
            "env_version": _engine_fingerprint()}


def _engine_fingerprint() -> int:
    """Changes whenever the engine's code or assets change, so Sphinx then rebuilds every page."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*")):
        if path.suffix in (".py", ".js", ".css"):
            digest.update(path.read_bytes())
    return int(digest.hexdigest()[:8], 16)


def _configure_myst_nb(app: Sphinx, config) -> None:
    config.nb_ipywidgets_js = {}
    config.nb_mime_priority_overrides = [*config.nb_mime_priority_overrides, ("*", WIDGET_VIEW, None)]


def _root(app: Sphinx) -> Path:
    return Path(app.config.coursekit_root or app.srcdir)


def _add_school_substitutions(app: Sphinx, config) -> None:
    """school.yml's details as MyST substitutions (``{{ dsl }}``, ``{{ report_routes }}``, …)."""
    try:
        details = school.load_school(_root(app))
    except InvalidContent as invalid:
        stop_build(invalid, f" in {school.FILE}")
    extensions = list(config.myst_enable_extensions or [])
    if "substitution" not in extensions:
        config.myst_enable_extensions = [*extensions, "substitution"]
    # Substitutions set in _config.yml win, so a course can still word one of them its own way.
    config.myst_substitutions = {**school.substitutions(details), **(config.myst_substitutions or {})}


def _note_school_file(app: Sphinx, doctree: nodes.document) -> None:
    path = _root(app) / school.FILE
    if path.is_file():  # a missing file noted as a dependency would rebuild every page every time
        app.env.note_dependency(str(path))


def _load_checked_course(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    root = _root(app)
    try:
        env.coursekit = load_course(root)
    except InvalidContent as invalid:
        stop_build(invalid)
    # Before any notebook runs; the directive checks pages outside book/ itself.
    problems = check_data_pages(root) + contacts.errors(root)
    if problems:
        stop_build(InvalidContent(problems))
    return []  # it marks no page as changed itself


def _add_book_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    app.config.html_static_path.extend(str(assets.STATIC / name) for name in BOOK_STYLES)
    assets.write_scripts(Path(app.outdir) / "_static")
    app.add_css_file("quiz.css")
    app.add_css_file("course.css")
    app.add_js_file("quiz.js", defer="defer")
    app.add_js_file("course.js", defer="defer")  # after quiz.js: it uses courseQuiz.store


def _drop_widget_state(app: Sphinx, doctree: nodes.document) -> None:
    """The static page mounts quizzes itself; a kernel's widget state would be dead weight."""
    js_files = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {}).get("js_files", {})
    js_files.pop("ipywidgets_state", None)


def _offer_notebook_download(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Put the lesson's notebook in _sources for the theme's download link: no outputs, and the
    school's words in its text. The one writer of that file."""
    config = getattr(app.env, "mystnb_config", None)
    if config is None or not config.output_folder:
        return
    executed = Path(config.output_folder) / f"{pagename}.ipynb"  # where myst-nb put the executed copy
    if not executed.is_file():
        return
    notebook = nbformat.read(executed, as_version=4)
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    school.fill_notebook(notebook, app.config.myst_substitutions or {})
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    context["ipynb_source"] = f"{pagename}.ipynb"
