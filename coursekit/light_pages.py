"""Light, private pages: what goes into each page's ``<head>``.

Every page of the course loads only files from the course itself, only the ones it uses, and
carries a Content-Security-Policy that forbids network connections and anything from another
host. The theme is Jupyter Book's (sphinx-book-theme on pydata-sphinx-theme); this module and
two small template overrides in ``_templates/`` take out what the course never uses:

- ``doctree-resolved``: thebe's configuration and its ``kernelName`` script (Jupyter Book
  always adds thebe; it would fetch a kernel client from a CDN).
- ``html-page-context``: any script or style from another host or from thebe; the assets of
  extensions Jupyter Book always loads but a page does not use (copy buttons, sphinx-design,
  togglebutton on pages without toggles, code highlighting on pages without code, the search
  scripts off the search page); then the page's CSP, first in ``metatags``, allowing the few
  inline scripts and styles the theme needs by their SHA-256 hash (``coursekit.csp``).
- ``_templates/layout.html``: no Font Awesome (a 1.4 MB script and a 150 KB web font, for a
  dozen icons: ``_static/theme-icons.css`` draws them with CSS masks instead), the theme's
  stylesheets as one file (``_theme_stylesheet``), no preloads, no search index on every
  page, and the theme's inline scripts written from ``INLINE`` here, so the hash in the CSP is
  always the hash of what the page holds.
- ``_templates/search.html``: the search page, with its focus script from ``INLINE`` too.
- ``build-finished``: the redirect at the top of the built course gets a policy too.

The theme's sidebar section toggles are named for screen readers (``_name_nav_toggles``), and
``_templates/navbar-logo.html`` puts the course title inside a landmark. In dark mode the
course's own outputs take the page's colours (``_static/theme-dark.css``).
"""
from __future__ import annotations

import hashlib
import html
import os
import re
from pathlib import Path

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx

from .csp import content_security_policy

# The inline scripts and styles the theme needs, written here so the CSP can name their hashes.
# ``theme_mode`` must run before the page is drawn (no flash of the wrong colours), which is
# why it is inline; unlike the theme's own it starts from "auto" (the theme logs an error for
# an empty mode) and picks the theme the system prefers. ``search_focus`` is the search page's.
INLINE = {
    "theme_mode": ('(() => {{\n'
                   '  const mode = localStorage.getItem("mode") || "{mode}";\n'
                   '  const dark = mode === "dark" || (mode === "auto" && matchMedia("(prefers-color-scheme: dark)").matches);\n'
                   '  document.documentElement.dataset.mode = mode;\n'
                   '  document.documentElement.dataset.theme = localStorage.getItem("theme") || (dark ? "dark" : "light");\n'
                   '}})();'),
    "search_focus": ('let searchInput = document.querySelector("form.bd-search input");\n'
                     'if (searchInput) { searchInput.focus(); searchInput.select(); }'),
    "no_js_style": ".pst-js-only { display: none !important; }",
}

# The theme's stylesheets and the course's two corrections to it (_static/theme-*.css), in the
# order the theme loads them, become one file (_theme_stylesheet), linked by _templates/layout.html.
THEME_STYLESHEETS = ("basic.css", "styles/pydata-sphinx-theme.css", "styles/sphinx-book-theme.css",
                     "theme-icons.css", "theme-dark.css")
THEME_BUNDLE = "styles/course-theme.css"
CHARSET_OR_MAP = re.compile(r'@charset "[^"]*";|/\*# sourceMappingURL=[^*]*\*/')
CSS_URL = re.compile(r"""url\((['"]?)([^'")]+)\1\)""")
# Font Awesome's ~1,900 rules like `.fa-bell:before{content:"\f0f3"}`: characters of the icon
# font, which pages never load (theme-icons.css draws the few icons used). 20 KB gzipped.
ICON_FONT_GLYPH = re.compile(r'(?:\.fa-[\w-]+:before,)*\.fa-[\w-]+:before\{content:"(?:\\[0-9a-fA-F]+|[^"\\]{1,2})"\}')

# Assets Sphinx, Jupyter Book or the theme add to every page, by file name: never, or only
# where the page uses them. Everything else a page lists stays.
BUNDLED = {Path(name).name for name in THEME_STYLESHEETS}
NEVER = {"copybutton.css", "copybutton.js", "copybutton_funcs.js", "clipboard.min.js",  # learners copy no code
         "sphinx-thebe.css", "sphinx-thebe.js"}
