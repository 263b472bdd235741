"""The messages a story turns on, drawn as the app they happen in: a list that says who, when
and what, with the reader's own messages on the right, in print and in dark mode too."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from coursekit import load_course
from coursekit.render import static_html


@pytest.fixture(scope="module")
def course():
    return load_course(ROOT)


def chats(course):
    return {i: item for i, item in course.items.items() if item.get("chat")}


def test_every_track_draws_the_messages_its_stories_turn_on(course):
    audiences = {f"{item['track']} {item.get('age_band', '')}".strip() for item in chats(course).values()}
    assert audiences >= {"pupils 7-11", "pupils 11-14", "pupils 14-16", "parents", "staff", "leaders"}


def test_a_story_does_not_tell_its_messages_twice(course):
    for item_id, item in chats(course).items():
        situation = " ".join(item["situation"].split())
        for message in item["chat"]["messages"]:
            assert " ".join(message["text"].split()) not in situation, f"{item_id}: {message['text']!r} is in the situation too"


def test_the_plain_copy_lists_each_message_escaped(course):
    item_id, item = next(iter(chats(course).items()))
    evil = {**item, "chat": {**item["chat"], "messages": [{"sender": "<b>x</b>", "time": "4pm", "text": "<script>1</script>"}]}}
    html = static_html(evil)
    assert "&lt;script&gt;1&lt;/script&gt;" in html and "<script>1" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def lesson_showing(course, item_id):
    return next(l for l in course.lessons if item_id in l.items)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_a_7_to_11_story_shows_its_chat_on_a_phone(browser, course_url, course, scheme):
    item_id, item = next((i, it) for i, it in chats(course).items() if it.get("age_band") == "7-11")
    lesson = lesson_showing(course, item_id)
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True,
                                  color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{course_url}/{lesson.path.relative_to(ROOT).with_suffix('.html')}")
    chat = page.locator(f'.ck-quiz[data-ck-id="{item_id}"] figure.ck-chat')
    expect(chat.locator("figcaption")).to_contain_text(item["chat"]["place"])
    bubbles = chat.locator("li.ck-chat-message")
    messages = item["chat"]["messages"]
    expect(bubbles).to_have_count(len(messages))
    for bubble, message in zip(bubbles.all(), messages):
        expect(bubble).to_contain_text(message["sender"])
        expect(bubble.locator(".ck-chat-text")).to_have_text(" ".join(message["text"].split()))
        if message.get("time"):
            expect(bubble).to_contain_text(message["time"])
    box = chat.bounding_box()
    assert box["width"] <= 360 and box["x"] >= 0  # fits the phone's screen
    reader = item["chat"].get("reader")
    if reader:
        mine = [b for b, m in zip(bubbles.all(), messages) if m["sender"] == reader]
        theirs = [b for b, m in zip(bubbles.all(), messages) if m["sender"] != reader]
        if mine and theirs:  # the reader's own messages sit on the right
            assert mine[0].bounding_box()["x"] > theirs[0].bounding_box()["x"]
    chat.scroll_into_view_if_needed()
    page.screenshot(path=ROOT / "_build" / "screenshots" / f"chat-7-11-{scheme}.png")
    context.close()


@pytest.mark.browser
def test_a_printed_lesson_lists_its_chat(browser, course_url, course):
    item_id, item = next(iter(chats(course).items()))
    lesson = lesson_showing(course, item_id)
    page = browser.new_page()
    page.goto(f"{course_url}/{lesson.path.relative_to(ROOT).with_suffix('.html')}")
    page.emulate_media(media="print")
    printed = page.locator(f'.ck-quiz[data-ck-id="{item_id}"] .ck-fallback .ck-print-chat')
    expect(printed).to_be_visible()
    expect(printed).to_contain_text(re.sub(r"\s+", " ", item["chat"]["messages"][0]["text"]))
    page.close()
