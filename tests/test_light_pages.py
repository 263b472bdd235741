"""Light, private pages (coursekit/light_pages.py and the course theme), in headless Chromium.

Every page of the built course: a Content-Security-Policy before anything it loads, nothing
from another host, no blocked script or style, at most 15 requests and 150 KB gzipped; axe
finds nothing (WCAG 2.0, 2.1, 2.2 A and AA, and best practice) in light mode or in dark mode.
A lesson opened straight from disk still works; a page cannot connect anywhere; the header
icons show and the colour switch, notebook download and teacher notes work.
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urlparse

import axe_playwright_python
import pytest
from playwright.sync_api import expect

from conftest import BUILT

pytestmark = pytest.mark.browser
LESSON = "book/pupils-11-14/someone-is-nasty-online.html"  # quizzes and teacher notes
AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PAGES = sorted(str(p.relative_to(BUILT)) for p in BUILT.glob("book/**/*.html")) if BUILT.is_dir() else []
MAX_REQUESTS, MAX_GZIPPED_KB = 15, 150

# Collected before any script of the page runs: every CSP violation, as the browser reports it.
WATCH_CSP = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation",
  e => window.cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
"""


def open_page(browser, url: str, *, theme: str | None = None, width: int = 1280, wait_until: str = "networkidle"):
    """A fresh browser context (empty cache, own storage) that records what the page does."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(WATCH_CSP)
    if theme:  # the theme switch stores the reader's choice here; pages read it before drawing
        context.add_init_script(f"if (!localStorage.getItem('mode')) {{ localStorage.setItem('mode', '{theme}');"
                                f" localStorage.setItem('theme', '{theme}'); }}")
    page = context.new_page()
    page.requests, page.responses, page.errors, page.console_errors = [], [], [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("requestfinished", lambda request: page.responses.append(request))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.goto(url, wait_until=wait_until)
    return page


def close(page) -> None:
    page.context.close()


def foreign(requests: list[str], base: str) -> list[str]:
    home = urlparse(base)
    return [u for u in requests if not (urlparse(u).scheme in ("file", "data", "blob", "about")
                                        or urlparse(u).netloc == home.netloc)]


def policy_of(page) -> dict[str, list[str]]:
    """The page's CSP meta, as {directive: sources}; it must come before anything the head loads."""
    first = page.evaluate("""() => {
        const metas = [...document.head.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]')];
        const loads = document.head.querySelector('script, link[rel~="stylesheet"], style, link[rel~="preload"]');
        return {count: metas.length, content: metas[0] ? metas[0].content : "",
                first: !!metas[0] && (!loads || !!(metas[0].compareDocumentPosition(loads) & Node.DOCUMENT_POSITION_FOLLOWING))};
    }""")
    assert first["count"] == 1, "one Content-Security-Policy <meta> in <head>"
    assert first["first"], "the policy comes before every script and stylesheet of the page"
    return {d.split()[0]: d.split()[1:] for d in first["content"].split(";") if d.strip()}


def gzipped_kb(responses) -> float:
    total = 0
    for request in responses:
        response = request.response()
        try:
            total += len(gzip.compress(response.body(), 6)) if response else 0
        except Exception:  # a redirect has no body
            pass
    return total / 1024


# --- every page: private and light ------------------------------------------------------------------