PAGE_NEEDS = {
    # sphinx-togglebutton: the teacher-notes dropdowns (its selector: '.toggle, .admonition.dropdown')
    "togglebutton.css": lambda page: page.toggles,
    "togglebutton.js": lambda page: page.toggles,
    # sphinx-design: cards, grids, tabs, its dropdowns
    "sphinx-design.min.css": lambda page: page.design,
    "design-tabs.js": lambda page: page.design,
    # code highlighting: only pages that show code
    "pygments.css": lambda page: page.code,
    # Sphinx's search: only the search page (searchtools needs these two)
    "doctools.js": lambda page: page.search,
    "sphinx_highlight.js": lambda page: page.search,
}
USES_CLASS = re.compile(r'class="([^"]*)"')
TOGGLE_SETTINGS = re.compile(r"\btoggle(buttonSelector|HintShow|HintHide|OpenOnPrint)\b")
STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
FOREIGN = re.compile(r"(https?:)?//")


def setup(app: Sphinx) -> dict:
    # Every page links the stylesheet bundle by a digest: when what goes into it changes, Sphinx
    # must write every page again (an "html" config value that changes does that).
    app.add_config_value("coursekit_theme_inputs", "", "html", types=[str])
    app.connect("config-inited", _note_theme_inputs)
    app.connect("doctree-resolved", _drop_thebe_config, priority=900)
    app.connect("html-page-context", _keep_page_local)
    app.connect("html-page-context", _name_nav_toggles, priority=900)  # after the theme's own
    app.connect("html-page-context", _lighten_and_protect, priority=950)  # after every asset is added
    app.connect("build-finished", _write_front_door, priority=400)  # before sphinx-external-toc's
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _note_theme_inputs(app: Sphinx, config) -> None:
    import pydata_sphinx_theme
    import sphinx_book_theme

    digest = hashlib.sha256(f"{pydata_sphinx_theme.__version__} {sphinx_book_theme.__version__}".encode())
    for name in THEME_STYLESHEETS:
        course_file = Path(app.srcdir) / "_static" / name
        if course_file.is_file():
            digest.update(course_file.read_bytes())
    config.coursekit_theme_inputs = digest.hexdigest()


# --- thebe and other hosts ---------------------------------------------------------------------

