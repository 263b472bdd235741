"""Wherever the course teaches keeping screenshots as evidence, it also says what to do when the
picture is a nude or semi-nude: never copy, save or send it on, even as proof.

Saving a copy of a nude image of a child is itself an offence, and it spreads the harm; the
UKCIS advice for schools says never to view, copy, print or share one. A new lesson or scenario
that teaches screenshots must say so too, in words for its readers, or this test fails."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT

TEACHES_SCREENSHOTS = re.compile(
    r"screen[ -]?shot|screen ?grab|save proof|save it\b(?! as)|keep evidence"
    r"|\b(?:save|keep)(?: (?:the|your|their|his|her|any|all|a|every))? "
    r"(?:messages?|posts?|chats?|comments?|evidence|proof)\b", re.I)
NUDE = re.compile(r"\bnudes?\b|semi-nudes?|\bnaked\b|no clothes|without clothes|underwear"
                  r"|intimate (?:image|photo|picture|video)s?|sexual (?:image|photo|picture|video)s?", re.I)
DONT_COPY = re.compile(r"\b(?:never|not|don't|do not|no one should)\b[^.!?]{0,80}?"
                       r"\b(?:screenshot|save|copy|forward|send|share|print|keep)", re.I)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def states_the_rule(text: str) -> bool:
    """A sentence names a nude image and, in it or the next sentence, says not to copy it."""
    for paragraph in re.split(r"\n\s*\n", text):
        sentences = SENTENCE_END.split(" ".join(paragraph.split()))
        for i, sentence in enumerate(sentences):
            if NUDE.search(sentence) and DONT_COPY.search(" ".join(sentences[i:i + 2])):
                return True
    return False


def content_files():
    patterns = ["book/**/*.md", "scenarios/**/*.yml", "quizzes/**/*.yml", "book/_data/*.yml"]
    return sorted({p for pattern in patterns for p in ROOT.glob(pattern)})


def missing_the_rule(files) -> list[str]:
    missing = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        taught = TEACHES_SCREENSHOTS.search(text)
        if taught and not states_the_rule(text):
            line = text.count("\n", 0, taught.start()) + 1
            shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
            missing.append(f"{shown}:{line}: teaches \"{taught.group()}\" as evidence "
                           "but never says what to do if it is a nude or semi-nude image")
    return missing


def test_every_place_that_teaches_screenshots_states_the_nude_image_rule():
    assert missing_the_rule(content_files()) == []


@pytest.mark.parametrize("text, ok", [
    ("Take a screenshot that shows who sent it.", False),
    ("Save the messages. If it is a nude or semi-nude photo, never screenshot or forward it.", True),
    ("Keep evidence. If a picture shows someone with no clothes on, don't take a screenshot. Tell a grown-up.", True),
    ("Take a screenshot.\n\nNudes are harmful.\n\nNever share your password.", False),
    ("Screenshots help. It might be a nude photo. Do not save it: tell the DSL.", True),
])
def test_the_check_tells_the_rule_from_words_near_it(tmp_path, text, ok):
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    assert (missing_the_rule([page]) == []) is ok
