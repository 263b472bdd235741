"""Final assessments that can be failed: submitted once, marked after, retaken with new questions."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from coursekit import load_course
from quiz_driver import answer_assessment, answer_drawn_attempt

pytestmark = pytest.mark.browser
ASSESSMENTS = {"staff-final-assessment": "book/staff/final-assessment", "leaders-assessment": "book/leaders/assessment"}


@pytest.fixture(scope="module")
def course():
    return load_course(ROOT)


@pytest.mark.parametrize("item_id", ASSESSMENTS)
def test_the_bank_is_half_as_big_again_and_the_page_states_the_pass_mark(course, item_id):
    item = course.item(item_id)
    rules = item["assessment"]
    drawn = rules["questions_per_attempt"]
    assert len(item["questions"]) * 2 >= drawn * 3
    assert rules["pass_percent"] == 80 and rules["pass_mark"] * 100 >= drawn * 80 > (rules["pass_mark"] - 1) * 100
    page = (ROOT / f"{ASSESSMENTS[item_id]}.md").read_text(encoding="utf-8")
    assert f"The pass mark is 80%: {rules['pass_mark']} of the {drawn} questions." in page


def open_assessment(browser, course_url, item_id, classroom=False):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    if classroom:
        page.goto(f"{course_url}/book/index.html")
        page.evaluate("sessionStorage.setItem('ck:classroom', 'on')")
    page.goto(f"{course_url}/{ASSESSMENTS[item_id]}.html")
    return page, page.locator(f'.ck-quiz[data-ck-id="{item_id}"]')


def test_answers_are_marked_only_on_submit_and_locked_after(browser, course_url, course):
    item = course.item("staff-final-assessment")
    rules = item["assessment"]
    page, quiz = open_assessment(browser, course_url, "staff-final-assessment")
    expect(quiz.locator(".ck-rules")).to_contain_text(f"Pass mark: {rules['pass_mark']} of {rules['questions_per_attempt']} (80%).")
    quiz.get_by_role("button", name="Start the assessment").click()
    first = quiz.locator("fieldset.ck-question").first
    radios = first.locator("input[type=radio], input[type=checkbox]")
    if radios.count():
        radios.first.check()
    expect(quiz.get_by_role("button", name="Check answer")).to_have_count(0)
    expect(quiz.locator(".ck-note:visible, .ck-feedback.ck-good, .ck-feedback.ck-poor")).to_have_count(0)
    quiz.get_by_role("button", name="Submit my answers").click()
    expect(quiz.locator("[role=status]").last).to_contain_text("Answer every question before you submit. Still to answer:")
    page.reload()  # an attempt in progress survives a reload, and still cannot be submitted half done
    expect(quiz.get_by_role("button", name="Submit my answers")).to_be_visible()
    page.close()

    page, quiz = open_assessment(browser, course_url, "staff-final-assessment")
    page.evaluate("localStorage.clear()")
    page.reload()
    answer_assessment(quiz, item, right=2)
    expect(quiz.locator(".ck-result")).to_contain_text(f"You scored 2 out of {rules['questions_per_attempt']}")
    expect(quiz.locator(".ck-result")).to_contain_text("Not passed this time.")
    inputs = quiz.locator("fieldset.ck-question input")
    assert inputs.count() and inputs.count() == quiz.locator("fieldset.ck-question input:disabled").count()
    expect(quiz.locator("fieldset.ck-question button:enabled")).to_have_count(0)  # no reordering after submit
    expect(quiz.locator("fieldset.ck-question [role=status]").first).to_have_text(
        __import__("re").compile(r"^(Correct|Not quite)\."))
    # Every question answered wrongly with one choice now names its right answer.
    for fieldset in quiz.locator("fieldset.ck-question").all():
        status = fieldset.locator("[role=status]").inner_text()
        if status.startswith("Not quite") and fieldset.locator("input[type=radio]").count():
            right = fieldset.locator(".ck-note.ck-good", has_text="The right answer.")
            expect(right).to_have_count(1)
            assert right.locator("xpath=..").locator("input").is_checked() is False
    page.reload()
    expect(quiz.locator(".ck-result")).to_contain_text("Not passed this time.")
    assert quiz.locator("fieldset.ck-question input:enabled").count() == 0
    page.close()


def test_a_failed_attempt_then_a_passed_retake_with_other_questions(browser, course_url, course):
    item = course.item("leaders-assessment")
    rules = item["assessment"]
    drawn, bank = rules["questions_per_attempt"], len(item["questions"])
    page, quiz = open_assessment(browser, course_url, "leaders-assessment")
    page.evaluate("localStorage.clear()")
    page.reload()
    first = answer_assessment(quiz, item, right=rules["pass_mark"] - 1)
    expect(quiz.locator(".ck-result")).to_contain_text("Not passed this time.")
    option_order = quiz.locator("fieldset.ck-question").first.locator("label").all_inner_texts()
    second = answer_assessment(quiz, item)
    expect(quiz.locator(".ck-result")).to_contain_text("You passed.")
    expect(quiz.locator(".ck-attempts")).to_have_text(
        f"Attempts: 2 · first score: {rules['pass_mark'] - 1} · best score: {drawn} of {drawn}.")
    assert len(set(second) - set(first)) >= min(drawn, bank - drawn)  # the questions left out last time come first
    assert first != second or option_order != quiz.locator("fieldset.ck-question").first.locator("label").all_inner_texts()
    page.goto(f"{course_url}/book/leaders/progress.html")
    expect(page.locator(".ck-progress-list")).to_contain_text(f"Score {drawn} of {drawn} (passed)")
    page.close()


def test_no_classroom_mode_or_hands_up_on_an_assessment(browser, course_url, course):
    """Not offered on the page; and even with the mode forced on, an assessment draws no Hands-up
    counters and holds back no marks."""
    item = course.item("staff-final-assessment")
    page, quiz = open_assessment(browser, course_url, "staff-final-assessment", classroom=True)
    page.evaluate("localStorage.clear()")
    page.reload()
    expect(page.locator(".ck-classroom-switch")).to_have_count(0)
    page.evaluate("document.documentElement.classList.add('ck-classroom'); courseQuiz.rerenderAll()")
    answer_assessment(quiz, item, right=item["assessment"]["questions_per_attempt"])
    expect(quiz.locator(".ck-result")).to_contain_text("You passed.")
    expect(page.locator(".ck-hands")).to_have_count(0)
    expect(page.get_by_role("button", name="Reveal")).to_have_count(0)
    page.close()


def test_a_second_tab_cannot_reopen_a_submitted_attempt(browser, course_url, course):
    """Two tabs on the same assessment: once one submits, the other shows the marks, locked."""
    item = course.item("staff-final-assessment")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    first, second = context.new_page(), context.new_page()
    for page in (first, second):
        page.goto(f"{course_url}/{ASSESSMENTS['staff-final-assessment']}.html")
    quiz = lambda page: page.locator('.ck-quiz[data-ck-id="staff-final-assessment"]')
    second.evaluate("localStorage.clear()")
    quiz(second).get_by_role("button", name="Start the assessment").click()
    expect(quiz(first).get_by_role("button", name="Submit my answers")).to_be_visible()  # the same attempt
    answer_drawn_attempt(quiz(first), item)
    expect(quiz(second).locator(".ck-result")).to_contain_text("You scored")
    assert quiz(second).locator("fieldset.ck-question input:enabled").count() == 0
    context.close()
