"""Markup typed into content stays text in the browser; only web, mail and phone addresses become links."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import MINIBOOK

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SCRIPT = "<script>window.hacked = 1</script>"
IMAGE = '<img src=x onerror="window.hacked = 2">'


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory) -> Path:
    book = tmp_path_factory.mktemp("hostile") / "book"
    shutil.copytree(MINIBOOK, book)
    scenario = book / "scenarios" / "game-chat.yml"
    text = scenario.read_text(encoding="utf-8")
    text = text.replace("title: Name-calling in a game", f"title: '{IMAGE} Name-calling'")
    text = text.replace("Sam is playing an online game after school.", f"Sam types {SCRIPT} in the chat.")
    text = text.replace("Blocking stops the messages, and a trusted adult can help.",
                        "Blocking helps. Read more at https://help.example/blocking or email mailto:help@school.example. "
                        "Childline is on 0800 1111 and childline.org.uk.")
    scenario.write_text(text, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(book), str(book / "_build")],
                   check=True, cwd=book, capture_output=True)
    return book / "_build" / "index.html"


def test_markup_in_content_is_shown_as_text_and_never_runs(browser, hostile_book):
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(hostile_book.as_uri())
    quiz = page.locator(".ck-quiz").first
    expect(quiz.locator(".ck-title")).to_have_text(f"{IMAGE} Name-calling")
    expect(quiz.locator(".ck-situation")).to_contain_text(SCRIPT)
    assert quiz.locator("img, script").count() == 0
    assert page.evaluate("window.hacked") is None and dialogs == []
    page.close()


def test_only_web_mail_and_phone_addresses_become_links(browser, hostile_book):
    page = browser.new_page()
    page.goto(hostile_book.as_uri())
    quiz = page.locator(".ck-quiz").first
    quiz.get_by_label("Block the player and tell a grown-up at home.").check()
    quiz.get_by_role("button", name="Choose").click()
    links = quiz.locator("[role=status] a")
    expect(links).to_have_count(4)
    assert [links.nth(i).get_attribute("href") for i in range(4)] == \
        ["https://help.example/blocking", "mailto:help@school.example", "tel:08001111", "https://childline.org.uk"]
    page.close()
