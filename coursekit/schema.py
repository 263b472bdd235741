"""The content schema: the one place that says what a scenario or a quiz may contain.

Each shape is a table of fields. ``check`` walks a value read by ``yamlfile`` against a shape,
collects every problem as a ``ContentError`` (with the line and a fix) and returns the value
normalised to plain JSON-ready data. The rules that span fields (branching, question types)
live in ``rules.py``; the rules that span files live in ``course.py``.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .errors import ContentError
from .yamlfile import line_of

TRACKS = ("pupils", "parents", "staff", "leaders")
AGE_BANDS = ("7-11", "11-14", "14-16")
QUESTION_TYPES = ("single", "multiple", "true-false", "order", "evidence")
OUTCOMES = ("good", "mixed", "poor")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Links in text are shown as links only for these; anything else that looks like one is refused.
UNSAFE_LINK = re.compile(r"\b(?:(javascript|vbscript|data):(?=\S)|(?!https?://)([a-z][a-z0-9+.-]*)://)", re.I)
MAX_TEXT = 1500


@dataclass(frozen=True)
class Field:
    """One key of a shape: text, texts, slug, slugs, bool, int, choice, object, list or map."""

    kind: str
    help: str
    required: bool = True
    options: tuple = ()
    shape: dict | None = None
    min_items: int = 0
    max_items: int = 0


def text(help: str, required: bool = True) -> Field:
    return Field("text", help, required)


COMMON = {
    "id": Field("slug", "a unique id in lowercase-with-hyphens, e.g. `nasty-comment-in-game`"),
    "title": text("the short title learners see"),
    "track": Field("choice", "the audience", options=TRACKS),
    "age_band": Field("choice", "the pupils' age band (pupil items only)", False, options=AGE_BANDS),
    "guidance": Field("slugs", "the ids of the guidance points it checks, from guidance-map.yml",
                      min_items=1),
    "minutes": Field("int", "roughly how many minutes it takes", False),
}

CHOICE = {
    "text": text("what the learner could do"),
    "good": Field("bool", "`true` if this is a good thing to do, `false` if not"),
    "feedback": text("why this is or is not a good choice (never a bare 'wrong')"),
    "next": Field("slug", "the id of the step or ending this choice leads to"),
    "tempting": Field("bool", "`true` for the choice many learners are drawn to but is not good", False),
}

STEP = {
    "prompt": text("the question at this point, e.g. 'What should Sam do now?'"),
    "choices": Field("list", "2 to 4 choices", shape=CHOICE, min_items=2, max_items=4),
}

ENDING = {
    "outcome": Field("choice", "how well it went", options=OUTCOMES),
    "text": text("what happened, and what a good outcome looks like"),
}

MESSAGE = {
    "sender": text("the username shown on the message"),
    "time": text("the date and time shown, e.g. `Tue 14 May, 9:42pm`"),
    "text": text("what the message says"),
}

CHAT_KINDS = ("group-chat", "game-chat", "comments", "direct-message", "text-message")

CHAT_MESSAGE = {
    **MESSAGE,
    "time": text("the time shown, e.g. `4:15pm` or `Tue 9:42pm` (none for an unsent message)", False),
    "unsent": Field("bool", "`true` for a message typed but not sent yet (the last one only)", False),
}

CHAT = {
    "kind": Field("choice", "where the messages are", options=CHAT_KINDS),
    "place": text("the name of the group, game, post or person, e.g. `Year 5 football`"),
    "reader": text("whose screen it is: their messages are drawn on the right (a sender's name)", False),
    "messages": Field("list", "1 to 8 messages, oldest first", shape=CHAT_MESSAGE, min_items=1, max_items=8),
}

SCENARIO = {
    **COMMON,
    "situation": text("the situation, told in a few lines"),
    "chat": Field("object", "the messages the story turns on, drawn as the app they happen in", False,
                  shape=CHAT),
    "start": Field("slug", "the id of the first step"),
    "steps": Field("map", "the decision points, each under its own id", shape=STEP, min_items=1),
    "endings": Field("map", "the endings, each under its own id", shape=ENDING, min_items=1),
}

OPTION = {
    "text": text("the answer as the learner sees it"),
    "correct": Field("bool", "`true` for a right answer, `false` otherwise"),
    "feedback": text("why this answer is right or not"),
}

ORDER_STEP = {
    "text": text("one step, as the learner sees it"),
    "feedback": text("why this step comes at this point"),
}

SCENE = {
    "place": text("where it happened, e.g. `Class group chat: 8B Football`"),
    "address": text("the web address shown, e.g. `https://chat.example/groups/8b-football`"),
    "messages": Field("list", "1 to 6 messages", shape=MESSAGE, min_items=1, max_items=6),
}

LOG_ENTRY = {
    "expect": Field("texts", "words a good log must contain; any one of them counts"),
    "feedback": text("why this belongs in the log, shown if the learner leaves it out"),
}

LOG_FIELDS = ("who", "what", "when", "where")
LOG = {
    **{name: Field("object", f"what counts as recording `{name}`", shape=LOG_ENTRY) for name in LOG_FIELDS},
    "screenshot": text("why to save a screenshot, shown if the learner does not tick it"),
}

QUESTION = {
    "id": Field("slug", "an id unique within this quiz, e.g. `q1`"),
    "type": Field("choice", "the kind of question", options=QUESTION_TYPES),
    "prompt": text("the question"),
    "guidance": Field("slugs", "guidance point ids this question checks", False),
    "options": Field("list", "2 to 6 answers (single and multiple)", False, shape=OPTION,
                     min_items=2, max_items=6),
    "answer": Field("bool", "`true` or `false` (true-false questions)", False),
    "if_true": text("feedback when the learner picks True (true-false)", False),
    "if_false": text("feedback when the learner picks False (true-false)", False),
    "steps": Field("list", "3 to 6 steps in the right order (order questions)", False,
                   shape=ORDER_STEP, min_items=3, max_items=6),
    "scene": Field("object", "the mock messages to record (evidence questions)", False, shape=SCENE),
    "log": Field("object", "what a complete evidence log holds (evidence questions)", False, shape=LOG),
}

ASSESSMENT = {
    "questions_per_attempt": Field("int", "how many questions one attempt draws from the bank, e.g. `18`"),
}

QUIZ = {
    **COMMON,
    "intro": text("a line before the questions", False),
    "assessment": Field("object", "makes the quiz an assessment: each attempt draws questions from the bank, "
                        "is submitted once, and passes at 80%", False, shape=ASSESSMENT),
    "questions": Field("list", "the questions (an assessment's bank may hold up to 60)", shape=QUESTION, min_items=1, max_items=60),
}

GUIDANCE_POINT = {
    "id": Field("slug", "a stable id, e.g. `children-dont-retaliate`"),
    "group": Field("choice", "the part of the guidance it comes from",
                   options=("prevent", "respond", "children", "parents", "staff")),
    "audiences": Field("slugs", "who it addresses", options=TRACKS, min_items=1),
    "summary": text("the point in one sentence, in our own words"),
}

GUIDANCE_MAP = {
    "points": Field("list", "the guidance points", shape=GUIDANCE_POINT, min_items=1),
}


@dataclass
class Checker:
    """Collects errors for one file while values are checked against shapes."""

    path: str
    errors: list = field(default_factory=list)

    def error(self, line: int, problem: str, fix: str) -> None:
        self.errors.append(ContentError(self.path, line, problem, fix))

    def check(self, value, shape: dict, where: str, line: int = 1):
        """Return ``value`` normalised against ``shape``; problems go to ``self.errors``."""
        if not isinstance(value, dict):
            self.error(line_of(value, default=line), f"{where} should be a set of `key: value` lines",
                       f"write it with keys such as {_keys(shape)}")
            return {}
        out = {}
        for key in value:
            if key not in shape:
                self.error(line_of(value, key), f"unknown key `{key}` in {where}", _suggest(key, shape))
        for key, spec in shape.items():
            if key not in value or value[key] is None:
                if spec.required:
                    self.error(line_of(value), f"{where} is missing `{key}`",
                               f"add `{key}:` with {spec.help}")
                continue
            checked = self._value(value[key], spec, f"`{key}` in {where}", line_of(value, key))
            if checked is not None:
                out[key] = checked
        return out

    def _value(self, value, spec: Field, where: str, line: int):
        kind = spec.kind
        if kind == "text":
            if not isinstance(value, str) or not value.strip():
                return self._wrong(line, where, "some text", spec)
            link = UNSAFE_LINK.search(value)
            if link:
                self.error(line, f"{where} has a `{link.group(1) or link.group(2)}:` link",
                           "links may only start with https://, http:// or mailto:")
            if len(value) > MAX_TEXT:
                self.error(line, f"{where} is {len(value)} characters long",
                           f"keep it under {MAX_TEXT}; split long text into steps")
            return " ".join(value.split()) if "\n" not in value.strip() else value.strip()
        if kind == "bool":
            return value if isinstance(value, bool) else self._wrong(line, where, "`true` or `false`", spec)
        if kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 600
            return value if ok else self._wrong(line, where, "a whole number from 1 to 600", spec)
        if kind == "slug":
            return self._slug(value, where, line, spec)
        if kind == "choice":
            if value not in spec.options:
                return self._wrong(line, where, "one of " + ", ".join(f"`{o}`" for o in spec.options), spec)
            return value
        if kind == "slugs":
            return self._slugs(value, where, line, spec)
        if kind == "texts":
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
                return self._wrong(line, where, "a list of words, like `[jay_k09, Jay]`", spec)
            return [" ".join(v.split()) for v in value]
        if kind == "object":
            return self.check(value, spec.shape, where, line)
        if kind == "list":
            return self._list(value, where, line, spec)
        if kind == "map":
            return self._map(value, where, line, spec)
        raise AssertionError(f"unknown field kind {kind}")

    def _wrong(self, line: int, where: str, expected: str, spec: Field) -> None:
        self.error(line, f"{where} should be {expected}", f"give {spec.help}")

    def _slug(self, value, where: str, line: int, spec: Field):
        if isinstance(value, str) and SLUG.match(value):
            return value
        return self._wrong(line, where, "an id in lowercase letters, digits and hyphens", spec)

    def _slugs(self, value, where: str, line: int, spec: Field):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or len(value) < spec.min_items:
            return self._wrong(line, where, "a list like `[first-id, second-id]`", spec)
        out = []
        for i, item in enumerate(value):
            item_line = line_of(value, i, line)
            if spec.options and item not in spec.options:
                self._wrong(item_line, where, "made of " + ", ".join(f"`{o}`" for o in spec.options), spec)
            elif self._slug(item, where, item_line, spec):
                out.append(item)
        return out

    def _list(self, value, where: str, line: int, spec: Field):
        if not isinstance(value, list):
            return self._wrong(line, where, "a list, one `- ` item per line", spec)
        if not spec.min_items <= len(value) <= (spec.max_items or len(value)):
            self.error(line, f"{where} has {len(value)} item{'' if len(value) == 1 else 's'}", f"give {spec.help}")
        return [self.check(item, spec.shape, f"item {i + 1} of {where}", line_of(value, i, line))
                for i, item in enumerate(value)]

    def _map(self, value, where: str, line: int, spec: Field):
        if not isinstance(value, dict) or len(value) < spec.min_items:
            return self._wrong(line, where, "a set of entries, each under its own id", spec)
        out = {}
        for key, item in value.items():
            if self._slug(key, f"the id `{key}` in {where}", line_of(value, key), spec):
                out[key] = self.check(item, spec.shape, f"`{key}`", line_of(value, key))
        return out


def _keys(shape: dict) -> str:
    return ", ".join(f"`{k}`" for k, f in shape.items() if f.required)


def _suggest(key: str, shape: dict) -> str:
    close = difflib.get_close_matches(str(key), list(shape), n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return "remove it; the keys allowed here are " + ", ".join(f"`{k}`" for k in shape)
