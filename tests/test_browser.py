"""The built course in headless Chromium, as pupils and teachers will meet it.

Over HTTP and straight from disk (file://): every quiz on the lesson is answered with the
keyboard, its spoken feedback checked, and every request the page makes is recorded (none
may go to another host). axe-core checks every page in light and dark mode in
tests/test_light_pages.py, and every pupil lesson in classroom mode in tests/test_learner_journey.py.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import axe_playwright_python
import pytest
from playwright.sync_api import expect

from conftest import BUILT, ROOT
from coursekit import load_course
from quiz_driver import answer_everything, quizzes_on

pytestmark = pytest.mark.browser
LESSON = "book/pupils-11-14/someone-is-nasty-online.html"
SHOTS = ROOT / "_build" / "screenshots"
AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def course():
    return load_course(ROOT)


def open_page(browser, url: str, width: int = 1280):
    """A fresh page that records every request it makes."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.requests = []
    page.errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url)
    return page


def foreign(requests: list[str], base: str) -> list[str]:
    """Requests to anywhere but the course itself."""
    home = urlparse(base)
    return [u for u in requests
            if not (urlparse(u).scheme in ("file", "data", "blob", "about")
                    or urlparse(u).netloc == home.netloc)]


@pytest.mark.parametrize("host", ["http", "file"])
def test_lesson_can_be_answered_by_keyboard_with_no_other_host(browser, course_url, course, host):
    base = course_url if host == "http" else BUILT.as_uri()
    page = open_page(browser, f"{base}/{LESSON}")
    count = answer_everything(page, course)
    assert count >= 3, "the lesson has two scenarios and a knowledge check"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"lesson-answered-{host}.png", full_page=True)
    assert page.errors == []
    assert foreign(page.requests, base) == []
    page.close()


QUIZ_PAGES = sorted(str(p.relative_to(BUILT)) for p in BUILT.glob("book/**/*.html")
                    if 'class="ck-quiz"' in p.read_text(encoding="utf-8")) if BUILT.is_dir() else []


@pytest.mark.parametrize("path", QUIZ_PAGES)
def test_every_quiz_in_the_course_can_be_answered_by_keyboard(browser, course_url, course, path):
    page = open_page(browser, f"{course_url}/{path}")
    assert answer_everything(page, course) >= 1
    assert page.errors == []
    assert foreign(page.requests, course_url) == []
    page.close()


def test_a_phone_sized_screen_shows_the_quiz_without_sideways_scrolling(browser, course_url):
    page = open_page(browser, f"{course_url}/{LESSON}", width=390)
    quiz = quizzes_on(page).first
    expect(quiz.locator("fieldset").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "lesson-phone.png", full_page=False)
    page.close()


def test_landing_page_sends_each_audience_to_its_track(browser, course_url):
    page = open_page(browser, f"{course_url}/book/index.html")
    main = page.locator("main")
    for track in ("pupils-11-14", "pupils-14-16", "pupils-7-11", "parents", "staff", "leaders"):
        assert main.locator(f'a[href*="{track}/index.html"]').count() >= 1, track
    for number in ("999", "101", "0800 1111"):
        expect(main).to_contain_text(number)
    page.close()
