"""Printing: every lesson prints as a clean handout, and each tip sheet fits on one A4 page.

The print copy of each quiz (coursekit/render.py) is checked on its own; then lessons are
opened in Chromium with print media: navigation and buttons hidden, choices and "Discuss"
shown, teacher notes open; and printed to PDF.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import MINIBOOK, ROOT, copy_course, jupyter_book
from coursekit import load_course
from coursekit.render import static_html

LESSON = "book/pupils-7-11/if-someone-is-unkind.html"
EVIDENCE_LESSON = "book/staff/when-you-are-the-target.html"
TIP_SHEETS = ["book/tips/pupils.html", "book/tips/parents.html"]
HIDDEN_IN_PRINT = [".ck-header", ".ck-drawer", ".ck-page-contents", ".ck-notebook", ".ck-prev-next",
                   ".ck-footer", "button.toggle-button"]


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def pdf_text(pdf: bytes, tmp_path: Path) -> str | None:
    """The PDF's text, if poppler's pdftotext is installed (it is optional)."""
    if not shutil.which("pdftotext"):
        return None
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout


# --- The print copy of each item -----------------------------------------------------------------

@pytest.fixture(scope="module")
def course():
    return load_course(ROOT)


def fallback(item: dict) -> BeautifulSoup:
    return BeautifulSoup(static_html(item), "html.parser").select_one(".ck-fallback")


def test_a_scenario_prints_every_step_its_choices_and_the_feedback_to_discuss():
    item = load_course(MINIBOOK).items["game-chat"]
    copy = fallback(item)
    text = copy.get_text(" ")
    for step in item["steps"].values():
        assert step["prompt"] in text
        for choice in step["choices"]:
            assert choice["text"] in [li.get_text() for li in copy.select("ol > li")]
            assert choice["feedback"] in copy.select_one(".ck-discuss").get_text(" ")
    for ending in item["endings"].values():
        assert ending["text"] in copy.select_one(".ck-discuss").get_text(" ")
    assert copy.select_one(".ck-discuss-title").get_text(strip=True) == "Discuss"


def test_a_quiz_prints_its_options_and_the_right_answers_to_discuss():
    item = load_course(MINIBOOK).items["check"]
    copy = fallback(item)
    discussions = copy.select(".ck-discuss")
    assert len(discussions) == len(item["questions"])
    for question, discuss in zip(item["questions"], discussions):
        assert question["prompt"] in copy.get_text(" ")
        said = discuss.get_text(" ")
        for option in question.get("options", []):
            assert option["text"] in copy.get_text(" ")
            if option.get("correct") or question["type"] == "order":
                assert option["feedback"] in said


def test_an_evidence_question_prints_the_messages_and_a_log_to_fill_in(course):
    item = next(i for i in course.items.values()
                if any(q["type"] == "evidence" for q in i.get("questions", [])))
    question = next(q for q in item["questions"] if q["type"] == "evidence")
    copy = fallback(item)
    for message in question["scene"]["messages"]:
        assert message["text"] in copy.get_text(" ") and message["sender"] in copy.get_text(" ")
    rows = [th.get_text() for th in copy.select(".ck-print-log th")]
    assert rows == ["Who sent it", "What they said", "When", "Where", "Screenshot saved?"]
    assert question["log"]["screenshot"] in copy.select(".ck-discuss")[-1].get_text(" ")


def test_the_print_copy_escapes_content():
    item = load_course(MINIBOOK).items["game-chat"]
    first = item["steps"][item["start"]]
    first["choices"][0]["feedback"] = "<script>alert(1)</script> & <b>bold</b>"
    html = static_html(item)
    assert "<script>alert" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


# --- In the browser -------------------------------------------------------------------------------

def open_for_print(browser, url: str):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(url)
    page.wait_for_selector(".ck-quiz.ck-mounted")
    return page


@pytest.mark.browser
def test_a_lesson_prints_as_a_handout(browser, course_url, tmp_path):
    page = open_for_print(browser, f"{course_url}/{LESSON}")
    # On screen: the interactive card shows and the print copy stays hidden.
    assert page.locator(".ck-quiz .ck-button").first.is_visible()
    assert not page.locator(".ck-fallback").first.is_visible()
    notes = page.locator(".teacher-notes")
    assert not notes.get_by_text("Before you teach", exact=True).is_visible()  # a closed dropdown on screen

    page.emulate_media(media="print")
    for selector in HIDDEN_IN_PRINT:
        shown = [e for e in page.locator(selector).all() if e.is_visible()]
        assert shown == [], f"{selector} shows in print"
    assert not [b for b in page.locator(".ck-quiz button, .ck-quiz input").all() if b.is_visible()]
    copies = page.locator(".ck-fallback")
    assert copies.count() == page.locator(".ck-quiz").count() >= 3
    assert all(copy.is_visible() for copy in copies.all())
    assert page.locator(".ck-fallback ol li").first.is_visible()
    assert page.get_by_text("Discuss", exact=True).first.is_visible()
    # Teacher notes print open, by the stylesheet alone (no beforeprint script has run).
    assert notes.get_by_text("Before you teach", exact=True).is_visible()
    assert notes.locator("li").last.is_visible()

    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and pdf_pages(pdf) >= 2
    text = pdf_text(pdf, tmp_path)
    if text is not None:
        assert "Discuss" in text and "Teacher notes" in text and "Before you teach" in text
        assert "Search the course" not in text and "Previous" not in text
        assert "Childline" in text and "0800 1111" in text


@pytest.mark.browser
def test_an_evidence_question_prints_a_log_to_fill_in(browser, course_url):
    page = open_for_print(browser, f"{course_url}/{EVIDENCE_LESSON}")
    assert not page.locator(".ck-print-log").first.is_visible()  # not on screen
    page.emulate_media(media="print")
    log = page.locator(".ck-print-log").first
    assert log.is_visible() and log.get_by_text("Who sent it").is_visible()
    assert page.locator(".ck-print-messages li").first.is_visible()


@pytest.fixture(scope="module")
def tips_site(built_course, tmp_path_factory) -> Path:
    """The built course if it has the tip sheets; otherwise a quick build of just those pages."""
    if all((built_course / page).is_file() for page in TIP_SHEETS):
        return built_course
    copy = copy_course(tmp_path_factory.mktemp("tips"))
    (copy / "_toc.yml").write_text("format: jb-book\nroot: book/tips/pupils\nchapters:\n"
                                   "  - file: book/tips/parents\n  - file: book/your-school\n", encoding="utf-8")
    result = jupyter_book(copy, strict=False)  # pages outside this short TOC are warned about
    assert result.returncode == 0, result.stderr[-2000:]
    return copy / "_build" / "html"


@pytest.fixture(scope="module")
def tips_url(tips_site):
    import functools
    import http.server
    import threading

    from conftest import QuietHandler

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler,
                                                                                  directory=str(tips_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.browser
@pytest.mark.parametrize("sheet", TIP_SHEETS)
def test_each_tip_sheet_prints_on_one_a4_page(browser, tips_url, sheet, tmp_path):
    page = browser.new_page()
    page.goto(f"{tips_url}/{sheet}")
    page.emulate_media(media="print")
    tips = page.locator(".ck-tip-sheet ol > li")
    assert 8 <= tips.count() <= 10
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf_pages(pdf) == 1
    text = pdf_text(pdf, tmp_path)
    if text is not None:
        assert "999" in text and "101" in text and "0800 1111" in text


def printed_text(page) -> str:
    import io
    import unicodedata

    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    return unicodedata.normalize("NFKC", " ".join(" ".join(p.extract_text().split()) for p in pdf.pages))


@pytest.mark.browser
def test_a_pupil_worksheet_leaves_out_the_answers_and_the_teacher_copy_keeps_them(browser, course_url):
    page = browser.new_page(viewport={"width": 1200, "height": 900}, color_scheme="dark")  # printed from dark mode
    page.goto(f"{course_url}/{LESSON}")
    page.wait_for_selector(".ck-quiz.ck-mounted")
    page.evaluate("window.print = () => {}")  # the print window itself is the browser's; the page's part is tested
    prompt = page.locator(".ck-fallback .ck-step").first.inner_text()

    page.get_by_role("button", name="Print pupil worksheet").click()
    worksheet = printed_text(page)
    assert " ".join(prompt.split())[:40] in worksheet
    for answer in ("Discuss", "Right answer", "Good choice", "Teacher notes"):
        assert answer not in worksheet, f"the worksheet gives away {answer!r}"

    page.evaluate("document.documentElement.classList.remove('ck-print-worksheet')")
    page.get_by_role("button", name="Print teacher copy").click()
    teacher = printed_text(page)
    for answer in ("Discuss", "Right answer", "Teacher notes", "Before you teach"):
        assert answer in teacher

    page.emulate_media(media="print")  # black on white whatever the screen's colours
    notes = page.locator(".teacher-notes")
    assert notes.evaluate("e => getComputedStyle(e).backgroundColor") in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    assert notes.locator("p").last.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    page.close()
