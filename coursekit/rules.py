"""Rules that span several fields of one item: audiences, branching, and question types.

Each rule reads the normalised item from ``schema.Checker.check`` plus the raw YAML value (for
line numbers) and reports through the same checker, so messages look the same everywhere.
"""
from __future__ import annotations

import hashlib
import math

from .schema import Checker
from .yamlfile import line_of


def check_audience(item: dict, raw, checker: Checker) -> None:
    band, track = item.get("age_band"), item.get("track")
    if track == "pupils" and not band and "age_band" not in raw:  # a wrong band is the schema's to report
        checker.error(line_of(raw, "track"), "a pupil item has no `age_band`",
                      "add `age_band: 7-11`, `age_band: 11-14` or `age_band: 14-16`")
    if band and track and track != "pupils":
        checker.error(line_of(raw, "age_band"), f"`age_band` is only for pupil items, not `{track}`",
                      "delete the `age_band:` line")


def check_chat(item: dict, raw, checker: Checker) -> None:
    """The reader is one of the senders; only the last message may be still unsent."""
    chat = item.get("chat")
    if not chat or not chat.get("messages"):
        return
    raw_chat = raw.get("chat") if isinstance(raw, dict) else None
    raw_messages = raw_chat.get("messages") if isinstance(raw_chat, dict) else None
    senders = [m.get("sender") for m in chat["messages"]]
    if chat.get("reader") and chat["reader"] not in senders:
        checker.error(line_of(raw_chat, "reader"), f"`reader: {chat['reader']}` sends none of the messages",
                      "use one of the senders: " + ", ".join(f"`{s}`" for s in dict.fromkeys(senders) if s))
    for i, message in enumerate(chat["messages"]):
        where = line_of(raw_messages, i, line_of(raw_chat, "messages"))
        if message.get("unsent") and i != len(chat["messages"]) - 1:
            checker.error(where, f"message {i + 1} is `unsent`, but messages come after it",
                          "only the last message can be one still being typed")
        if not message.get("unsent") and not message.get("time"):
            checker.error(where, f"message {i + 1} has no `time`", "add `time:`, e.g. `time: 4:15pm`")


def check_scenario(item: dict, raw, checker: Checker) -> None:
    check_chat(item, raw, checker)
    steps, endings = item.get("steps", {}), item.get("endings", {})
    raw_steps = raw.get("steps") if isinstance(raw, dict) else None
    for name in steps.keys() & endings.keys():
        checker.error(line_of(raw.get("endings"), name), f"`{name}` is both a step and an ending",
                      "give the ending a different id")
    targets = steps.keys() | endings.keys()
    start = item.get("start")
    if start and start not in steps:
        checker.error(line_of(raw, "start"), f"`start: {start}` is not one of the steps",
                      _pick(start, steps))
    for name, step in steps.items():
        choices = step.get("choices", [])
        raw_choices = raw_steps[name].get("choices") if isinstance(raw_steps[name], dict) else None
        for i, choice in enumerate(choices):
            target = choice.get("next")
            if target and target not in targets:
                checker.error(line_of(raw_choices[i], "next", line_of(raw_steps, name)),
                              f"choice {i + 1} of step `{name}` leads to `{target}`, which does not exist",
                              _pick(target, targets))
        for i, choice in enumerate(choices):
            if choice.get("tempting") and choice.get("good"):
                checker.error(line_of(raw_choices[i], "tempting", line_of(raw_steps, name)),
                              f"choice {i + 1} of step `{name}` is marked both `tempting` and `good`",
                              "`tempting: true` is for an attractive choice that is not good; set `good: false` or remove it")
        if choices and not any(c.get("good") for c in choices):
            checker.error(line_of(raw_steps, name), f"step `{name}` has no good choice",
                          "mark at least one choice `good: true` so learners can see a good way forward")
    if start in steps and not checker.errors:
        _check_paths(start, steps, endings, raw, checker)
    if endings and not any(e.get("outcome") == "good" for e in endings.values()):
        checker.error(line_of(raw, "endings"), "no ending has `outcome: good`",
                      "add an ending that shows what a good outcome looks like")


def _check_paths(start: str, steps: dict, endings: dict, raw, checker: Checker) -> None:
    """Every step must be reachable from the start, and an ending reachable from every step."""
    raw_steps, raw_endings = raw.get("steps"), raw.get("endings")
    edges = {name: [c["next"] for c in step.get("choices", []) if "next" in c]
             for name, step in steps.items()}
    reached, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo.extend(edges.get(name, []))
    for name in steps.keys() - reached:
        checker.error(line_of(raw_steps, name), f"step `{name}` cannot be reached from `{start}`",
                      f"point a choice's `next:` at `{name}`, or delete the step")
    for name in endings.keys() - reached:
        checker.error(line_of(raw_endings, name), f"ending `{name}` cannot be reached",
                      f"point a choice's `next:` at `{name}`, or delete the ending")
    finishing = set(endings)
    changed = True
    while changed:  # grow the set of steps from which some ending can be reached
        changed = False
        for name, targets in edges.items():
            if name not in finishing and any(t in finishing for t in targets):
                finishing.add(name)
                changed = True
    for name in sorted(reached & steps.keys() - finishing):
        checker.error(line_of(raw_steps, name), f"from step `{name}` no ending can ever be reached",
                      "make at least one choice on this path lead to an ending")


