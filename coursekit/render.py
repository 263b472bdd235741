"""Turn a checked item into the HTML the static book carries.

The page gets one ``<div class="ck-quiz">`` holding the item as JSON in an attribute (for
``quiz.js`` to mount) and a plain, escaped copy of the content that shows without script and
in print (``_static/print.css``): every step or question with its choices lettered, then, under
"Discuss", the feedback for each choice, the endings, the right answers. Every piece of content
goes through ``html.escape``: YAML is data, never markup.
"""
from __future__ import annotations

import json
from html import escape


def item_json(item: dict) -> str:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def static_html(item: dict) -> str:
    fallback = _scenario_fallback(item) if item["kind"] == "scenario" else _quiz_fallback(item)
    return (f'<div class="ck-quiz" data-ck-id="{escape(item["id"])}" data-ck-item="{escape(item_json(item))}">'
            f'<div class="ck-fallback">{fallback}</div></div>')


def _list(texts) -> str:
    """Choices lettered a, b, c, so the feedback under "Discuss" can name them."""
    return '<ol type="a">' + "".join(f"<li>{escape(t)}</li>" for t in texts) + "</ol>"


def _paras(text: str) -> str:
    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def _discuss(items: list[str]) -> str:
    """The answers and feedback, for a group or a teacher to talk through (shown in print)."""
    return ('<div class="ck-discuss"><p class="ck-discuss-title"><strong>Discuss</strong></p><ul>'
            + "".join(f"<li>{item}</li>" for item in items) + "</ul></div>")


def _letter(i: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[i]


OUTCOME_WORDS = {"good": "Good ending", "mixed": "Mixed ending", "poor": "Poor ending"}


def _scenario_fallback(item: dict) -> str:
    """The situation, every step a learner can reach with its choices, then the feedback."""
    order, todo = [], [item["start"]]
    while todo:  # steps in the order a learner meets them
        name = todo.pop(0)
        if name in item["steps"] and name not in order:
            order.append(name)
            todo += [c["next"] for c in item["steps"][name]["choices"]]
    number = {name: n for n, name in enumerate(order, 1)}
    ending_names = [name for step in order for c in item["steps"][step]["choices"]
                    for name in [c["next"]] if name in item["endings"]]
    ending_names = list(dict.fromkeys(ending_names)) + [e for e in item["endings"] if e not in ending_names]

    def leads_to(name: str) -> str:
        if name in number:
            return f"go to step {number[name]}"
        return OUTCOME_WORDS[item["endings"][name]["outcome"]].lower()

    def key(name: str, i: int) -> str:  # choice b of step 2 is "2b"; with one step, just "b"
        return f"{number[name]}{_letter(i)}" if len(order) > 1 else _letter(i)

    after = {name: [key(s, i) for s in order for i, c in enumerate(item["steps"][s]["choices"]) if c["next"] == name]
             for name in order}
    parts = [f'<p class="ck-kicker">What would you do?</p><p><strong>{escape(item["title"])}</strong></p>',
             _paras(item["situation"])]
    if item.get("chat"):
        chat = item["chat"]
        parts.append(_conversation(f'{CHAT_KINDS[chat["kind"]]}: {escape(chat["place"])}', chat["messages"]))
    discuss = []
    for name in order:
        step = item["steps"][name]
        came_from = f" (after {' or '.join(after[name])})" if after[name] else ""
        label = f"<strong>Step {number[name]}{came_from}.</strong> " if len(order) > 1 else ""
        parts.append(f'<p class="ck-step">{label}{escape(step["prompt"])}</p>'
                     f'{_list(c["text"] for c in step["choices"])}')
        for i, choice in enumerate(step["choices"]):
            verdict = "Good choice" if choice["good"] else "Not the best choice"
            discuss.append(f"<strong>{key(name, i)}. {verdict}:</strong> {escape(choice['feedback'])} "
                           f"<em>({leads_to(choice['next'])})</em>")
    for name in ending_names:
        ending = item["endings"][name]
        discuss.append(f"<strong>{OUTCOME_WORDS[ending['outcome']]}:</strong> {escape(ending['text'])}")
    return "".join(parts) + _discuss(discuss)


def _quiz_fallback(item: dict) -> str:
    parts = [f'<p class="ck-kicker">Knowledge check</p><p><strong>{escape(item["title"])}</strong></p>']
    if item.get("intro"):
        parts.append(_paras(item["intro"]))
    for n, question in enumerate(item["questions"], 1):
        parts.append(f'<p class="ck-step">{n}. {escape(question["prompt"])}</p>')
        if question["type"] == "evidence":
            parts.append(_evidence(question))
            continue
        options = question.get("options", [])
        shown = [options[i] for i in question["start_order"]] if question["type"] == "order" else options
        parts.append(_list(o["text"] for o in shown))
        if question["type"] == "order":
            letter = {id(o): _letter(i) for i, o in enumerate(shown)}
            right = ", ".join(letter[id(o)] for o in options)
            parts.append(_discuss([f"<strong>The right order: {right}.</strong>"]
                                  + [f"<strong>{letter[id(o)]}.</strong> {escape(o['feedback'])}" for o in options]))
            continue
        parts.append(_discuss([f"<strong>Right answer: {_letter(i)}. {escape(o['text'])}</strong> {escape(o['feedback'])}"
                               for i, o in enumerate(options) if o["correct"]]))
    return "".join(parts)


CHAT_KINDS = {"group-chat": "Group chat", "game-chat": "Game chat", "comments": "Comments",
              "direct-message": "Messages", "text-message": "Text messages"}


def _conversation(heading: str, messages: list) -> str:
    """Messages as a list: who, when, what; ``heading`` is markup made here from escaped parts."""
    def line(m):
        when = f' ({escape(m["time"])})' if m.get("time") else ""
        unsent = " <em>(typed, not sent yet)</em>" if m.get("unsent") else ""
        return f'<li><strong>{escape(m["sender"])}</strong>{when}: {escape(m["text"])}{unsent}</li>'
    return f'<div class="ck-print-chat"><p>{heading}</p><ul class="ck-print-messages">{"".join(map(line, messages))}</ul></div>'


LOG_LABELS = {"who": "Who sent it", "what": "What they said", "when": "When", "where": "Where"}


def _evidence(question: dict) -> str:
    """The mock messages, a blank log to fill in by hand, and what a complete log holds."""
    scene, log = question["scene"], question["log"]
    rows = "".join(f"<tr><th scope=\"row\">{label}</th><td></td></tr>" for label in LOG_LABELS.values())
    heading = f'{escape(scene["place"])} <span class="ck-address">{escape(scene["address"])}</span>'
    return (_conversation(heading, scene["messages"]) +
            f'<table class="ck-print-log"><caption>Your log</caption>{rows}'
            '<tr><th scope="row">Screenshot saved?</th><td></td></tr></table>'
            + _discuss([f"<strong>{LOG_LABELS[name]}:</strong> {escape(log[name]['feedback'])} "
                        f"<em>(for example: {escape(', '.join(log[name]['expect']))})</em>" for name in LOG_LABELS]
                       + [f"<strong>Screenshot:</strong> {escape(log['screenshot'])}"]))
