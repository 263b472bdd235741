"""Light, private pages: what goes into each page's ``<head>``.

Every page of the course loads only files from the course itself, only the ones it uses, and
carries a Content-Security-Policy that forbids network connections and anything from another
host. The theme is the course's own (``coursekit.theme``); Jupyter Book still loads extensions
whose files most pages never use, and this module takes those out:

- ``doctree-resolved``: thebe's configuration and its ``kernelName`` script, should thebe be
  loaded (it would fetch a kernel client from a CDN).
- ``html-page-context``: any script or style from another host or from thebe; the assets a page
  does not use (togglebutton's script on pages without teacher notes, sphinx-design on pages
  without its cards, code highlighting on pages without code, the search scripts and Sphinx's
  page options off the search page, myst-nb's notebook styles, which the course's outputs do not
  need); the course's stylesheets as one minified file (``_stylesheet_bundle``); then the page's CSP,
  first in ``metatags``, allowing the one inline script (``INLINE``, which sets the colours
  before the page is drawn) and any extension settings by their SHA-256 hash (``coursekit.csp``).
- ``build-finished``: the redirect at the top of the built course gets a policy too.
"""
from __future__ import annotations

import hashlib
import html
import os
import re
from pathlib import Path

import rcssmin
from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx

from .csp import content_security_policy

# The one inline script: it must run before the page is drawn (no flash of the wrong colours),
# which is why it is inline. It marks <html> with ck-js (so the menu becomes a drawer), and picks
# the colours the reader chose (course-theme.js stores "mode"), or else the system's.
INLINE = {
    "theme_mode": ('(() => {{\n'
                   '  let mode = "{mode}";\n'
                   '  try {{ mode = localStorage.getItem("mode") || mode; }} catch (e) {{}}\n'
                   '  const dark = mode === "dark" || (mode === "auto" && matchMedia("(prefers-color-scheme: dark)").matches);\n'
                   '  const root = document.documentElement;\n'
                   '  root.classList.add("ck-js");\n'
                   '  root.dataset.mode = mode;\n'
                   '  root.dataset.theme = dark ? "dark" : "light";\n'
                   '}})();'),
}

# The stylesheets every page uses, in the order Sphinx lists them, become one file
# (_stylesheet_bundle), linked where the first of them was: Sphinx's basic.css, the theme's, the
# teacher notes' toggles, the quiz component's, the course's pages', print.
BUNDLED = ("basic.css", "course-theme.css", "togglebutton.css", "quiz.css", "course.css", "print.css")
BUNDLE = "course-bundle.css"
CHARSET_OR_MAP = re.compile(r'@charset "[^"]*";|/\*# sourceMappingURL=[^*]*\*/')
CSS_URL = re.compile(r"""url\((['"]?)([^'")]+)\1\)""")

# Assets Sphinx or Jupyter Book's extensions add to every page, by file name: never, or only
# where the page uses them. Everything else a page lists stays.
NEVER = {"copybutton.css", "copybutton.js", "copybutton_funcs.js", "clipboard.min.js",  # learners copy no code
         "sphinx-thebe.css", "sphinx-thebe.js"}
NEVER_PREFIX = ("mystnb.",)  # myst-nb's notebook styles (mystnb.<digest>.css): the course's cells need none
PAGE_NEEDS = {
    # sphinx-togglebutton: the teacher-notes dropdowns (its selector: '.toggle, .admonition.dropdown')
    "togglebutton.js": lambda page: page.toggles,
    # sphinx-design: cards, grids, tabs, its dropdowns
    "sphinx-design.min.css": lambda page: page.design,
    "design-tabs.js": lambda page: page.design,
    # code highlighting: only pages that show code
    "pygments.css": lambda page: page.code,
    # Sphinx's search: only the search page (searchtools needs these)
    "documentation_options.js": lambda page: page.search,
    "doctools.js": lambda page: page.search,
    "sphinx_highlight.js": lambda page: page.search,
}
TOGGLE_SETTINGS = re.compile(r"\btoggle(buttonSelector|HintShow|HintHide|OpenOnPrint)\b")
STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
FOREIGN = re.compile(r"(https?:)?//")
VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\n?')


def setup(app: Sphinx) -> dict:
    # Every page links the stylesheet bundle by a digest: when what goes into it changes, Sphinx
    # must write every page again (an "html" config value that changes does that).
    app.add_config_value("coursekit_bundle_inputs", "", "html", types=[str])
    app.connect("config-inited", _note_bundle_inputs)
    app.connect("doctree-resolved", _drop_thebe_config, priority=900)
    app.connect("html-page-context", _keep_page_local)
    app.connect("html-page-context", _lighten_and_protect, priority=950)  # after every asset is added
    app.connect("build-finished", _write_front_door, priority=400)  # before sphinx-external-toc's
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _note_bundle_inputs(app: Sphinx, config) -> None:
    from . import assets, theme

    digest = hashlib.sha256()
    folders = [Path(app.srcdir) / "_static", theme.THEME / "static", assets.STATIC]
    for folder in folders:
        for name in BUNDLED:
            if (folder / name).is_file():
                digest.update((folder / name).read_bytes())
    config.coursekit_bundle_inputs = digest.hexdigest()


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