def check_quiz(item: dict, raw, checker: Checker) -> dict:
    """Check each question's type-specific fields and return the item in render form."""
    seen = set()
    raw_questions = raw.get("questions") if isinstance(raw, dict) else None
    questions = []
    for i, question in enumerate(item.get("questions", [])):
        raw_q = raw_questions[i] if isinstance(raw_questions, list) else None
        line = line_of(raw_questions, i, line_of(raw, "questions"))
        if question.get("id") in seen:
            checker.error(line, f"question id `{question['id']}` is used twice in this quiz",
                          "give each question its own id, e.g. q1, q2, q3")
        seen.add(question.get("id"))
        questions.append(_question(question, raw_q, line, f"{item.get('id')}:{question.get('id')}", checker))
    out = {**item, "questions": questions}
    if "questions_per_attempt" in item.get("assessment", {}):
        out["assessment"] = _check_assessment(item, raw, checker)
    return out


PASS_PERCENT = 80  # an assessment is passed with 80% of an attempt's questions right
BANK_SHARE = 1.5  # a bank holds at least this many times the questions an attempt draws, so a retake differs
ASSESSED_TYPES = ("single", "multiple", "true-false", "order")


def _check_assessment(item: dict, raw, checker: Checker) -> dict:
    """An assessment's bank must be big enough for a fresh retake and hold only markable questions."""
    drawn = item["assessment"]["questions_per_attempt"]
    bank = item.get("questions", [])
    raw_rules = raw.get("assessment") if isinstance(raw, dict) else None
    needed = math.ceil(drawn * BANK_SHARE)
    if len(bank) < needed:
        checker.error(line_of(raw_rules, "questions_per_attempt", line_of(raw, "assessment")),
                      f"the bank holds {len(bank)} questions, but an attempt draws {drawn}",
                      f"write {needed - len(bank)} more question(s) (the bank needs at least {needed}, one and a "
                      f"half times the attempt), or lower `questions_per_attempt`")
    raw_questions = raw.get("questions") if isinstance(raw, dict) else None
    for i, question in enumerate(bank):
        if question.get("type") not in ASSESSED_TYPES:
            checker.error(line_of(raw_questions, i, line_of(raw, "questions")),
                          f"question `{question.get('id')}` is `{question.get('type')}`, which an assessment cannot mark",
                          "use a " + ", ".join(f"`{t}`" for t in ASSESSED_TYPES) + " question in an assessment")
    return {"questions_per_attempt": drawn, "pass_mark": math.ceil(drawn * PASS_PERCENT / 100),
            "pass_percent": PASS_PERCENT}


NEEDS = {
    "single": ("options",),
    "multiple": ("options",),
    "true-false": ("answer", "if_true", "if_false"),
    "order": ("steps",),
    "evidence": ("scene", "log"),
}


def _question(question: dict, raw, line: int, seed: str, checker: Checker) -> dict:
    kind = question.get("type")
    if kind not in NEEDS:
        return question
    for key in NEEDS[kind]:
        if key not in question:
            checker.error(line, f"{'an' if kind[0] in 'aeiou' else 'a'} `{kind}` question needs `{key}`", f"add `{key}:` to question `{question.get('id')}`")
    for key in {k for ks in NEEDS.values() for k in ks} - set(NEEDS[kind]):
        if isinstance(raw, dict) and key in raw:
            checker.error(line_of(raw, key), f"`{key}` does not belong in a `{kind}` question",
                          f"delete it, or change `type:` to one that uses `{key}`")
    options = question.get("options", [])
    right = sum(1 for o in options if o.get("correct"))
    if kind == "single" and options and right != 1:
        checker.error(line_of(raw, "options", line), f"a single-choice question has {right} right answers",
                      "mark exactly one option `correct: true`, or use `type: multiple`")
    if kind == "multiple" and options and right == 0:
        checker.error(line_of(raw, "options", line), "no option is marked `correct: true`",
                      "mark every right answer `correct: true`")
    return _render_form(question, seed)


def _render_form(question: dict, seed: str) -> dict:
    """One shape for the front end: every question has ``options``; order questions a start order."""
    kind = question.get("type")
    out = {k: v for k, v in question.items() if k not in ("answer", "if_true", "if_false", "steps")}
    if kind == "true-false" and {"answer", "if_true", "if_false"} <= question.keys():
        out["options"] = [
            {"text": "True", "correct": question["answer"] is True, "feedback": question["if_true"]},
            {"text": "False", "correct": question["answer"] is False, "feedback": question["if_false"]},
        ]
    if kind == "order" and question.get("steps"):
        out["options"] = question["steps"]
        out["start_order"] = scrambled(len(question["steps"]), seed)
    return out


def scrambled(n: int, seed: str) -> list[int]:
    """A fixed order of ``range(n)`` that is never the right one, the same on every build."""
    keyed = sorted(range(n), key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest())
    if keyed == sorted(keyed):
        keyed = keyed[1:] + keyed[:1]
    return keyed


def _pick(name: str, names) -> str:
    names = sorted(names)
    return "use one of " + ", ".join(f"`{n}`" for n in names[:8]) if names else "add the step it should lead to"
