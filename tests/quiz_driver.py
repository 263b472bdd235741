"""Answer the course's quizzes in a real browser with the keyboard only, as a pupil would.

The right answers come from the content itself (``coursekit.load_course``), so the same
driver works for every scenario and knowledge check in the course.
"""
from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect


ECHO = re.compile(r"^\s*(?:yes|no|right|correct|good|not quite|not right|well done)[.!]\s+", re.I)


def without_echo(feedback: str) -> str:
    """Feedback as shown after a verdict: an opening "Yes." or "Good." would only repeat it."""
    return ECHO.sub("", " ".join(feedback.split()))


def status_of(scope: Locator) -> Locator:
    return scope.locator("[role=status]").last


def answer_scenario(quiz: Locator, item: dict, take_good: bool = True) -> list[str]:
    """Walk a scenario from the start to an ending; return what was announced at each step."""
    page = quiz.page
    announced, step_name = [], item["start"]
    while step_name in item["steps"]:
        step = item["steps"][step_name]
        wanted = next((i for i, c in enumerate(step["choices"]) if c["good"] == take_good), 0)
        fieldset = quiz.locator("fieldset").last
        expect(fieldset.locator("legend")).to_have_text(step["prompt"])
        pick_radio(fieldset, wanted)
        page.keyboard.press("Tab")
        expect(fieldset.get_by_role("button", name="Choose")).to_be_focused()
        page.keyboard.press("Enter")
        choice = step["choices"][wanted]
        verdict = "Good choice." if choice["good"] else "Not the best choice."
        expect(status_of(fieldset)).to_have_text(f"{verdict} {without_echo(choice['feedback'])}")
        announced.append(status_of(fieldset).inner_text())
        expect(fieldset.get_by_role("button", name="Continue")).to_be_focused()
        page.keyboard.press("Enter")
        step_name = choice["next"]
    ending = item["endings"][step_name]
    expect(quiz.locator(".ck-ending-title")).to_be_focused()
    expect(quiz.locator(".ck-ending-text")).to_have_text(" ".join(ending["text"].split()))
    return announced


def answer_quiz(quiz: Locator, item: dict) -> None:
    """Answer every question correctly with the keyboard and check each announcement."""
    page = quiz.page
    for n, question in enumerate(item["questions"]):
        fieldset = quiz.locator("fieldset.ck-question").nth(n)
        if question["type"] == "order":
            put_in_order(fieldset, question)
            button = "Check order"
        elif question["type"] == "evidence":
            fill_log(fieldset, question)
            button = "Check my log"
        else:
            right = [i for i, o in enumerate(question["options"]) if o["correct"]]
            if question["type"] == "multiple":
                tick_checkboxes(fieldset, right)
            else:
                pick_radio(fieldset, right[0])
                page.keyboard.press("Tab")
            button = "Check answer"
        expect(fieldset.get_by_role("button", name=button)).to_be_focused()
        page.keyboard.press("Enter")
        expect(status_of(fieldset)).to_have_text(re.compile(r"^Correct\."))
    total = len(item["questions"])
    expect(quiz.locator(".ck-summary")).to_have_text(f"You got {total} out of {total} right.")


def pick_radio(fieldset: Locator, index: int) -> None:
    """Focus the first radio, then arrow down to the wanted one (arrows select in a group)."""
    fieldset.locator("input[type=radio]").first.focus()
    page = fieldset.page
    page.keyboard.press("Space") if index == 0 else [page.keyboard.press("ArrowDown") for _ in range(index)]
    expect(fieldset.locator("input[type=radio]").nth(index)).to_be_checked()


def fill_log(fieldset: Locator, question: dict) -> None:
    """Type one expected entry into each field of the practice log, Tab by Tab, and tick the box."""
    page = fieldset.page
    fieldset.locator("input[type=text]").first.focus()
    for name in ("who", "what", "when", "where"):
        page.keyboard.type(question["log"][name]["expect"][0])
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(fieldset.locator("input[type=checkbox]")).to_be_checked()
    page.keyboard.press("Tab")


