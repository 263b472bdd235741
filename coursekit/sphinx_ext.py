"""Sphinx extension: check the course content, ship quiz.js/quiz.css, keep pages fresh and local.

- ``config-inited``: make myst-nb show each quiz cell's ``text/html`` output (the widget view
  needs a kernel or a CDN) and load no ipywidgets scripts from the internet.
- ``builder-inited``: refuse invalid content before anything is built, and add the component's
  two static files for HTML builders.
- ``doctree-read``: note which YAML files a page's quizzes come from, so editing one scenario
  re-reads (and so re-executes) exactly the pages that show it; and drop the embedded widget
  state, which the static page never uses.
- ``doctree-resolved`` and ``html-page-context``: take out thebe (Jupyter Book always adds it;
  it would fetch a kernel client from a CDN) and any script or style from another host, and
  offer each lesson as a clean .ipynb to download for JupyterLab.
"""
from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import nbformat
from markupsafe import Markup

from docutils import nodes
from sphinx.application import Sphinx

from .course import load_course
from .errors import InvalidContent

STATIC = Path(__file__).parent / "static"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
QUIZ_ID = re.compile(r'class="ck-quiz" data-ck-id="([^"]+)"')
DEPENDS = re.compile(r"<!-- ck-depends: (.*?) -->")


def setup(app: Sphinx) -> dict:
    app.setup_extension("myst_nb")
    app.setup_extension("coursekit.school")
    app.setup_extension("coursekit.light_pages")
    app.add_config_value("coursekit_root", "", "env", types=[str])
    app.connect("config-inited", _configure_myst_nb)
    app.connect("builder-inited", _load_and_register)
    app.connect("doctree-read", _note_quiz_sources)
    app.connect("doctree-resolved", _drop_thebe_config, priority=900)
    app.connect("html-page-context", _keep_page_local)
    app.connect("html-page-context", _offer_notebook_download)
    app.connect("html-page-context", _name_nav_toggles, priority=900)  # after the theme's own
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


def _load_and_register(app: Sphinx) -> None:
    root = Path(app.config.coursekit_root or app.srcdir)
    try:
        app.env.coursekit = load_course(root)
    except InvalidContent as invalid:
        print("\n".join(map(str, invalid.errors)), file=sys.stderr)
        print(f"The course was not built: fix the {len(invalid.errors)} problem(s) above, "
              "then build again.", file=sys.stderr)
        # jupyter-book prints a traceback for any exception; SystemExit passes through cleanly.
        raise SystemExit(1) from None
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))
        app.add_css_file("quiz.css")
        app.add_css_file("course.css")
        app.add_js_file("quiz.js", defer="defer")
        app.add_js_file("course.js", defer="defer")  # after quiz.js: it uses courseQuiz.store


def _note_quiz_sources(app: Sphinx, doctree: nodes.document) -> None:
    course = app.env.coursekit
    for node in doctree.findall(lambda n: isinstance(n, (nodes.raw, nodes.comment))):
        text = node.astext()
        for item_id in QUIZ_ID.findall(text):
            if item_id in course.files:
                app.env.note_dependency(str(course.files[item_id]))
        for listed in DEPENDS.findall(text):  # pages made from data (coursekit.pages)
            for name in listed.split():
                app.env.note_dependency(str(course.root / name))
    # The static page mounts quizzes itself; the kernel's widget state would be dead weight.
    js_files = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {}).get("js_files", {})
    js_files.pop("ipywidgets_state", None)


def _drop_thebe_config(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for raw in list(doctree.findall(nodes.raw)):
        if "x-thebe-config" in raw.astext():
            raw.parent.remove(raw)


def _is_local(asset) -> bool:
    source = (getattr(asset, "filename", None) or str(asset)) or ""
    body = getattr(asset, "attributes", {}).get("body", "")
    return "thebe" not in source and "thebe" not in body and not re.match(r"(https?:)?//", source)


def _keep_page_local(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if _is_local(asset)]


def _offer_notebook_download(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Put the lesson's notebook, without outputs, in _sources for the theme's download menu."""
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file():
        return
    notebook = nbformat.read(executed, as_version=4)
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def _name_nav_toggles(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The theme's sidebar section toggles are icon-only <summary>s; give them a spoken name."""
    make_toc = context.get("generate_toctree_html")
    if make_toc is None:
        return

    def named(*args, **kwargs):
        html = str(make_toc(*args, **kwargs))
        return Markup(html.replace("<summary>", '<summary aria-label="Show or hide the pages in this part">'))

    context["generate_toctree_html"] = named
