"""The course's own HTML theme, ``coursekit``: Sphinx's basic theme with the course's layout.

Why not a kept theme: sphinx-book-theme and pydata-sphinx-theme brought 78 KB gzipped of
stylesheet and Bootstrap that the course pruned and patched, and still broke the phone menu;
Furo opens its phone menu with labels that a keyboard cannot reach and leaves the hidden menu's
links in the tab order (furo pull request 660, open). The course needs little: a menu that opens by touch and
keyboard at every width, the reader's own part first, Previous and Next that stay inside a part,
one search box, a colour switch, print styles and room for a look per audience. That is
``course/layout.html``, ``course/static/course-theme.css`` and ``course-theme.js`` (minified into
``_static`` by ``coursekit.assets``, its one writer).

``html-page-context`` fills the template's navigation (``ck_nav``) and replaces Sphinx's
``prev``/``next``, which follow the whole table of contents across audiences, with the page's
neighbours in its own part (``coursekit.navigation``).
"""
from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from .. import assets
from ..navigation import Part, is_pupil_part, neighbours, other_parts, part_for, parts_of

THEME = Path(__file__).parent / "course"


def setup(app: Sphinx) -> dict:
    app.add_html_theme("coursekit", str(THEME))
    app.connect("builder-inited", _add_script)
    app.connect("html-page-context", _place_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _add_script(app: Sphinx) -> None:
    if app.builder.format == "html" and app.config.html_theme == "coursekit":
        assets.write_scripts(Path(app.outdir) / "_static", tuple(assets.THEME_SCRIPTS))
        app.add_js_file("course-theme.js", defer="defer")


def _parts(app: Sphinx) -> list[Part]:
    site_map = getattr(app.env, "external_site_map", None)
    return parts_of(site_map) if site_map is not None else []


def _place_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    parts = _parts(app)
    if not parts:
        return  # a book without a _toc.yml keeps Sphinx's own navigation
    pathto = context["pathto"]

    def link(docname: str) -> dict:
        return {"link": pathto(docname), "title": _title(app, docname), "current": docname == pagename}

    previous, following = neighbours(parts, pagename)
    context["prev"] = link(previous) if previous else None
    context["next"] = link(following) if following else None
    part = part_for(parts, pagename)
    pupil = is_pupil_part(part)
    context["ck_nav"] = {
        "audience": part.audience if part else "",
        "part": {**link(part.start), "title": part.caption, "pages": [link(d) for d in part.pages[1:]]} if part else None,
        "others_heading": "Help" if pupil else ("The rest of the course" if part else "The course"),
        # A pupil's link to help is named by its page ("Get help now"); other readers see each part.
        "others": [{"link": pathto(p.start), "title": _title(app, p.start) if pupil else p.caption}
                   for p in other_parts(parts, pagename)],
        "search_parts": {p.start.rsplit("/", 1)[0] + "/": p.caption for p in parts if p.audience},
    }


def _title(app: Sphinx, docname: str) -> str:
    title = app.env.titles.get(docname)
    return title.astext() if title is not None else docname
