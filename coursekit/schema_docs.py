"""The schema as Markdown tables, so the authors' guide is generated from the code it describes."""
from __future__ import annotations

from . import schema

SHAPES = {
    "Scenario (a file in `scenarios/`)": schema.SCENARIO,
    "A step (under `steps:`, each with its own id)": schema.STEP,
    "A choice (in a step's `choices:` list)": schema.CHOICE,
    "An ending (under `endings:`, each with its own id)": schema.ENDING,
    "Quiz (a file in `quizzes/`)": schema.QUIZ,
    "A question (in a quiz's `questions:` list)": schema.QUESTION,
    "An answer option (in a question's `options:` list)": schema.OPTION,
    "A step to order (in an order question's `steps:` list)": schema.ORDER_STEP,
}


def field_table(shape: dict) -> str:
    rows = ["| key | needed? | what to write |", "| --- | --- | --- |"]
    for key, spec in shape.items():
        what = spec.help + (" — one of " + ", ".join(f"`{o}`" for o in spec.options) if spec.options else "")
        rows.append(f"| `{key}` | {'yes' if spec.required else 'optional'} | {what} |")
    return "\n".join(rows)


def schema_markdown() -> str:
    return "\n\n".join(f"**{title}**\n\n{field_table(shape)}" for title, shape in SHAPES.items())
