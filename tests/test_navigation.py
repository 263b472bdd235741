"""Moving around the course on the devices people use: the menu on a phone and a tablet.

A parent on a phone taps ☰, picks another track, and comes back; a pupil on a tablet opens the
page's contents. Tested with touch at 360×740 and 900×700, over HTTP and from disk.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import BUILT, ROOT

pytestmark = pytest.mark.browser
SHOTS = ROOT / "_build" / "screenshots"
PHONE = {"width": 360, "height": 740}
TABLET = {"width": 900, "height": 700}


def touch_page(browser, url: str, size: dict):
    context = browser.new_context(viewport=size, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url)
    return page


def open_menu(page):
    page.locator(".primary-toggle:visible").tap()
    menu = page.locator("#pst-primary-sidebar-modal")
    expect(menu).to_be_visible()
    return menu


@pytest.mark.parametrize("host", ["http", "file"])
def test_a_parent_on_a_phone_opens_the_menu_goes_to_another_track_and_back(browser, course_url, host):
    base = course_url if host == "http" else BUILT.as_uri()
    page = touch_page(browser, f"{base}/book/parents/index.html", PHONE)
    menu = open_menu(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"phone-menu-open-{host}.png")
    menu.get_by_role("link", name="School staff").first.tap()
    expect(page).to_have_url(re.compile(r"/book/staff/index\.html$"))
    open_menu(page).get_by_role("link", name="Parents and carers").first.tap()
    expect(page).to_have_url(re.compile(r"/book/parents/index\.html$"))
    assert page.errors == []
    page.context.close()


def test_the_menu_closes_with_escape_and_gives_focus_back(browser, course_url):
    page = touch_page(browser, f"{course_url}/book/parents/talking-with-your-child.html", PHONE)
    menu = open_menu(page)
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('primary-toggle')")
    page.context.close()


def test_a_tablet_opens_the_menu_and_the_page_contents_with_no_stuck_tooltip(browser, course_url):
    page = touch_page(browser, f"{course_url}/book/pupils-7-11/being-kind-online.html", TABLET)
    open_menu(page)
    page.keyboard.press("Escape")
    page.locator(".secondary-toggle:visible").tap()
    contents = page.locator("#pst-secondary-sidebar-modal")
    expect(contents).to_be_visible()
    expect(contents.get_by_role("link").first).to_be_visible()
    assert page.locator(".tooltip").count() == 0
    page.context.close()


def test_the_menu_buttons_have_spoken_names(browser, course_url):
    page = touch_page(browser, f"{course_url}/book/staff/index.html", PHONE)
    expect(page.locator(".primary-toggle:visible")).to_have_accessible_name("Open the menu")
    page.context.close()


def test_the_theme_code_the_menu_repair_relies_on():
    """course.js passes clicks to the first .primary-toggle because the theme wires only that one.
    If a theme upgrade wires every button, this fails: remove wireSidebarToggles from course.js."""
    import pydata_sphinx_theme

    script = Path(pydata_sphinx_theme.__file__).parent / "assets" / "scripts" / "pydata-sphinx-theme.js"
    source = script.read_text(encoding="utf-8")
    assert 'document.querySelector(".primary-toggle")' in source
    assert 'document.querySelector(".secondary-toggle")' in source
    page = (BUILT / "book" / "parents" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'class="[^"]*\bprimary-toggle\b', page)) == 2
