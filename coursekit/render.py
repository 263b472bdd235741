"""Turn a checked item into the HTML the static book carries.

The page gets one ``<div class="ck-quiz">`` holding the item as JSON in an attribute (for
``quiz.js`` to mount) and a plain, escaped copy of the content that shows without script and
in print. Every piece of content goes through ``html.escape``: YAML is data, never markup.
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
    return "<ol>" + "".join(f"<li>{escape(t)}</li>" for t in texts) + "</ol>"


def _paras(text: str) -> str:
    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def _scenario_fallback(item: dict) -> str:
    first = item["steps"][item["start"]]
    return (f'<p class="ck-kicker">What would you do?</p><p><strong>{escape(item["title"])}</strong></p>'
            f'{_paras(item["situation"])}<p>{escape(first["prompt"])}</p>'
            f'{_list(c["text"] for c in first["choices"])}')


def _quiz_fallback(item: dict) -> str:
    parts = [f'<p class="ck-kicker">Knowledge check</p><p><strong>{escape(item["title"])}</strong></p>']
    for n, question in enumerate(item["questions"], 1):
        options = question.get("options", [])
        if question["type"] == "order":
            options = [options[i] for i in question["start_order"]]
        if question["type"] == "evidence":
            scene = question["scene"]
            options = [{"text": f'{m["sender"]} ({m["time"]}): {m["text"]}'} for m in scene["messages"]]
            parts.append(f'<p>{n}. {escape(question["prompt"])} ({escape(scene["place"])}, '
                         f'{escape(scene["address"])})</p>{_list(o["text"] for o in options)}')
            continue
        parts.append(f'<p>{n}. {escape(question["prompt"])}</p>{_list(o["text"] for o in options)}')
    return "".join(parts)
