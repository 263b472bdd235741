"""Moving around the course on the devices people use (coursekit/theme, coursekit/navigation.py).

A parent on a phone taps Menu, picks another track and comes back; a child follows Next to the
end of their track and never lands in another audience's; a teacher on a Chromebook finds the
menu as a column; anyone searches with one box and sees whom each result is for. Tested with
touch at 360×740 and 900×700, at 1366×768, over HTTP and from disk.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import BUILT, ROOT

SHOTS = ROOT / "_build" / "screenshots"
PHONE = {"width": 360, "height": 740}
TABLET = {"width": 900, "height": 700}
CHROMEBOOK = {"width": 1366, "height": 768}
TRACKS = ("pupils-7-11", "pupils-11-14", "pupils-14-16", "parents", "staff", "leaders")
PAGES = sorted(BUILT.glob("book/**/*.html")) if BUILT.is_dir() else []


def touch_page(browser, url: str, size: dict):
    context = browser.new_context(viewport=size, has_touch=True, is_mobile=size["width"] < 500)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url)
    return page


def open_menu(page):
    page.get_by_role("button", name="Menu", exact=True).tap()
    menu = page.locator("#ck-drawer")
    expect(menu).to_be_visible()
    expect(menu).to_be_in_viewport()
    return menu


class _Links(HTMLParser):
    """The rel=prev/next links and search boxes of one built page, read from its HTML."""

    def __init__(self):
        super().__init__()
        self.rel, self.search_boxes, self.sources = {}, 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("rel") in ("prev", "next"):
            self.rel[attrs["rel"]] = attrs["href"]
        if tag == "input" and attrs.get("type") == "search":
            self.search_boxes += 1
        if tag == "a" and re.search(r"_sources/.*\.(md|pdf)$|\.pdf$", attrs.get("href") or ""):
            self.sources.append(attrs["href"])


def links_of(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# --- from the built HTML (fast) -------------------------------------------------------------------

@pytest.mark.parametrize("track", TRACKS)
def test_next_stays_inside_the_track_and_ends_on_you_have_finished(built_course, track):
    start = built_course / "book" / track / "index.html"
    page, seen = start, []
    while page is not None:
        assert page.parent == start.parent, f"Next from {seen[-1].name} leaves the {track} track: {page}"
        seen.append(page)
        following = links_of(page).rel.get("next")
        page = (page.parent / following).resolve() if following else None
    assert seen[-1].name == "finished.html", f"the {track} track ends on {seen[-1].name}"
    assert "prev" not in links_of(start).rel, f"Previous on the {track} start leaves the track"
    assert len(seen) == len(list(start.parent.glob("*.html"))), "every page of the track is on the way"


def test_every_page_has_one_search_box_and_no_source_download(built_course):
    for path in PAGES + [built_course / "search.html"]:
        links = links_of(path)
        assert links.search_boxes == 1, f"{path.relative_to(built_course)}: {links.search_boxes} search boxes"
        assert links.sources == [], f"{path.relative_to(built_course)} offers {links.sources}"


def test_each_finished_page_links_back_to_its_start_and_progress(built_course):
    for track in TRACKS:
        html = (built_course / "book" / track / "finished.html").read_text(encoding="utf-8")
        assert 'href="index.html"' in html and 'href="progress.html"' in html, track


# --- in Chromium, as people use it ------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("host", ["http", "file"])
def test_a_parent_on_a_phone_opens_the_menu_goes_to_another_track_and_back(browser, course_url, host):
    base = course_url if host == "http" else BUILT.as_uri()
    page = touch_page(browser, f"{base}/book/parents/index.html", PHONE)
    menu = open_menu(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"phone-menu-open-{host}.png")
    menu.get_by_role("link", name="School staff").tap()
    expect(page).to_have_url(re.compile(r"/book/staff/index\.html$"))
    open_menu(page).get_by_role("link", name="Parents and carers").tap()
    expect(page).to_have_url(re.compile(r"/book/parents/index\.html$"))
    assert page.errors == []
    page.context.close()


@pytest.mark.browser
def test_the_menu_keeps_the_focus_closes_with_escape_and_gives_focus_back(browser, course_url):
    page = touch_page(browser, f"{course_url}/book/parents/talking-with-your-child.html", PHONE)
    menu = open_menu(page)
    for _ in range(12):  # Tab never leaves the open menu: the page behind it is inert
        page.keyboard.press("Tab")
        assert page.evaluate("document.getElementById('ck-drawer').contains(document.activeElement)")
    page.keyboard.press("Escape")
    expect(menu).not_to_be_in_viewport()
    expect(page.get_by_role("button", name="Menu", exact=True)).to_be_focused()
    page.context.close()


@pytest.mark.browser
def test_a_tablet_opens_the_menu_by_keyboard_and_the_page_contents_by_touch(browser, course_url):
    page = touch_page(browser, f"{course_url}/book/pupils-7-11/being-kind-online.html", TABLET)
    page.get_by_role("button", name="Menu", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#ck-drawer")).to_be_in_viewport()
    page.get_by_role("button", name="Close the menu").tap()
    expect(page.locator("#ck-drawer")).not_to_be_in_viewport()
    page.locator(".ck-page-contents summary").tap()
    expect(page.locator(".ck-page-contents li li a").first).to_be_visible()
    page.context.close()


@pytest.mark.browser
def test_on_a_chromebook_the_menu_is_a_column_with_the_readers_own_track_first(browser, course_url):
    page = touch_page(browser, f"{course_url}/book/pupils-7-11/posts-spread-fast.html", CHROMEBOOK)
    expect(page.get_by_role("button", name="Menu", exact=True)).to_be_hidden()
    menu = page.locator("#ck-drawer")
    expect(menu).to_be_visible()
    expect(menu.locator("h2").first).to_have_text("Pupils aged 7 to 11")
    expect(menu.locator('a[aria-current="page"]')).to_have_text("Posts spread fast")
    # A child sees no other audience's track, only where to get help; the track's name shows once.
    assert menu.get_by_text("Pupils aged 11 to 14").count() == 0
    assert menu.get_by_text("School staff").count() == 0
    expect(menu.get_by_role("link", name="Get help now")).to_be_visible()
    assert menu.get_by_text("Pupils aged 7 to 11", exact=True).count() == 1
    page.context.close()


@pytest.mark.browser
def test_a_child_follows_next_to_the_end_of_their_track_on_a_phone(browser, course_url):
    page = touch_page(browser, f"{course_url}/book/pupils-7-11/index.html", PHONE)
    for _ in range(10):
        following = page.locator("a[rel=next]")
        if following.count() == 0:
            break
        with page.expect_navigation():
            following.tap()
        assert "/book/pupils-7-11/" in page.url
    expect(page.locator("h1")).to_contain_text(re.compile("You.ve finished"))
    page.screenshot(path=SHOTS / "phone-track-finished.png")
    page.get_by_role("link", name="See your progress").tap()
    expect(page).to_have_url(re.compile(r"/book/pupils-7-11/progress\.html$"))
    page.context.close()


@pytest.mark.browser
def test_every_audience_starts_on_a_phones_first_screen(browser, course_url):
    page = touch_page(browser, f"{course_url}/book/index.html", PHONE)
    page.screenshot(path=SHOTS / "phone-home.png")
    starts = page.locator(".ck-audiences a")
    expect(starts).to_have_count(6)
    hrefs = starts.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert [h.split("/")[0] for h in hrefs] == list(TRACKS), "in age order, then adults"
    for i in range(6):
        box = starts.nth(i).bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], f"{hrefs[i]} is below the first screen"
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("host", ["http", "file"])
def test_one_search_box_finds_pages_each_labelled_with_its_audience(browser, course_url, host):
    base = course_url if host == "http" else BUILT.as_uri()
    page = touch_page(browser, f"{base}/book/pupils-11-14/be-an-upstander.html", CHROMEBOOK)
    field = page.get_by_role("searchbox", name="Search the course")
    expect(field).to_have_count(1)
    field.fill("upstander")
    field.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=upstander"))
    results = page.locator("#search-results ul.search > li")
    expect(results.first).to_be_visible()
    expect(results.first.locator(".ck-search-part")).to_be_visible()
    labels = results.locator(".ck-search-part").all_text_contents()
    assert "Pupils aged 7 to 11" in labels and "Pupils aged 11 to 14" in labels
    assert page.errors == []
    page.context.close()


def test_the_theme_blocks_and_site_map_the_course_relies_on():
    """The course's layout extends Sphinx's basic theme and reads sphinx-external-toc's site map.
    If an upgrade renames what it extends, this fails in a second, before any page is built wrong."""
    import sphinx
    from sphinx_external_toc.api import SiteMap

    basic = (Path(sphinx.__file__).parent / "themes" / "basic" / "layout.html").read_text(encoding="utf-8")
    ours = (ROOT / "coursekit" / "theme" / "course" / "layout.html").read_text(encoding="utf-8")
    for block in re.findall(r"{%-? block (\w+)", ours):
        assert re.search(rf"{{%-? block {block}\b", basic), f"basic/layout.html has no block {block}"
    search = (Path(sphinx.__file__).parent / "themes" / "basic" / "search.html").read_text(encoding="utf-8")
    assert 'id="search-results"' in search or "search-results" in search
    assert hasattr(SiteMap, "root") and hasattr(SiteMap, "__getitem__")


def test_neighbours_and_other_parts_keep_a_child_in_their_own_track():
    from coursekit.navigation import Part, neighbours, other_parts

    pupils = Part("Pupils aged 7 to 11", ("book/pupils-7-11/index", "book/pupils-7-11/a", "book/pupils-7-11/finished"))
    parents = Part("Parents and carers", ("book/parents/index", "book/parents/finished"))
    help_pages = Part("Help and tools", ("book/get-help", "book/glossary"))
    parts = [pupils, parents, help_pages]
    assert neighbours(parts, "book/pupils-7-11/finished") == ("book/pupils-7-11/a", None)
    assert neighbours(parts, "book/parents/index") == (None, "book/parents/finished")
    assert neighbours(parts, "book/unknown") == (None, None)
    assert other_parts(parts, "book/pupils-7-11/a") == [help_pages], "a child sees only the help pages"
    assert other_parts(parts, "book/parents/index") == [pupils, help_pages]