@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_policy_loads_only_its_own_files_and_is_light(browser, course_url, path):
    page = open_page(browser, f"{course_url}/{path}")
    policy = policy_of(page)
    assert policy["connect-src"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    for directive in ("script-src", "style-src", "img-src", "font-src"):
        assert policy[directive][0] == "'self'", directive
        allowed = r"'(sha256-[A-Za-z0-9+/=]+|unsafe-hashes)'" + ("|data:" if directive == "img-src" else "")
        others = [s for s in policy[directive][1:] if not re.fullmatch(allowed, s)]
        assert others == [], f"{directive} allows only the course itself, hashed inline code and data: images"
    assert "'unsafe-inline'" not in " ".join(policy.get("script-src", []))

    assert foreign(page.requests, course_url) == []
    assert page.evaluate("window.cspViolations") == []
    assert page.errors == [] and page.console_errors == []
    assert len(page.responses) <= MAX_REQUESTS, "\n".join(r.url for r in page.responses)
    assert gzipped_kb(page.responses) <= MAX_GZIPPED_KB
    close(page)


@pytest.mark.parametrize("host", ["http", "file"])
def test_the_front_door_has_a_policy_and_opens_the_course(browser, course_url, built_course, host):
    base = course_url if host == "http" else built_course.as_uri()
    front = (built_course / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'', front)
    page = open_page(browser, f"{base}/index.html")
    page.wait_for_url(re.compile(r"/book/index\.html$"))
    expect(page.get_by_role("heading", level=1, name="Safe and kind online")).to_be_visible()
    close(page)


@pytest.mark.parametrize("path", ["search.html?q=police", "genindex.html"])
def test_the_search_and_index_pages_have_a_policy_and_load_only_their_own_files(browser, course_url, path):
    page = open_page(browser, f"{course_url}/{path}")
    assert policy_of(page)["connect-src"] == ["'none'"]
    assert foreign(page.requests, course_url) == []
    assert page.evaluate("window.cspViolations") == []
    assert page.errors == [] and page.console_errors == []
    close(page)


def test_a_lesson_opened_from_disk_mounts_its_quizzes_with_no_console_errors(browser, built_course):
    page = open_page(browser, (built_course / LESSON).as_uri())
    expect(page.locator(".ck-quiz fieldset").first).to_be_visible()
    expect(page.locator("button.toggle-button").first).to_be_visible()  # teacher notes
    assert policy_of(page)["connect-src"] == ["'none'"]
    assert page.evaluate("window.cspViolations") == []
    assert page.errors == [] and page.console_errors == []
    assert [u for u in page.requests if not u.startswith("file://")] == []
    close(page)


@pytest.mark.parametrize("host", ["http", "file"])
def test_a_page_cannot_connect_anywhere(browser, course_url, built_course, host):
    base = course_url if host == "http" else built_course.as_uri()
    page = open_page(browser, f"{base}/{LESSON}")
    before = len(page.requests)
    outcomes = page.evaluate("""async () => {
        const tryFetch = url => fetch(url).then(() => "connected", () => "blocked");
        return [await tryFetch("index.html"), await tryFetch("https://example.org/"),
                await tryFetch("http://127.0.0.1:9/")];
    }""")
    assert outcomes == ["blocked", "blocked", "blocked"]
    assert page.requests[before:] == [], "a blocked connection never leaves the browser"
    assert any("connect-src" in v for v in page.evaluate("window.cspViolations"))
    close(page)


# --- accessibility, light and dark ----------------------------------------------------------------------

@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_nothing_in_light_or_dark_mode(browser, course_url, path):
    """Checked in light mode, then in dark after the colour switch is pressed, as a reader does."""
    page = open_page(browser, f"{course_url}/{path}", theme="light", wait_until="load")
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    # Through DevTools, which the page's policy does not govern: a <script> tag would be refused.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    problems = axe_problems(page)
    switch = page.locator(".ck-mode-button")
    while page.evaluate("document.documentElement.dataset.theme") != "dark":
        switch.click()
    assert problems == [] and axe_problems(page) == [], {"light": problems, "dark": axe_problems(page)}
    close(page)


def axe_problems(page) -> list[str]:
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
            for v in result["violations"]]


# --- the theme's controls work ----------------------------------------------------------------------

ICON_BOX = """el => {
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    return {width: box.width, height: box.height, mask: style.maskImage || style.webkitMaskImage,
            paint: style.backgroundColor};
}"""


def assert_icon_shows(icon, name: str) -> None:
    """Visible, with a box, drawn: an SVG mask painted in the text's colour (no icon font)."""
    expect(icon, name).to_be_visible()
    box = icon.evaluate(ICON_BOX)
    assert box["width"] > 0 and box["height"] > 0, name
    assert "url(" in box["mask"], name
    assert box["paint"] not in ("rgba(0, 0, 0, 0)", "transparent"), name


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_header_icons_show(browser, course_url, theme):
    page = open_page(browser, f"{course_url}/{LESSON}", theme=theme)
    header = page.locator(".ck-header")
    assert_icon_shows(header.locator(".ck-search .ck-icon-search"), "search")
    assert_icon_shows(header.locator(".ck-mode-button .ck-icon-mode"), "colours")
    page.set_viewport_size({"width": 390, "height": 800})  # a phone: the menu button
    assert_icon_shows(header.locator(".ck-menu-button .ck-icon-menu"), "menu")
    assert not [u for u in page.requests if "fontawesome" in u or u.endswith((".woff", ".woff2"))]
    close(page)


def test_the_colour_switch_toggles_light_and_dark(browser, course_url):
    page = open_page(browser, f"{course_url}/{LESSON}", theme="light")
    background = lambda: page.evaluate("getComputedStyle(document.body).backgroundColor")
    light = background()
    switch = page.locator(".ck-header .ck-mode-button")
    themes = []
    for _ in range(3):  # light -> dark -> auto
        switch.click()
        themes.append(page.evaluate("document.documentElement.dataset.theme"))
    assert "dark" in themes
    while page.evaluate("document.documentElement.dataset.theme") != "dark":
        switch.click()
    assert background() != light
    expect(switch).to_have_accessible_name(re.compile("Colours: dark"))
    page.reload(wait_until="networkidle")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark", "the choice is remembered"
    assert page.evaluate("window.cspViolations") == [] and page.errors == []
    close(page)


def test_the_notebook_download_and_teacher_notes_work(browser, course_url, built_course):
    page = open_page(browser, f"{course_url}/{LESSON}")
    # The lesson as a notebook for JupyterLab, and nothing else to download (no .md, no .pdf).
    download = page.locator(".ck-notebook a[download]")
    expect(download).to_have_count(1)
    href = download.get_attribute("href")
    assert href.endswith(".ipynb")
    assert (built_course / "book" / "pupils-11-14" / href).resolve().is_file()
    # Teacher notes open and close.
    notes = page.locator(".admonition.dropdown").first
    button = notes.locator("button.toggle-button")
    body = notes.locator(".admonition-title ~ *").first
    expect(body).to_be_hidden()
    button.click()
    expect(body).to_be_visible()
    assert page.evaluate("window.cspViolations") == [] and page.errors == []
    close(page)