def tick_checkboxes(fieldset: Locator, wanted: list[int]) -> None:
    boxes = fieldset.locator("input[type=checkbox]")
    boxes.first.focus()
    for i in range(boxes.count()):
        if i in wanted:
            fieldset.page.keyboard.press("Space")
        fieldset.page.keyboard.press("Tab")


def put_in_order(fieldset: Locator, question: dict, then_check: bool = True) -> None:
    """Move each step up to its place with its "Move up" button, pressed with Enter."""
    page = fieldset.page
    texts = [o["text"] for o in question["options"]]
    for target, text in enumerate(texts):
        shown = fieldset.locator(".ck-order-text").all_inner_texts()
        moves = shown.index(text) - target
        if moves:
            fieldset.get_by_role("button", name=f"Move up: {text}").focus()
            for _ in range(moves):
                page.keyboard.press("Enter")
            expect(status_of(fieldset)).to_contain_text(f"is now step {target + 1} of {len(texts)}")
    assert fieldset.locator(".ck-order-text").all_inner_texts() == texts
    if then_check:
        fieldset.get_by_role("button", name="Check order").focus()


def answer_assessment(quiz: Locator, item: dict, right: int | None = None) -> list[str]:
    """Take one attempt: the first ``right`` drawn questions answered right (all by default), the
    rest wrong, then submit. Return the prompts of the questions this attempt drew."""
    start = quiz.get_by_role("button", name=re.compile(r"^(Start the assessment|Start a new attempt)$"))
    start.first.click()
    expect(quiz.locator(".ck-attempt-title")).to_be_focused()
    return answer_drawn_attempt(quiz, item, right)


def answer_drawn_attempt(quiz: Locator, item: dict, right: int | None = None) -> list[str]:
    """Answer the attempt on screen (see answer_assessment) and submit it."""
    by_prompt = {q["prompt"]: q for q in item["questions"]}
    fieldsets = quiz.locator("fieldset.ck-question")
    drawn = item["assessment"]["questions_per_attempt"]
    expect(fieldsets).to_have_count(drawn)
    prompts = []
    for n in range(drawn):
        fieldset = fieldsets.nth(n)
        prompt = fieldset.locator("legend").inner_text().split(": ", 1)[1]
        question = by_prompt[prompt]
        prompts.append(prompt)
        good = right is None or n < right
        if question["type"] == "order":
            if good:
                put_in_order(fieldset, question, then_check=False)
            continue
        options = question["options"]
        wanted = [o["text"] for o in options if o["correct"] == good]
        labels = fieldset.locator(".ck-option label").all_inner_texts()
        positions = [labels.index(text) for text in (wanted if good or question["type"] == "multiple" else wanted[:1])]
        if question["type"] == "multiple":
            tick_checkboxes(fieldset, positions)
        else:
            pick_radio(fieldset, positions[0])
    quiz.get_by_role("button", name="Submit my answers").click()
    expect(quiz.locator(".ck-result")).to_be_visible()
    return prompts


def quizzes_on(page: Page) -> Locator:
    return page.locator(".ck-quiz")


def answer_everything(page: Page, course) -> int:
    """Answer every quiz on the page; scenarios twice, the good way and then the poor way."""
    quizzes = quizzes_on(page)
    expect(quizzes.first.locator(".ck-title")).to_be_visible()
    for i in range(quizzes.count()):
        quiz = quizzes.nth(i)
        item = course.item(quiz.get_attribute("data-ck-id"))
        if item["kind"] == "scenario":
            announced = answer_scenario(quiz, item, take_good=True)
            assert all(a.startswith("Good choice.") for a in announced)
            quiz.get_by_role("button", name="Start again").press("Enter")
            announced = answer_scenario(quiz, item, take_good=False)
            assert announced[0].startswith("Not the best choice.")
        elif item.get("assessment"):
            answer_assessment(quiz, item)
            expect(quiz.locator(".ck-result")).to_contain_text("You passed.")
        else:
            answer_quiz(quiz, item)
    return quizzes.count()