def _drop_thebe_config(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if "x-thebe-config" in text or text.strip().startswith("<script>kernelName ="):
            raw.parent.remove(raw)


def _is_local(asset) -> bool:
    source = (getattr(asset, "filename", None) or str(asset)) or ""
    body = getattr(asset, "attributes", {}).get("body", "")
    return "thebe" not in source and "thebe" not in body and not FOREIGN.match(source)


def _keep_page_local(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if _is_local(asset)]


def _name_nav_toggles(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The theme's sidebar section toggles are icon-only <summary>s; give them a spoken name."""
    make_toc = context.get("generate_toctree_html")
    if make_toc is None:
        return

    def named(*args, **kwargs):
        html = str(make_toc(*args, **kwargs))
        return Markup(html.replace("<summary>", '<summary aria-label="Show or hide the pages in this part">'))

    context["generate_toctree_html"] = named


# --- only what the page uses -----------------------------------------------------------------------

def _theme_stylesheet(app: Sphinx, pathto) -> str | None:
    """The theme's look in one file: Sphinx's basic.css, the two themes', the course's corrections.

    Five requests become one (the theme links basic.css through styles/theme.css, which only
    @imports it). Made once per build from the files Sphinx has just copied, in the order the
    theme loads them, with relative url()s rebased and the icon font's glyph rules left out;
    the URL ends in a digest of the content. None with another theme (the fixture book's).
    """
    cache = app.__dict__.setdefault("_ck_theme_stylesheet", {})  # once per build
    if "url" not in cache:
        static = Path(app.outdir) / "_static"
        target = static / THEME_BUNDLE
        if not (static / THEME_STYLESHEETS[1]).is_file():
            cache["url"] = None
            return None
        parts = ['@charset "UTF-8";']
        for name in THEME_STYLESHEETS:
            source = static / name
            if source.is_file():
                text = CHARSET_OR_MAP.sub("", source.read_text(encoding="utf-8"))
                text = ICON_FONT_GLYPH.sub("", text)
                parts.append(f"/* {name} */\n" + _rebase_urls(text, source.parent, target.parent))
        content = "\n".join(parts).encode("utf-8")
        temporary = target.with_name(f".{target.name}.{os.getpid()}")
        temporary.write_bytes(content)
        os.replace(temporary, target)  # pages may be written by parallel processes
        cache["url"] = f"_static/{THEME_BUNDLE}", hashlib.sha256(content).hexdigest()[:20]
    if cache["url"] is None:
        return None
    name, digest = cache["url"]
    return f"{pathto(name, 1)}?digest={digest}"


def _rebase_urls(css: str, source: Path, target: Path) -> str:
    def rebase(match):
        url = match.group(2)
        if re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", url, re.I):
            return match.group(0)
        moved = os.path.relpath(source / url, target).replace(os.sep, "/")
        return f'url({match.group(1)}{moved}{match.group(1)})'
    return CSS_URL.sub(rebase, css)


class _Page:
    """What a page's body uses, as far as its <head> is concerned."""

    def __init__(self, pagename: str, body: str):
        classes = " ".join(USES_CLASS.findall(body)).split()
        self.search = pagename == "search"
        self.code = "highlight" in classes or any(c.startswith("highlight-") for c in classes)
        self.design = any(c.startswith("sd-") for c in classes)
        self.toggles = "toggle" in classes or any(
            {"admonition", "dropdown"} <= set(c.split()) for c in USES_CLASS.findall(body))


def _needed(asset, page: _Page, bundled: bool) -> bool:
    filename = getattr(asset, "filename", None) or (asset if isinstance(asset, str) else "")
    if not filename:  # an inline script: keep it unless it only configures a dropped extension
        body = getattr(asset, "attributes", {}).get("body", "")
        return page.toggles or not TOGGLE_SETTINGS.search(body)
    name = Path(str(filename).split("?")[0]).name
    if name in NEVER or (bundled and name in BUNDLED):
        return False
    return PAGE_NEEDS.get(name, lambda _: True)(page)


def _lighten_and_protect(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = str(context.get("body") or "")
    page = _Page(pagename, body)
    context["ck_theme_stylesheet"] = bundle = _theme_stylesheet(app, context["pathto"])
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if _needed(asset, page, bundled=bool(bundle))]

    mode = context.get("default_mode") if context.get("default_mode") in ("light", "dark") else "auto"
    scripts = {"theme_mode": INLINE["theme_mode"].format(mode=mode)}
    if page.search:
        scripts["search_focus"] = INLINE["search_focus"]
    context["ck_inline"] = {name: Markup(text) for name, text in {**scripts, "no_js_style": INLINE["no_js_style"]}.items()}

    inline_bodies = [getattr(a, "attributes", {}).get("body", "") for a in context.get("script_files", [])
                     if not getattr(a, "filename", None) and not isinstance(a, str)]
    policy = content_security_policy(scripts=[*scripts.values(), *filter(None, inline_bodies)],
                  handlers=list(_button_handlers(context.get("header_buttons", []))),
                  styles=[INLINE["no_js_style"]],
                  style_attributes=[html.unescape(s) for s in STYLE_ATTRIBUTE.findall(body)])
    meta = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}" />\n'
    context["metatags"] = Markup(meta) + Markup(context.get("metatags") or "")


def _button_handlers(buttons):
    """The onclick code of sphinx-book-theme's header buttons (the download menu's "print")."""
    for button in buttons or []:
        if button.get("type") == "javascript" and button.get("javascript"):
            yield button["javascript"]
        yield from _button_handlers(button.get("buttons"))


def _write_front_door(app: Sphinx, exception) -> None:
    """index.html at the top of the built course: a redirect to the home page, with a policy.

    sphinx-external-toc writes a one-line redirect there when the home page is not index (ours
    is book/index); this one also forbids everything, and offers a link if refreshes are off.
    """
    if exception is not None or app.builder.format != "html" or app.config.root_doc == "index":
        return
    home = f"{app.config.root_doc}.html"
    title = html.escape(app.config.html_title or app.config.project or "")
    language = html.escape(app.config.language or "en")
    policy = "default-src 'none'; base-uri 'none'; form-action 'none'"
    (Path(app.outdir) / "index.html").write_text(
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8" />\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}" />\n'
        f'<meta http-equiv="Refresh" content="0; url={html.escape(home)}" />\n<title>{title}</title>\n</head>\n'
        f'<body>\n<main><p><a href="{html.escape(home)}">{title or "Open the course"}</a></p></main>\n</body>\n</html>\n',
        encoding="utf-8")