# --- only what the page uses -----------------------------------------------------------------------

def _stylesheet_bundle(app: Sphinx) -> tuple[str, str] | None:
    """The course's look in one file, made once per build from the files Sphinx has just copied.

    Relative url()s are rebased. Returns (path under the output folder, digest of the content),
    or None if the theme's stylesheet is not there (another theme, as in the fixture book).
    """
    cache = app.__dict__.setdefault("_ck_bundle", {})  # once per build
    if "bundle" not in cache:
        static = Path(app.outdir) / "_static"
        if not (static / "course-theme.css").is_file():
            cache["bundle"] = None
            return None
        parts = ['@charset "UTF-8";']
        for name in BUNDLED:
            source = static / name
            if source.is_file():
                text = CHARSET_OR_MAP.sub("", source.read_text(encoding="utf-8"))
                parts.append(f"/*! {name} */\n" + _rebase_urls(text, source.parent, static))
        # Minified: the comments that explain the sources are a third of the gzipped bundle.
        content = rcssmin.cssmin("\n".join(parts), keep_bang_comments=True).encode("utf-8")
        target = static / BUNDLE
        temporary = target.with_name(f".{target.name}.{os.getpid()}")
        temporary.write_bytes(content)
        os.replace(temporary, target)  # pages may be written by parallel processes
        cache["bundle"] = f"_static/{BUNDLE}", hashlib.sha256(content).hexdigest()[:20]
    return cache["bundle"]


def _rebase_urls(css: str, source: Path, target: Path) -> str:
    def rebase(match):
        url = match.group(2)
        if re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", url, re.I):
            return match.group(0)
        moved = os.path.relpath(source / url, target).replace(os.sep, "/")
        return f'url({match.group(1)}{moved}{match.group(1)})'
    return CSS_URL.sub(rebase, css)


class _Page:
    """What a page's body uses, as far as its <head> is concerned, read from its doctree."""

    def __init__(self, pagename: str, doctree):
        nodes_ = list(doctree.findall(nodes.Element)) if doctree is not None else []
        classes = {c for node in nodes_ for c in node.get("classes", ())}
        self.search = pagename == "search"
        self.code = any(isinstance(node, nodes.literal_block) for node in nodes_)
        self.design = any(c.startswith("sd-") for c in classes)
        # sphinx-togglebutton's selector: '.toggle, .admonition.dropdown' (teacher notes are dropdowns)
        self.toggles = bool({"toggle", "dropdown"} & classes)


def _needed(asset, page: _Page, bundled: bool) -> bool:
    filename = getattr(asset, "filename", None) or (asset if isinstance(asset, str) else "")
    if not filename:  # an inline script: keep it unless it only configures a dropped extension
        body = getattr(asset, "attributes", {}).get("body", "")
        return page.toggles or not TOGGLE_SETTINGS.search(body)
    name = Path(str(filename).split("?")[0]).name
    if name in NEVER or name.startswith(NEVER_PREFIX) or (bundled and name in BUNDLED):
        return False
    return PAGE_NEEDS.get(name, lambda _: True)(page)


def _lighten_and_protect(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    page = _Page(pagename, doctree)
    bundle = _stylesheet_bundle(app)
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if _needed(asset, page, bundled=bool(bundle))]
    # coursekit/theme/course/layout.html links it before the page's other stylesheets.
    context["ck_bundle"] = f"{context['pathto'](bundle[0], 1)}?digest={bundle[1]}" if bundle else None

    mode = context.get("default_mode") if context.get("default_mode") in ("light", "dark") else "auto"
    scripts = {"theme_mode": INLINE["theme_mode"].format(mode=mode)}
    context["ck_inline"] = {name: Markup(text) for name, text in scripts.items()}

    inline_bodies = [getattr(a, "attributes", {}).get("body", "") for a in context.get("script_files", [])
                     if not getattr(a, "filename", None) and not isinstance(a, str)]
    body = str(context.get("body") or "")
    policy = content_security_policy(scripts=[*scripts.values(), *filter(None, inline_bodies)],
                  handlers=[], styles=[],
                  style_attributes=[html.unescape(s) for s in STYLE_ATTRIBUTE.findall(body)])
    meta = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}" />\n'
    # docutils adds a second viewport tag to the one in Sphinx's basic layout: keep one.
    others = VIEWPORT.sub("", str(context.get("metatags") or ""))
    context["metatags"] = Markup(meta) + Markup(others)


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
